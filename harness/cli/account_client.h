// Signed requests to the account itself, outside any case: the credentials probe before a run and
// the cleanup command. Each request is dated, versioned and signed with Shared Key.
#pragma once

#include <string>

#include "harness/auth/account_key.h"
#include "harness/cli/options.h"
#include "harness/target/connection_string.h"
#include "harness/transport/http_client.h"

namespace blobconform::cli {

class AccountClient {
 public:
  AccountClient(const target::Target& target, const auth::AccountKey& key, const Options& options,
                std::string version = kDefaultLatestVersion);
  // `path_and_query` follows the account's base path ("/?comp=list", "/container?restype=container").
  Result<transport::Response> send(const std::string& method, const std::string& path_and_query);

 private:
  const target::Target& target_;
  const auth::AccountKey& key_;
  std::string version_;
  transport::HttpClient client_;
};

}  // namespace blobconform::cli
