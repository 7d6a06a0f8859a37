// The ordinary client: cpp-httplib with keep-alive, for requests that need not go out byte for
// byte. What cpp-httplib 0.11.4 changes on the way out (hence Request.exact, which sends through
// send_raw instead):
//  - header fields are sent sorted by name (case-insensitive), not in the order given;
//  - it adds Host, Accept: */* and User-Agent: cpp-httplib/0.11.4 when absent, Content-Length
//    when a body is present without one, and Content-Type: text/plain when a body is present
//    without Content-Type;
//  - for POST, PUT and PATCH with an empty body it always adds "Content-Length: 0": a request
//    carrying its own "Content-Length: 0" is sent with the one field, any other Content-Length
//    with an empty body goes through send_raw.
// The target is passed through unchanged (URL encoding off). Response bodies are not
// decompressed. Response header fields arrive sorted by name (case-insensitive), in received
// order among equal names; httplib skips lines without a colon and accepts any field count
// (the count is checked afterwards). Bodies over kMaxResponseBodyBytes are an error.
// Timeouts: connect (TCP connect and, separately, TLS handshake), read (between reads and
// writes), total (whole request: a watchdog thread stops the connection at the deadline; the
// connect and handshake steps cannot be interrupted, so they may overrun it by up to the connect
// timeout). One HttpClient is used by one thread at a time.
#pragma once

#include <memory>

#include "harness/transport/message.h"

namespace blobconform::transport {

class HttpClient {
 public:
  HttpClient(Endpoint endpoint, TlsOptions tls, Timeouts timeouts);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request (method, target, headers, body as given; see above) and waits for the
  // response; Exchange.request is `request` as given, transport_error is set when no usable
  // response arrived. `request.exact` delegates to send_raw on a fresh connection.
  Exchange send(const Request& request);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace blobconform::transport
