// The step engine: the one path from a case-format step to the target and back. It builds the
// request from the step's operation (cases/request_builder.h), signs it, sends it (the keep-alive
// client, or the raw writer when the bytes must be exact), retries an idempotent setup or cleanup
// request, polls, takes the step's `save`d values and judges its `expect`. What the case executor
// does with the results (verdicts, records, cleanup) is the executor's; the owner of a runner hears
// every request and exchange through StepEvents.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/auth/account_key.h"
#include "harness/cases/case_model.h"
#include "harness/cases/request_builder.h"
#include "harness/cases/variables.h"
#include "harness/check/expectation.h"
#include "harness/target/connection_string.h"
#include "harness/transport/http_client.h"
#include "harness/wire/result.h"

namespace blobconform::engine {

inline constexpr int kMaxRetries = 3;        // of an idempotent setup or cleanup request
inline constexpr int kRetryBackoffMs = 250;  // doubled at each retry

// Why a step is sent; the reports name it.
enum class Phase { Setup, Request, Then, Cleanup, RaceCheck };
const char* phase_name(Phase phase);  // "setup", "request", "then", "cleanup", "race-check"

// Where steps go and what builds them.
struct Access {
  const cases::Catalog* catalog = nullptr;  // the operations steps name
  const target::Target* target = nullptr;
  const auth::AccountKey* key = nullptr;  // null: a step signed with Shared Key or SAS cannot be built
  std::function<Result<std::string>()> bearer;  // the run's bearer token; empty: none
  std::function<Result<std::string>()> no_role_bearer;  // an identity's without a data role; empty: none
  std::string user_agent;
  std::string version;  // x-ms-version of every step that does not set its own
  bool exact = false;   // every request through the raw writer, byte for byte (the network fuzzer)
};

// What happened to one step.
struct StepOutcome {
  enum class Kind { Held, Mismatch, Broken } kind = Kind::Held;
  std::string reason;
  std::vector<check::Mismatch> mismatches;
  std::string expected, actual;
};

// What the owner of a runner hears. Each may be left empty.
struct StepEvents {
  // Every request built, before it is sent (its signatures are never to be shown).
  std::function<void(const cases::BuiltRequest&)> built;
  // Every exchange, retries and polls included, as sent and received (not redacted). `attempt` is
  // the poll's number (1 for the first), plus 1 for a repeat after a retryable failure, which
  // `retry` marks.
  std::function<void(const cases::Step&, Phase, int attempt, bool retry, const transport::Exchange&)> exchanged;
  // The answer a step got (after any retries), before it is judged: a reason refuses it (the
  // step is then broken); nullopt accepts it.
  std::function<std::optional<std::string>(const cases::Step&, Phase, const transport::Response&)> answered;
};

class StepRunner {
 public:
  // `scope` holds the variables steps are built with; `save` adds to it.
  StepRunner(Access access, transport::HttpClient& client, cases::Scope& scope, StepEvents events = {});

  // Builds, signs and sends the step; retries a setup or cleanup request that changes nothing when
  // repeated (GET, HEAD, DELETE, Create Container) on 408, 429, 500, 503 or a reset connection,
  // as the Azure SDKs do. An error: the request could not be built, no answer came, or the owner
  // refused the answer.
  Result<transport::Exchange> send(const cases::Step& step, Phase phase, int attempt = 1);

  // send, then `save`, then `expect` (without one: a 2xx); a step with `poll` repeats until its
  // expectation holds, the poll's timeout or `deadline`, whichever comes first.
  StepOutcome run(const cases::Step& step, Phase phase, std::chrono::steady_clock::time_point deadline);

  // The variant of `expect` for the runner's version, its variables filled in, judged on `response`.
  StepOutcome evaluate(const cases::ExpectSpec& expect, const std::string& pointer, const transport::Response& response);

  // Takes the step's `save` sources into the scope; a reason when one is absent from the answer.
  std::string save(const cases::Step& step, const transport::Response& response);

  const Access& access() const { return access_; }
  // The x-ms-client-request-id of the last request built.
  const std::string& client_request_id() const { return client_request_id_; }

 private:
  Result<std::string> fill_text(const std::string& text) const;
  Result<cases::BuiltRequest> build_over_plain_http(const cases::Step& step) const;

  Access access_;
  cases::RequestContext context_;  // the target's part, made once; `now` is set at each build
  transport::HttpClient& client_;
  cases::Scope& scope_;
  StepEvents events_;
  std::string client_request_id_;
};

}  // namespace blobconform::engine
