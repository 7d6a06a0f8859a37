// Reading a results.json back (for `report` and `repro`): the inverse of results_json.h. Every
// problem names the file and the JSON pointer of the field; nothing throws.
#pragma once

#include <string>

#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

inline constexpr size_t kMaxResultsFileBytes = 512 * 1024 * 1024;

Result<RunRecord> read_results_json(const std::string& path);

}  // namespace blobconform::report
