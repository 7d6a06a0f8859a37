// The raw writer: sends a request byte for byte on a fresh connection and reads the response
// with its own parser, so that nothing is added, reordered or re-encoded on the way out.
#pragma once

#include <string>
#include <string_view>

#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::transport {

class Connection;

inline constexpr int kMaxInterimResponses = 8;

// Reads one response from `connection`: the head (up to kMaxInterimResponses 1xx interim
// responses skipped, 101 returned), then the body as its framing says, within the connection's
// timeouts and the named limits. `trailing` (if given) says whether bytes followed the response in
// what was read: a connection that sent them must not carry another request.
Result<Response> read_response(Connection& connection, std::string_view method, bool* trailing = nullptr);

// "METHOD SP target SP http_version CRLF", then each header "name: value CRLF" in the order given
// (duplicates and odd bytes kept, nothing added), CRLF, then the body.
std::string serialize_request(const Request& request);

// Opens a fresh connection (TCP, or TLS per `tls`), writes serialize_request(request), reads and
// parses the response (1xx interim responses skipped, 101 returned), applies the body framing,
// closes. The connect timeout bounds connecting and the TLS handshake, the read timeout each wait
// for data, the total timeout the whole exchange. Exchange.raw is true; transport_error names
// what went wrong when no usable response arrived. SIGPIPE is never raised.
Exchange send_raw(const Endpoint& endpoint, const TlsOptions& tls, const Timeouts& timeouts,
                  const Request& request);

// Same, with arbitrary bytes sent exactly as given; `method` decides the body framing (HEAD).
// Exchange.request holds `method` and, when the bytes start with a request line, its target;
// exact is true; headers and body stay empty (the bytes are the caller's).
Exchange send_raw_bytes(const Endpoint& endpoint, const TlsOptions& tls, const Timeouts& timeouts,
                        std::string_view bytes, std::string_view method);

}  // namespace blobconform::transport
