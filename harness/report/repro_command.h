// The command that re-runs one instance from a run's results.json, as the reports print it.
#pragma once

#include <string>

namespace blobconform::report {

// What the reports print when the caller does not say where results.json was written.
inline constexpr const char* kDefaultResultsJson = "results.json";

// "blobconform repro results.json abort-copy/lease/x"; an argument a shell would split or
// expand is single-quoted, so the line can be pasted as it is.
std::string repro_command(const std::string& results_json, const std::string& instance_id);

}  // namespace blobconform::report
