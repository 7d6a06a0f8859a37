#include "harness/cli/account_client.h"

#include "harness/auth/shared_key.h"
#include "harness/cli/common.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {

AccountClient::AccountClient(const target::Target& target, const auth::AccountKey& key, const Options& options,
                             std::string version)
    : target_(target), key_(key), version_(std::move(version)), client_(target.endpoint, tls_options(options), timeouts(options)) {}

Result<transport::Response> AccountClient::send(const std::string& method, const std::string& path_and_query) {
  transport::Request request;
  request.method = method;
  request.target = target_.base_path + path_and_query;
  request.headers = {{"Host", transport::host_header(target_.endpoint)},
                     {"x-ms-version", version_},
                     {"x-ms-date", wire::format_rfc1123(wire::Clock::now())},
                     {"Content-Length", "0"}};
  auto signature = auth::sign_request(request, key_, auth::SharedKeyScheme::SharedKey, "", false);
  if (!signature) return signature.error();
  auto exchange = client_.send(request);
  if (!exchange.response) return fail(method + " " + path_and_query + ": " + exchange.transport_error);
  return *exchange.response;
}

}  // namespace blobconform::cli
