#include "harness/source/account_source.h"

#include <algorithm>

#include "harness/auth/hmac.h"
#include "harness/auth/service_sas.h"
#include "harness/wire/http_date.h"

namespace blobconform::source {
namespace {

constexpr const char* kSmallBlob = "source.bin";
constexpr const char* kLargeBlob = "large-source.bin";
constexpr const char* kLargePageBlob = "large-source-page.bin";
constexpr const char* kLargeAppendBlob = "large-source-append.bin";
constexpr const char* kSasVersion = "2020-12-06";

// The large sources' bytes: a repeating alphabet, so a partial copy is not all zeros.
std::string large_bytes(uint64_t from, uint64_t count) {
  std::string out(count, '\0');
  for (uint64_t i = 0; i < count; ++i) out[i] = static_cast<char>('a' + (from + i) % 26);
  return out;
}

}  // namespace

Result<void> check_large_source_size(uint64_t size) {
  if (size == 0 || size > kMaxLargeSourceSize || size % kLargeSourceUnit != 0) {
    return fail("--large-source-size: " + std::to_string(size) + " is not a multiple of " + std::to_string(kLargeSourceUnit) +
                " (a page blob's pages) within " + std::to_string(kLargeSourceUnit) + ".." + std::to_string(kMaxLargeSourceSize));
  }
  return {};
}

AccountSource::AccountSource(AccountSourceOptions options, auth::AccountKey key)
    : options_(std::move(options)), key_(std::move(key)) {
  transport::Timeouts timeouts;
  timeouts.total = std::chrono::minutes(10);  // a large upload
  client_ = std::make_unique<engine::AccountClient>(options_.target, &key_, *options_.catalog, options_.tls, timeouts,
                                                    options_.version, "blobconform");
}

AccountSource::~AccountSource() {
  if (created_ && !options_.keep) (void)send("delete_container", {{"container", options_.container}}, 202);
}

std::string AccountSource::describe() const {
  return "account " + options_.target.account + ", container " + options_.container +
         (options_.large ? " (" + std::to_string(options_.large_size) + "-byte large source, as a block, page and append blob)" : "");
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

Result<void> AccountSource::upload_large() {
  const std::string& container = options_.container;
  const uint64_t size = options_.large_size;
  if (auto put = send("put_blob", {{"container", container}, {"blob", kLargeBlob}, {"body", large_bytes(0, size)}}, 201); !put) {
    return put;
  }
  if (auto made = send("put_page_blob", {{"container", container}, {"blob", kLargePageBlob}, {"length", std::to_string(size)}}, 201);
      !made) {
    return made;
  }
  if (auto made = send("put_append_blob", {{"container", container}, {"blob", kLargeAppendBlob}}, 201); !made) return made;
  for (uint64_t at = 0; at < size; at += kLargeSourceChunk) {
    uint64_t count = std::min(kLargeSourceChunk, size - at);
    std::string bytes = large_bytes(at, count);
    auto page = send("put_page", {{"container", container}, {"blob", kLargePageBlob}, {"start", std::to_string(at)},
                                  {"end", std::to_string(at + count - 1)}, {"body", bytes}}, 201);
    if (!page) return page;
    auto block = send("append_block", {{"container", container}, {"blob", kLargeAppendBlob}, {"body", std::move(bytes)}}, 201);
    if (!block) return block;
  }
  return {};
}

Result<std::unique_ptr<AccountSource>> AccountSource::create(const AccountSourceOptions& options) {
  if (options.target.key.empty()) return fail("--second-target: the connection string has no AccountKey");
  if (auto checked = check_large_source_size(options.large_size); !checked) return checked.error();
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
    if (auto uploaded = source->upload_large(); !uploaded) return uploaded.error();
  }
  for (auto [blob, url] : {std::pair{kSmallBlob, &source->small_url_}, std::pair{kLargeBlob, &source->large_url_},
                           std::pair{kLargePageBlob, &source->large_page_url_},
                           std::pair{kLargeAppendBlob, &source->large_append_url_}}) {
    if (blob != std::string(kSmallBlob) && !options.large) continue;
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
