// What goes over the wire: a request exactly as the harness means to send it, the response as
// received, and the outcome of one exchange. Shared by both transports (ordinary and raw).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace blobconform::transport {

// Header fields in the order they are (to be) sent or were received; names keep their case.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Value of a header, matched case-insensitively; repeated fields are joined with ", ".
std::optional<std::string> find_header(const HeaderList& headers, std::string_view name);
size_t count_header(const HeaderList& headers, std::string_view name);

struct Endpoint {
  std::string scheme = "http";  // "http" or "https"
  std::string host;             // as in the URL (a name, an IPv4 address, or [v6])
  uint16_t port = 0;
};

struct Request {
  std::string method;   // "PUT"
  std::string target;   // origin-form as sent: encoded path, then "?" and the query if any
  HeaderList headers;   // every header the harness sends, in order (Host included)
  std::string body;
  std::string http_version = "HTTP/1.1";  // the request line's last word
  // True when the request must go out byte for byte on a connection of its own (raw_headers, a removed automatic
  // header, a duplicate header, an HTTP version other than 1.1): HttpClient sends it through the raw writer on a
  // fresh connection instead of its kept-alive one, and Exchange.raw says so.
  bool exact = false;
  // Where this one request goes instead of the client's endpoint (a step with "scheme": "http": the
  // account's plain-HTTP endpoint), on a fresh connection without TLS; the reports name it.
  std::optional<Endpoint> endpoint = std::nullopt;
};

struct Response {
  int status = 0;
  std::string reason;
  std::string http_version;  // "HTTP/1.1"
  HeaderList headers;
  std::string body;
};

// "host" when the port is the scheme's default, else "host:port": the Host header's value.
std::string host_header(const Endpoint& endpoint);
// "scheme://" + host_header(endpoint).
std::string origin(const Endpoint& endpoint);
// Whether the endpoint is this machine (127.0.0.1, localhost, [::1]).
bool is_loopback(const Endpoint& endpoint);

struct TlsOptions {
  bool verify = true;   // certificate and host name
  std::string ca_file;  // extra trust anchors (PEM); empty: the system's
};

// Named limits: a hostile or broken server cannot make the harness wait or grow without bound.
struct Timeouts {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds read{30000};   // between two reads
  std::chrono::milliseconds total{60000};  // the whole exchange, connect to last byte
};

inline constexpr size_t kMaxResponseHeaderBytes = 64 * 1024;
inline constexpr size_t kMaxResponseHeaderCount = 200;
inline constexpr size_t kMaxResponseBodyBytes = 16 * 1024 * 1024;

// The outcome of one exchange: a response, or a transport error (never both).
struct Exchange {
  Request request;                  // as sent
  std::optional<Response> response;
  std::string transport_error;      // non-empty when no usable response arrived
  std::chrono::milliseconds elapsed{0};
  bool raw = false;                 // sent by the raw writer
};

}  // namespace blobconform::transport
