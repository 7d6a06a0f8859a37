// results.json: every instance with its result, timing and redacted exchanges, plus the run's
// identity (harness version, target and its Server header).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

inline constexpr int kResultsFormat = 1;

nlohmann::json results_json(const RunRecord& record);
nlohmann::json instance_json(const run::InstanceResult& result);
// instance_json on one line (bytes that are not UTF-8 replaced): what events.ndjson writes while
// the run goes and keeps in RunRecord::instance_texts, so results.json does not serialize it again.
std::string instance_text(const run::InstanceResult& result);
Result<void> write_results_json(const RunRecord& record, const std::string& path);

}  // namespace blobconform::report
