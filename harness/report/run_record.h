// Everything the reports say about one run: identity, target, selection, and every result.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/run/result.h"

namespace blobconform::report {

struct RunRecord {
  std::string harness_version;
  std::string run_id;
  std::string started;  // ISO 8601
  std::string finished;
  std::chrono::milliseconds duration{0};
  std::string target;         // Target::describe(): never the key
  std::string target_server;  // the Server header the target answered with
  std::string latest_version;
  std::vector<std::string> case_dirs;
  std::vector<std::string> filters;
  std::vector<std::string> tags;
  bool strict = false;
  bool stopped_early = false;
  bool failed_fast = false;  // stopped early by --fail-fast, after a failure: exit 1, not 4
  std::vector<run::InstanceResult> results;
  // Instance id -> its results.json entry as events.ndjson wrote it (results_json.h instance_text);
  // an instance without one is serialized when results.json is written.
  std::map<std::string, std::string> instance_texts;
  // The baseline the gate used, and for each instance whose result it expected, its reason.
  std::string baseline_file;
  std::map<std::string, std::string> known_deviations;  // instance id -> baseline reason
  // Instances the baseline expected to fail that did not: "FAIL: <the baseline's reason>".
  std::map<std::string, std::string> unexpected_passes;
  // How to run the program again, for the reproduce lines: the program as it was invoked, and the
  // --target argument to give (a variable's name, never a connection string), "" for the default.
  std::string program = "blobconform";
  std::string target_argument;
};

std::map<run::ResultKind, size_t> count_results(const std::vector<run::InstanceResult>& results);

// The request as sent and the response, as text a person reads (already redacted).
std::string format_exchange(const run::RecordedExchange& recorded);

// The failure text: requirement, expected, actual, the request under test as sent.
std::string format_failure(const run::InstanceResult& result);

}  // namespace blobconform::report
