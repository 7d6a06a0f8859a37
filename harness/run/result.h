// How an instance ended (case-format §7), with the evidence a person needs to see why.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "harness/check/expectation.h"
#include "harness/transport/message.h"

namespace blobconform::run {

enum class ResultKind { Pass, Fail, NonStrict, Info, Skip, Inconclusive, Error };

const char* result_name(ResultKind kind);  // "PASS", "NON-STRICT", ...
bool parse_result_name(const std::string& name, ResultKind& kind);

// One exchange as the reports show it: secrets already redacted.
struct RecordedExchange {
  std::string phase;    // setup, request, then, cleanup, race-check, or retry (a repeat after a retryable failure)
  std::string pointer;  // the step in its file
  transport::Exchange exchange;
  int attempts = 1;     // > 1 when the step was polled or retried
};

struct InstanceResult {
  std::string id;  // instance id
  std::string case_id;
  std::string group;
  std::string file;
  std::string description;
  std::string level;
  std::vector<std::string> tags;
  std::string spec_url;
  std::string requirement;  // the spec quote the case checks
  std::string version;      // the x-ms-version sent
  std::string container;

  ResultKind result = ResultKind::Error;
  std::string reason;    // one line: why this result
  std::string expected;  // what the case asked for (describe())
  std::string actual;    // what came back (describe())
  std::vector<check::Mismatch> mismatches;
  std::vector<RecordedExchange> exchanges;
  std::chrono::milliseconds duration{0};
};

}  // namespace blobconform::run
