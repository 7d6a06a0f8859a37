// Reading a results.json back (for `report` and `repro`): the inverse of results_json.h. Every
// problem names the file and the JSON pointer of the field; nothing throws.
#pragma once

#include <string>
#include <string_view>

#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

inline constexpr size_t kMaxResultsFileBytes = 512 * 1024 * 1024;

Result<RunRecord> read_results_json(const std::string& path);
// The same from text; `name` stands for the file in errors.
Result<RunRecord> parse_results_json(std::string_view text, const std::string& name);

}  // namespace blobconform::report
