#include "harness/source/account_source.h"

#include "harness/auth/hmac.h"
#include "harness/auth/service_sas.h"
#include "harness/wire/http_date.h"

namespace blobconform::source {
namespace {

constexpr const char* kSmallBlob = "source.bin";
constexpr const char* kLargeBlob = "large-source.bin";
constexpr const char* kSasVersion = "2020-12-06";

}  // namespace

AccountSource::AccountSource(AccountSourceOptions options, auth::AccountKey key)
    : options_(std::move(options)), key_(std::move(key)) {
  transport::Timeouts timeouts;
  timeouts.total = std::chrono::minutes(10);  // a large upload
  client_ = std::make_unique<engine::AccountClient>(options_.target, key_, *options_.catalog, options_.tls, timeouts,
                                                    options_.version, "blobconform");
}

AccountSource::~AccountSource() {
  if (created_ && !options_.keep) (void)send("delete_container", {{"container", options_.container}}, 202);
}

std::string AccountSource::describe() const {
  return "account " + options_.target.account + ", container " + options_.container +
         (options_.large ? " (" + std::to_string(options_.large_size) + "-byte large source)" : "");
}

std::string AccountSource::blob_url(const std::string& blob) const {
  return transport::origin(options_.target.endpoint) + options_.target.base_path + "/" + options_.container + "/" + blob;
}

Result<void> AccountSource::send(const std::string& op, std::map<std::string, nlohmann::json> args, int expected_status) {
  std::string blob = args.count("blob") ? "/" + args["blob"].get<std::string>() : "";
  std::string what = op + " " + options_.container + blob + " in the second account";
  auto response = client_->send(op, std::move(args));
  if (!response) return fail(what + ": " + response.error().message);
  if (response->status != expected_status) {
    auto code = transport::find_header(response->headers, "x-ms-error-code").value_or("no error code");
    return fail(what + ": expected " + std::to_string(expected_status) + ", got " + std::to_string(response->status) +
                " (" + code + ")");
  }
  return {};
}

Result<std::unique_ptr<AccountSource>> AccountSource::create(const AccountSourceOptions& options) {
  if (options.target.key.empty()) return fail("--second-target: the connection string has no AccountKey");
  if (options.large_size == 0 || options.large_size > kMaxLargeSourceSize) {
    return fail("--large-source-size: " + std::to_string(options.large_size) + " is not within 1.." +
                std::to_string(kMaxLargeSourceSize));
  }
  if (!options.catalog) return fail("the second account's sources: no operations");
  auto key = auth::make_account_key(options.target.account, options.target.key);
  if (!key) return fail("--second-target: AccountKey: " + key.error().message);
  std::unique_ptr<AccountSource> source(new AccountSource(options, *key));
  const std::string& container = options.container;
  if (auto made = source->send("create_container", {{"container", container}}, 201); !made) return made.error();
  source->created_ = true;
  if (auto put = source->send("put_blob", {{"container", container}, {"blob", kSmallBlob}, {"body", "hello"}}, 201); !put) {
    return put.error();
  }
  if (options.large) {
    std::string large(options.large_size, '\0');
    for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>('a' + i % 26);
    auto put = source->send("put_blob", {{"container", container}, {"blob", kLargeBlob}, {"body", std::move(large)}}, 201);
    if (!put) return put.error();
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
