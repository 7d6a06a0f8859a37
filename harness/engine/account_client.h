// Operations of operations.json sent to an account outside any case: the credentials probe before
// a run, the cleanup command, a run's emergency cleanup, and the second account's copy sources.
// Each goes through the step engine like a case's setup step: built from its operation, signed
// with the run's bearer token when there is one, else with Shared Key, at the client's version, and
// retried when it is idempotent and the answer says to try again.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/auth/account_key.h"
#include "harness/cases/case_model.h"
#include "harness/engine/step_runner.h"
#include "harness/target/connection_string.h"
#include "harness/transport/http_client.h"

namespace blobconform::engine {

class AccountClient {
 public:
  // `catalog` holds the operations (the project's operations.json at least).
  // `key` may be null when `bearer` is given.
  AccountClient(const target::Target& target, const auth::AccountKey* key, const cases::Catalog& catalog,
                const transport::TlsOptions& tls, const transport::Timeouts& timeouts, std::string version,
                std::string user_agent, std::function<Result<std::string>()> bearer = {});

  // The answer to `op` with `args` (strings; an object for a metadata arg); an error when the
  // request cannot be built or got no answer.
  Result<transport::Response> send(const std::string& op, std::map<std::string, nlohmann::json> args);

 private:
  transport::HttpClient client_;
  cases::Scope scope_;
  StepRunner runner_;
};

}  // namespace blobconform::engine
