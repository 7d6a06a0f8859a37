// The ordinary client: one keep-alive connection (TCP, or TLS per `tls`), reused while the server
// keeps it open. The request goes out exactly as given (method, target, headers in order, body):
// nothing is added, so the caller supplies Host and Content-Length. The response is read with the
// harness's own parser (raw_client.h), header values as the server sent them (cpp-httplib 0.11.4
// percent-decodes header values and drops empty ones, which is why it is not used here).
// Timeouts, as Connection applies them: connect (TCP connect and TLS handshake), read (between
// reads and writes), total (the whole exchange). `Request.exact` goes through send_raw on a fresh
// connection, and so does a request with its own `Request.endpoint` (to that endpoint). One
// HttpClient is used by one thread at a time.
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
