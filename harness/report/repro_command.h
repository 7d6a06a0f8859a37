// The command that re-runs one instance from a run's results.json, as the reports print it.
#pragma once

#include <string>

#include "harness/report/run_record.h"
#include "harness/transport/message.h"

namespace blobconform::report {

// What the reports print when the caller does not say where results.json was written.
inline constexpr const char* kDefaultResultsJson = "results.json";
// The --target argument a reproduce line carries when the run's target was not the default: the
// user's own variable, never the connection string itself.
inline constexpr const char* kTargetFromEnvironment = "--target \"$AZURE_STORAGE_CONNECTION_STRING\"";

// A word a shell passes as it is: single-quoted when it would be split or expanded.
std::string shell_word(const std::string& text);

// "build/blobconform repro results.json abort-copy/lease/x --target "$AZURE_STORAGE_CONNECTION_STRING"":
// the program as the run was invoked, and the target argument the run needed, so the line can be
// pasted as it is.
std::string repro_command(const RunRecord& record, const std::string& results_json, const std::string& instance_id);

// The request as a curl command line, to send it again by hand: `origin` ("https://host") before
// the request's target; the redacted Authorization signature and SAS `sig` become the shell
// variables $SIGNATURE and $SIG, which the user sets (the suite never prints them).
std::string curl_command(const transport::Request& request, const std::string& origin);

}  // namespace blobconform::report
