// A small HTTP/1.1 server over plain sockets that hands each request to a function with its bytes
// as sent (see request_head.h for why not cpp-httplib's server). Keep-alive, Content-Length
// bodies, a thread per connection up to a limit, timeouts on every read; over TLS when given an
// SSL_CTX. The function may also tell it to answer like a hostile server (hostile.h) instead (on a
// TLS connection, its bytes go on the socket outside TLS: a broken server all the same).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <openssl/ssl.h>

#include "tests/reference/hostile.h"
#include "tests/reference/request_head.h"

namespace blobconform::reference {

inline constexpr size_t kMaxConnections = 64;
inline constexpr int kIdleTimeoutMs = 30000;  // a connection silent this long is closed
inline constexpr size_t kMaxRequestBody = 64 * 1024 * 1024;  // larger: 413

struct HttpRequest {
  RequestHead head;
  std::string body;
  std::string remote_addr;
  bool https = false;  // it came over TLS
};

struct HttpResponse {
  int status = 200;
  std::string reason;             // the reason phrase; empty: the status's usual one
  transport::HeaderList headers;  // Content-Length and Connection are added
  std::string body;               // for HEAD: only its length is sent
  HostileInstruction hostile;     // carried out instead of the answer above (see hostile.h)
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // `tls` (kept by the caller for the server's life): every connection is TLS with it; null: plain.
  static Result<std::unique_ptr<HttpServer>> start(const std::string& host, uint16_t port, HttpHandler handler,
                                                   SSL_CTX* tls = nullptr);
  ~HttpServer();  // stops accepting, cuts open connections, waits for their threads
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  int port() const;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace blobconform::reference
