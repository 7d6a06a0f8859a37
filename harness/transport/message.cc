#include "harness/transport/message.h"

#include "harness/wire/encoding.h"

namespace blobconform::transport {

std::optional<std::string> find_header(const HeaderList& headers, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [field, value] : headers) {
    if (!wire::iequals(field, name)) continue;
    if (joined) {
      *joined += ", ";
      *joined += value;
    } else {
      joined = value;
    }
  }
  return joined;
}

size_t count_header(const HeaderList& headers, std::string_view name) {
  size_t n = 0;
  for (const auto& field : headers) n += wire::iequals(field.first, name) ? 1 : 0;
  return n;
}

std::string host_header(const Endpoint& endpoint) {
  bool default_port = (endpoint.scheme == "http" && endpoint.port == 80) || (endpoint.scheme == "https" && endpoint.port == 443);
  return default_port ? endpoint.host : endpoint.host + ":" + std::to_string(endpoint.port);
}

std::string origin(const Endpoint& endpoint) { return endpoint.scheme + "://" + host_header(endpoint); }

bool is_loopback(const Endpoint& endpoint) {
  return endpoint.host == "127.0.0.1" || endpoint.host == "localhost" || endpoint.host == "[::1]";
}

}  // namespace blobconform::transport
