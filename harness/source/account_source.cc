#include "harness/source/account_source.h"

#include "harness/auth/hmac.h"
#include "harness/auth/service_sas.h"
#include "harness/auth/shared_key.h"
#include "harness/transport/http_client.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"

namespace blobconform::source {
namespace {

constexpr const char* kSmallBlob = "source.bin";
constexpr const char* kLargeBlob = "large-source.bin";
constexpr const char* kSasVersion = "2020-12-06";

}  // namespace

AccountSource::AccountSource(AccountSourceOptions options, auth::AccountKey key)
    : options_(std::move(options)), key_(std::move(key)) {}

AccountSource::~AccountSource() {
  if (created_ && !options_.keep) send("DELETE", "", "restype=container", {}, "", 202);
}

std::string AccountSource::describe() const {
  return "account " + options_.target.account + ", container " + options_.container +
         (options_.large ? " (" + std::to_string(options_.large_size) + "-byte large source)" : "");
}

std::string AccountSource::blob_url(const std::string& blob) const {
  return transport::origin(options_.target.endpoint) + options_.target.base_path + "/" + options_.container + "/" + blob;
}

Result<bool> AccountSource::send(const std::string& method, const std::string& path, const std::string& query,
                                 transport::HeaderList headers, std::string body, int expected_status) {
  const auto& target = options_.target;
  transport::Timeouts timeouts;
  timeouts.total = std::chrono::minutes(10);  // a large upload
  transport::HttpClient client(target.endpoint, options_.tls, timeouts);
  transport::Request request;
  request.method = method;
  request.target = target.base_path + "/" + options_.container + path + (query.empty() ? "" : "?" + query);
  request.headers.emplace_back("Host", transport::host_header(target.endpoint));
  request.headers.emplace_back("x-ms-date", wire::format_rfc1123(wire::Clock::now()));
  request.headers.emplace_back("x-ms-version", options_.version);
  for (auto& header : headers) request.headers.push_back(std::move(header));
  request.headers.emplace_back("Content-Length", std::to_string(body.size()));
  request.body = std::move(body);
  auto signed_request = auth::sign_request(request, key_, auth::SharedKeyScheme::SharedKey, "", false);
  if (!signed_request) return signed_request.error();
  auto exchange = client.send(request);
  std::string what = method + " " + options_.container + path + " in the second account";
  if (!exchange.response) return fail(what + ": " + exchange.transport_error);
  if (exchange.response->status != expected_status) {
    auto code = transport::find_header(exchange.response->headers, "x-ms-error-code").value_or("no error code");
    return fail(what + ": expected " + std::to_string(expected_status) + ", got " +
                std::to_string(exchange.response->status) + " (" + code + ")");
  }
  return true;
}

Result<std::unique_ptr<AccountSource>> AccountSource::create(const AccountSourceOptions& options) {
  if (options.target.key.empty()) return fail("--second-target: the connection string has no AccountKey");
  if (options.large_size == 0 || options.large_size > kMaxLargeSourceSize) {
    return fail("--large-source-size: " + std::to_string(options.large_size) + " is not within 1.." +
                std::to_string(kMaxLargeSourceSize));
  }
  auto key = auth::make_account_key(options.target.account, options.target.key);
  if (!key) return fail("--second-target: AccountKey: " + key.error().message);
  std::unique_ptr<AccountSource> source(new AccountSource(options, *key));
  if (auto made = source->send("PUT", "", "restype=container", {}, "", 201); !made) return made.error();
  source->created_ = true;
  transport::HeaderList block{{"x-ms-blob-type", "BlockBlob"}, {"Content-Type", "application/octet-stream"}};
  if (auto put = source->send("PUT", std::string("/") + kSmallBlob, "", block, "hello", 201); !put) return put.error();
  if (options.large) {
    std::string large(options.large_size, '\0');
    for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>('a' + i % 26);
    if (auto put = source->send("PUT", std::string("/") + kLargeBlob, "", block, std::move(large), 201); !put) {
      return put.error();
    }
  }
  for (auto [blob, url] : {std::pair{kSmallBlob, &source->small_url_}, std::pair{kLargeBlob, &source->large_url_}}) {
    if (blob == std::string(kLargeBlob) && !options.large) continue;
    auth::ServiceSas sas;
    sas.version = kSasVersion;
    sas.resource = "b";
    sas.permissions = "r";
    sas.expiry = wire::format_iso8601(wire::Clock::now() + std::chrono::hours(kSourceSasHours));
    sas.account = options.target.account;
    sas.container = options.container;
    sas.blob = blob;
    auto token = auth::service_sas_token(sas, *key, false);
    if (!token) return fail("the second account's source SAS: " + token.error().message);
    *url = source->blob_url(blob) + "?" + *token;
    source->signatures_.push_back(auth::hmac_sha256_base64(key->key, *auth::service_sas_string_to_sign(sas)));
  }
  return source;
}

}  // namespace blobconform::source
