// One client connection (TCP, optionally TLS) whose every wait is bounded: by the connect
// timeout while connecting, by the read timeout between two reads (or writes), and always by the
// deadline of the whole exchange. Used by the raw writer and by HttpClient (which keeps one open
// between requests); nonblocking sockets and poll().
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "harness/transport/message.h"
#include "harness/wire/result.h"

typedef struct ssl_st SSL;

namespace blobconform::transport {

using Clock = std::chrono::steady_clock;

class Connection {
 public:
  // Connects to the endpoint (getaddrinfo, each address in turn) and, for https, completes the
  // TLS handshake: SNI for host names, certificate and host name (or IP address) verification
  // unless tls.verify is false, tls.ca_file added to the system's trust anchors.
  static Result<std::unique_ptr<Connection>> open(const Endpoint& endpoint, const TlsOptions& tls,
                                                  const Timeouts& timeouts, Clock::time_point start);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts the deadline of another exchange on this connection (keep-alive).
  void restart(Clock::time_point start) { total_deadline_ = start + timeouts_.total; }
  // False when the peer has closed the connection or sent bytes nobody asked for: an idle
  // keep-alive connection that must not be reused.
  bool reusable() const;
  // Writes every byte. `phase` names the step in errors ("writing the request").
  Result<size_t> write_all(std::string_view bytes, std::string_view phase);
  // Appends up to `max` bytes to `out`; 0 means the peer closed the stream.
  Result<size_t> read_some(std::string& out, size_t max, std::string_view phase);

 private:
  Connection(int fd, const Timeouts& timeouts, Clock::time_point start);
  // Waits until fd is ready for `events` or a deadline passes (idle: read timeout from now).
  Result<size_t> wait(short events, Clock::time_point idle_deadline,
                      std::chrono::milliseconds idle_budget, std::string_view idle_name,
                      std::string_view phase);
  Result<size_t> handshake(const Endpoint& endpoint, const TlsOptions& tls);

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  Timeouts timeouts_;
  Clock::time_point total_deadline_;
};

}  // namespace blobconform::transport
