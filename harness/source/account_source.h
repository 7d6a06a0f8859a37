// Copy sources in a second storage account (`--second-target`): a container made for the run
// holding a small blob (the cases' {{second_account_source_url}}) and a large one (the
// {{pending_source_url}} of `--pending-copy large`), with the same bytes as a page blob and as an
// append blob ({{pending_page_source_url}}, {{pending_append_source_url}}), each read through a service SAS. A
// cross-account copy of a large blob is the way a real account can be made to hold a copy
// pending; it is a race, which the executor's race check accounts for. Everything is deleted
// with the container at the end of the run, unless kept.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/auth/account_key.h"
#include "harness/engine/account_client.h"
#include "harness/target/connection_string.h"
#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::source {

inline constexpr uint64_t kMaxLargeSourceSize = 256ull * 1024 * 1024;  // uploaded in one Put Blob
inline constexpr uint64_t kDefaultLargeSourceSize = 256ull * 1024 * 1024;
inline constexpr uint64_t kLargeSourceUnit = 512;                    // a page blob's length is a multiple of it
inline constexpr uint64_t kLargeSourceChunk = 4ull * 1024 * 1024;     // one Put Page or Append Block (the most either takes at every version)
inline constexpr int kSourceSasHours = 24;  // the SAS of each source URL lasts this long

// Whether `size` can be a large source: 512..kMaxLargeSourceSize, a multiple of 512.
Result<void> check_large_source_size(uint64_t size);

struct AccountSourceOptions {
  target::Target target;  // the second account; it must have an AccountKey
  transport::TlsOptions tls;
  std::string container;  // made for this run (the run's container prefix)
  uint64_t large_size = kDefaultLargeSourceSize;  // a multiple of kLargeSourceUnit
  bool large = true;      // upload the large blobs (only --pending-copy large copies them)
  std::string version;    // x-ms-version of the setup requests
  bool keep = false;      // leave the container in place at the end
  const cases::Catalog* catalog = nullptr;  // its operations make the container and blobs
};

class AccountSource {
 public:
  // Creates the container and its blobs (the large ones only when asked); an error names the
  // request that failed and its status.
  static Result<std::unique_ptr<AccountSource>> create(const AccountSourceOptions& options);
  ~AccountSource();  // deletes the container unless kept
  AccountSource(const AccountSource&) = delete;
  AccountSource& operator=(const AccountSource&) = delete;

  const std::string& small_url() const { return small_url_; }  // 5 bytes, "hello"
  const std::string& large_url() const { return large_url_; }         // a block blob
  const std::string& large_page_url() const { return large_page_url_; }  // the same bytes, a page blob
  const std::string& large_append_url() const { return large_append_url_; }  // ... an append blob
  std::string describe() const;  // for messages: account, container, sizes; never a SAS
  const std::vector<std::string>& signatures() const { return signatures_; }  // to scrub from reports

 private:
  AccountSource(AccountSourceOptions options, auth::AccountKey key);
  // Sends an operation to the second account; an error unless it answers `expected_status`.
  Result<void> send(const std::string& op, std::map<std::string, nlohmann::json> args, int expected_status);
  std::string blob_url(const std::string& blob) const;

  AccountSourceOptions options_;
  auth::AccountKey key_;
  std::unique_ptr<engine::AccountClient> client_;  // uses key_
  bool created_ = false;
  // Uploads the large bytes as a block, page and append blob.
  Result<void> upload_large();

  std::string small_url_, large_url_, large_page_url_, large_append_url_;
  std::vector<std::string> signatures_;
};

}  // namespace blobconform::source
