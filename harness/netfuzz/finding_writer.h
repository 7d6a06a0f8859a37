// A finding as a ready-to-commit regression case (`<dir>/regressions/<name>.json`, group
// `regressions/<name>`), plus the request's bytes as sent (`<name>.bin`, signatures redacted) for
// `blobconform replay`. The case sets up what the fuzzer used (fuzz_fixture.h), sends the
// minimized request through the same raw-form step, and expects what the oracle demands, so it
// fails against the server that produced the finding and passes against one without the fault.
#pragma once

#include <string>

#include "harness/cases/case_model.h"
#include "harness/netfuzz/fuzz_run.h"
#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::netfuzz {

struct FindingRecord {
  const Finding* finding = nullptr;
  const cases::Step* step = nullptr;   // the minimized request, as a raw-form step
  const transport::Request* sent = nullptr;  // what went out (secrets are redacted when written)
  uint64_t seed = 0;
};

// The finding's name: fuzz-<oracle>-<8 hex of the minimized request>.
std::string finding_name(const Finding& finding, const cases::Step& step);

// Writes both files; returns the case file's path, the bytes file's in `bytes_file`.
Result<std::string> write_finding(const std::string& findings_dir, const FindingRecord& record, std::string& bytes_file);

// The raw-form step as case JSON (method, path, raw_query, headers, raw_headers, body, auth).
nlohmann::json step_json(const cases::Step& step);

}  // namespace blobconform::netfuzz
