// `blobconform fuzz`: sends mutated requests (Abort Copy Blob most, and the other base operations of mutation.h:
// Copy Blob, Lease Blob, Get Blob Properties, Get Blob, Set Blob Metadata, Put Blob, Snapshot Blob, List
// Containers) to the server under test and judges each by oracles that need no expected value: the answer alone
// (answer_oracles.h: server-error, no-response, error-without-request-id, error-code-mismatch,
// unauthenticated-success), and
//   destination-changed       after any request, the completed copy changed, or the pending copy
//                             did after anything but an abort of it the server could authenticate
//                             (checked with the case-format steps of fuzz_fixture.h)
//   server-stopped-answering  a plain, valid request gets no answer after a finding (the run stops)
// Every request goes through the step engine (engine/step_runner.h). Findings are deduplicated,
// minimized (minimizer.h) and written as ready-to-commit regression cases (finding_writer.h). For
// a seed, the requests are the same from run to run, but for dates, signatures, request ids and
// the run's container name.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/auth/account_key.h"
#include "harness/cases/case_model.h"
#include "harness/netfuzz/answer_oracles.h"
#include "harness/netfuzz/mutation.h"
#include "harness/target/connection_string.h"
#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::netfuzz {

inline constexpr auto kFuzzRequestTimeout = std::chrono::seconds(10);
// Findings written per oracle and answer: its status ("answered 400"), or for no answer the start
// of what was seen ("connection closed", "the pending copy changed").
inline constexpr size_t kMaxFindingsPerClass = 5;

struct FuzzOptions {
  target::Target target;
  const auth::AccountKey* key = nullptr;
  transport::TlsOptions tls;
  // Its operations and named setups build every request (the fixture's steps and the base requests' raw forms).
  const cases::Catalog* catalog = nullptr;
  uint64_t seed = 1;
  uint64_t requests = 0;                    // stop after this many (0: no limit)
  std::chrono::seconds duration{0};         // or after this long (0: no limit)
  std::string container;                    // the run's container, created and deleted by the run
  std::string version;                      // x-ms-version of every request
  std::string user_agent;
  std::string findings_dir;                 // a case folder: findings go to <dir>/regressions/
  std::string log_file;                     // NDJSON of every request drawn (no secrets); empty: none
  // A copy source that holds a copy pending (the gated source), when the target can copy from it:
  // a second destination, "pending", then has a pending copy, which only an authenticated abort
  // may change (empty: only the completed copy is fuzzed).
  std::string pending_source_url;
  bool keep = false;
  const std::atomic<bool>* stop = nullptr;  // set by a signal: end the run cleanly
  std::function<void(const std::string&)> progress;
};

struct Finding {
  std::string oracle;
  std::string detail;       // what was seen
  uint64_t index = 0;       // the request of the run that found it
  Draw draw;                // minimized
  std::string case_file, bytes_file;
};

struct FuzzSummary {
  uint64_t sent = 0;  // requests under test, minimization included
  uint64_t drawn = 0;
  std::vector<Finding> findings;
  uint64_t suppressed = 0;  // more findings of a class that had kMaxFindingsPerClass already
};

Result<FuzzSummary> run_fuzz(const FuzzOptions& options);

}  // namespace blobconform::netfuzz
