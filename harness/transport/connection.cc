#include "harness/transport/connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "harness/transport/sigpipe_guard.h"

namespace blobconform::transport {
namespace {

using std::chrono::milliseconds;

std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

std::string errno_text(int error) { return lower_first(std::strerror(error)); }

std::string openssl_errors() {
  std::string text;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? "unknown TLS error" : text;
}

std::string bare_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return std::string(host);
}

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

std::string timeout_text(std::string_view name, milliseconds budget, std::string_view phase) {
  return std::string(name) + " timeout of " + std::to_string(budget.count()) +
         " ms exceeded while " + std::string(phase);
}

// Poll wait in whole milliseconds, rounded up so a deadline is never missed by rounding.
int poll_ms(Clock::time_point until) {
  const auto left = until - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  const auto ms = std::chrono::ceil<milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, 24LL * 3600 * 1000));
}

struct SslCtxDeleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

}  // namespace

Connection::Connection(int fd, const Timeouts& timeouts, Clock::time_point start)
    : fd_(fd), timeouts_(timeouts), total_deadline_(start + timeouts.total) {}

Connection::~Connection() {
  if (ssl_ != nullptr) {
    SigpipeGuard guard;
    ERR_clear_error();
    SSL_shutdown(ssl_);  // best effort close_notify; the socket is nonblocking
    SSL_free(ssl_);
    ERR_clear_error();
  }
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::reusable() const {
  pollfd pfd{fd_, POLLIN, 0};
  return ::poll(&pfd, 1, 0) == 0;
}

Result<size_t> Connection::wait(short events, Clock::time_point idle_deadline,
                                milliseconds idle_budget, std::string_view idle_name,
                                std::string_view phase) {
  for (;;) {
    const auto until = std::min(idle_deadline, total_deadline_);
    pollfd pfd{fd_, events, 0};
    const int n = ::poll(&pfd, 1, poll_ms(until));
    if (n > 0) return size_t{1};  // ready, or an error/hang-up the next call reports
    if (n < 0 && errno != EINTR) return fail("poll failed while " + std::string(phase) + ": " + errno_text(errno));
    if (Clock::now() >= until) {
      if (total_deadline_ <= idle_deadline) return fail(timeout_text("total", timeouts_.total, phase));
      return fail(timeout_text(idle_name, idle_budget, phase));
    }
  }
}

Result<std::unique_ptr<Connection>> Connection::open(const Endpoint& endpoint, const TlsOptions& tls,
                                                     const Timeouts& timeouts, Clock::time_point start) {
  const std::string host = bare_host(endpoint.host);
  const std::string where = endpoint.host + ":" + std::to_string(endpoint.port);
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    return fail("unsupported scheme \"" + endpoint.scheme + "\"");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(endpoint.port);
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return fail("cannot resolve " + host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);

  const auto connect_deadline = std::min(Clock::now() + timeouts.connect, start + timeouts.total);
  std::string last_error = "no address";
  for (const addrinfo* ai = addresses.get(); ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_error = errno_text(errno);
      continue;
    }
    std::unique_ptr<Connection> connection(new Connection(fd, timeouts, start));
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        last_error = errno_text(errno);
        continue;
      }
      auto ready = connection->wait(POLLOUT, connect_deadline, timeouts.connect, "connect",
                                    "connecting to " + where);
      if (!ready) return ready.error();  // a timeout ends the attempt: the budget is spent
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) {
        last_error = errno_text(error);
        continue;
      }
    }
    if (endpoint.scheme == "https") {
      if (auto done = connection->handshake(endpoint, tls); !done) return done.error();
    }
    return connection;
  }
  return fail("connect to " + where + " failed: " + last_error);
}

Result<size_t> Connection::handshake(const Endpoint& endpoint, const TlsOptions& tls) {
  ERR_clear_error();
  std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return fail("TLS setup failed: " + openssl_errors());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);  // a bare close ends the stream
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  const std::string host = bare_host(endpoint.host);
  if (tls.verify) {
    SSL_CTX_set_default_verify_paths(ctx.get());
    if (!tls.ca_file.empty() &&
        SSL_CTX_load_verify_locations(ctx.get(), tls.ca_file.c_str(), nullptr) != 1) {
      return fail("cannot load CA file " + tls.ca_file + ": " + openssl_errors());
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  } else {
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  }
  ssl_ = SSL_new(ctx.get());  // holds its own reference to ctx
  if (ssl_ == nullptr) return fail("TLS setup failed: " + openssl_errors());
  SSL_set_fd(ssl_, fd_);
  const bool ip = is_ip_literal(host);
  if (!ip) SSL_set_tlsext_host_name(ssl_, host.c_str());  // RFC 6066: no SNI for addresses
  if (tls.verify) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
    const int set = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                       : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (set != 1) return fail("TLS setup failed: cannot set the expected host " + host);
  }
  const auto deadline = std::min(Clock::now() + timeouts_.connect, total_deadline_);
  for (;;) {
    ERR_clear_error();
    int rc;
    {
      SigpipeGuard guard;
      rc = SSL_connect(ssl_);
    }
    if (rc == 1) return size_t{0};
    const int error = SSL_get_error(ssl_, rc);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      auto ready = wait(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, timeouts_.connect,
                        "connect", "in the TLS handshake");
      if (!ready) return ready.error();
      continue;
    }
    const long verify = SSL_get_verify_result(ssl_);
    if (tls.verify && verify != X509_V_OK) {
      ERR_clear_error();
      return fail(std::string("TLS certificate verification failed: ") +
                  X509_verify_cert_error_string(verify));
    }
    if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
      return fail("TLS handshake failed: " + (errno != 0 ? errno_text(errno) : "connection closed by the server"));
    }
    return fail("TLS handshake failed: " + openssl_errors());
  }
}

Result<size_t> Connection::write_all(std::string_view bytes, std::string_view phase) {
  size_t written = 0;
  while (written < bytes.size()) {
    const auto idle_deadline = Clock::now() + timeouts_.read;
    if (ssl_ == nullptr) {
      const ssize_t n = ::send(fd_, bytes.data() + written, bytes.size() - written, MSG_NOSIGNAL);
      if (n > 0) {
        written += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (auto ready = wait(POLLOUT, idle_deadline, timeouts_.read, "write", phase); !ready) return ready.error();
        continue;
      }
      return fail("write failed while " + std::string(phase) + ": " + errno_text(n < 0 ? errno : EPIPE));
    }
    ERR_clear_error();
    int rc;
    {
      SigpipeGuard guard;
      rc = SSL_write(ssl_, bytes.data() + written, static_cast<int>(std::min<size_t>(bytes.size() - written, 1 << 20)));
    }
    if (rc > 0) {
      written += static_cast<size_t>(rc);
      continue;
    }
    const int error = SSL_get_error(ssl_, rc);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      if (auto ready = wait(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, idle_deadline,
                            timeouts_.read, "write", phase);
          !ready) {
        return ready.error();
      }
      continue;
    }
    if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
      return fail("write failed while " + std::string(phase) + ": " + errno_text(errno != 0 ? errno : EPIPE));
    }
    return fail("TLS write failed while " + std::string(phase) + ": " + openssl_errors());
  }
  return written;
}

Result<size_t> Connection::read_some(std::string& out, size_t max, std::string_view phase) {
  const auto idle_deadline = Clock::now() + timeouts_.read;
  char buffer[16384];
  const size_t want = std::min(max, sizeof buffer);
  if (want == 0) return size_t{0};
  for (;;) {
    if (Clock::now() >= total_deadline_) return fail(timeout_text("total", timeouts_.total, phase));
    if (ssl_ == nullptr) {
      const ssize_t n = ::recv(fd_, buffer, want, 0);
      if (n >= 0) {
        out.append(buffer, static_cast<size_t>(n));
        return static_cast<size_t>(n);
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return fail("read failed while " + std::string(phase) + ": " + errno_text(errno));
      }
      if (auto ready = wait(POLLIN, idle_deadline, timeouts_.read, "read", phase); !ready) return ready.error();
      continue;
    }
    ERR_clear_error();
    int rc;
    {
      SigpipeGuard guard;  // SSL_read may write (key updates, alerts)
      rc = SSL_read(ssl_, buffer, static_cast<int>(want));
    }
    if (rc > 0) {
      out.append(buffer, static_cast<size_t>(rc));
      return static_cast<size_t>(rc);
    }
    const int error = SSL_get_error(ssl_, rc);
    if (error == SSL_ERROR_ZERO_RETURN) return size_t{0};
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      if (auto ready = wait(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, idle_deadline,
                            timeouts_.read, "read", phase);
          !ready) {
        return ready.error();
      }
      continue;
    }
    if (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
      if (errno == 0) return size_t{0};
      return fail("read failed while " + std::string(phase) + ": " + errno_text(errno));
    }
    return fail("TLS read failed while " + std::string(phase) + ": " + openssl_errors());
  }
}

}  // namespace blobconform::transport
