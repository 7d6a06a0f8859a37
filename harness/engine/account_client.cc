#include "harness/engine/account_client.h"

namespace blobconform::engine {

namespace {

Access access_of(const target::Target& target, const auth::AccountKey* key, const cases::Catalog& catalog,
                 std::string version, std::string user_agent, std::function<Result<std::string>()> bearer) {
  Access access;
  access.user_agent = std::move(user_agent);
  access.catalog = &catalog;
  access.target = &target;
  access.key = key;
  access.bearer = std::move(bearer);
  access.version = std::move(version);
  return access;
}

}  // namespace

AccountClient::AccountClient(const target::Target& target, const auth::AccountKey* key, const cases::Catalog& catalog,
                             const transport::TlsOptions& tls, const transport::Timeouts& timeouts, std::string version,
                             std::string user_agent, std::function<Result<std::string>()> bearer)
    : client_(target.endpoint, tls, timeouts),
      runner_(access_of(target, key, catalog, std::move(version), std::move(user_agent), std::move(bearer)), client_, scope_) {
  scope_.values["account"] = target.account;
}

Result<transport::Response> AccountClient::send(const std::string& op, std::map<std::string, nlohmann::json> args) {
  cases::Step step;
  step.pointer = "(" + op + ")";
  step.op = op;
  step.args = std::move(args);
  auto exchange = runner_.send(step, Phase::Setup);
  if (!exchange) return fail(op + ": " + exchange.error().message);
  return std::move(*exchange->response);
}

}  // namespace blobconform::engine
