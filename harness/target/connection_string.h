// Azure connection strings: which endpoint, account and key a run talks to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::target {

inline constexpr const char* kDevelopmentAccount = "devstoreaccount1";
inline constexpr const char* kDevelopmentKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
inline constexpr size_t kMaxConnectionStringLength = 4096;

struct Target {
  transport::Endpoint endpoint;
  std::string base_path;             // "" host-style, "/<account>" path-style
  bool path_style = false;
  std::string account;
  std::string key;                   // Base64; empty: no Shared Key
  bool development_storage = false;  // UseDevelopmentStorage=true: the embedded Azurite
  // Where the account answers plain HTTP (a step with "scheme": "http" goes there): the endpoint
  // itself when it is http://, port 80 of an Azure host, or --http-endpoint; none: unknown.
  std::optional<transport::Endpoint> http_endpoint;
  std::string describe() const;      // never the key
};

// Errors name the field and the reason, never the key.
Result<Target> parse_connection_string(std::string_view text);

// --http-endpoint: an http://host[:port] URL without a path.
Result<transport::Endpoint> parse_http_endpoint(std::string_view url);

}  // namespace blobconform::target
