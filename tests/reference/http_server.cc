#include "tests/reference/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <list>
#include <mutex>
#include <thread>

#include "harness/cases/variables.h"
#include "harness/transport/response_parser.h"
#include "harness/wire/encoding.h"

namespace blobconform::reference {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Request Entity Too Large";
    case 416: return "Requested Range Not Satisfiable";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

// A connection's byte stream: the socket, or TLS over it.
struct Stream {
  int fd = -1;
  SSL* ssl = nullptr;
};

bool send_all(const Stream& stream, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const size_t left = bytes.size() - sent;
    ssize_t n = stream.ssl ? SSL_write(stream.ssl, bytes.data() + sent, static_cast<int>(std::min<size_t>(left, 1 << 20)))
                           : ::send(stream.fd, bytes.data() + sent, left, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Appends what arrives within the idle timeout; false on close, error or timeout.
bool receive_more(const Stream& stream, std::string& buffer) {
  if (!stream.ssl || SSL_pending(stream.ssl) == 0) {
    pollfd waiting{stream.fd, POLLIN, 0};
    if (::poll(&waiting, 1, kIdleTimeoutMs) <= 0) return false;
  }
  char chunk[16384];
  // A TLS read waits for a whole record: the socket's timeouts (set at accept) bound it.
  ssize_t n = stream.ssl ? SSL_read(stream.ssl, chunk, sizeof chunk) : ::recv(stream.fd, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<size_t>(n));
  return true;
}

// The reason phrase is the response's own when it has one, its control characters made spaces.
std::string status_line(const HttpResponse& response) {
  std::string reason = response.reason.empty() ? reason_phrase(response.status) : response.reason;
  for (char& c : reason) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return "HTTP/1.1 " + std::to_string(response.status) + " " + reason;
}

PlainAnswer plain_answer(const HttpResponse& response) {
  return {response.status, status_line(response), response.headers, response.body};
}

std::string serialize(const HttpResponse& response, bool head_request, bool close) {
  std::string out = status_line(response) + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  // A 204 says Content-Length: 0, as the service's does (azure-front-end.md §4).
  out += "Content-Length: " + std::to_string(response.status == 204 ? 0 : response.body.size()) + "\r\n";
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  if (!head_request && response.status != 204) out += response.body;
  return out;
}

// A rejection by the HTTP front itself, before the service sees the request; like the service's
// own errors it carries a request id.
HttpResponse plain(int status, const std::string& text) {
  static std::atomic<uint64_t> counter{0};
  HttpResponse response;
  response.status = status;
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(++counter));
  response.headers.emplace_back("x-ms-request-id", id);
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body = text + "\n";
  return response;
}

}  // namespace

struct HttpServer::Impl {
  HttpHandler handler;
  SSL_CTX* tls = nullptr;
  int listen_fd = -1;
  int port = 0;
  std::atomic<bool> stopping{false};
  std::thread acceptor;
  std::mutex mutex;  // guards connections
  struct Connection {
    int fd;
    std::thread thread;
    std::atomic<bool> done{false};
  };
  std::list<Connection> connections;
  std::mutex ids_mutex;  // guards last_client_request_id
  std::string last_client_request_id;  // of the latest request on any connection that carried one

  // Notes the x-ms-client-request-id of a request; returns the one noted before it.
  std::string note_client_request_id(const std::optional<std::string>& id) {
    std::lock_guard<std::mutex> lock(ids_mutex);
    std::string earlier = last_client_request_id;
    if (id) last_client_request_id = *id;
    return earlier;
  }

  // Hostile::ForeignClientRequestId: the id of the previous request on the same connection; else
  // of the previous request on any connection, because what the harness sends byte for byte
  // comes on a fresh connection each time (with one instance at a time, that is still a request
  // of the same instance); else a made-up one.
  static std::string foreign_client_request_id(const std::string& on_connection, const std::string& on_server,
                                               const std::optional<std::string>& own) {
    for (const auto* candidate : {&on_connection, &on_server}) {
      if (!candidate->empty() && (!own || *candidate != *own)) return *candidate;
    }
    return cases::new_uuid_v4();
  }

  // Ends with Reset when a hostile answer wants the connection reset rather than closed.
  HostileEnding serve(const Stream& stream, std::string remote) {
    std::string buffer;
    std::string previous_client_request_id;  // on this connection
    while (!stopping) {
      std::optional<size_t> end;
      while (!(end = transport::find_head_end(buffer))) {
        if (buffer.size() > kMaxRequestHeadBytes) {
          send_all(stream, serialize(plain(400, "request head too large"), false, true));
          return HostileEnding::Close;
        }
        if (!receive_more(stream, buffer)) return HostileEnding::Close;
      }
      auto head = parse_request_head(std::string_view(buffer).substr(0, *end));
      if (!head) {
        send_all(stream, serialize(plain(400, head.error().message), false, true));
        return HostileEnding::Close;
      }
      size_t length = 0;
      bool chunked = false;
      std::optional<std::string> declared;
      for (const auto& [name, value] : head->headers) {
        if (wire::iequals(name, "Transfer-Encoding")) chunked = true;
        if (!wire::iequals(name, "Content-Length")) continue;
        if (declared && *declared != value) {
          send_all(stream, serialize(plain(400, "two different Content-Length values"), false, true));
          return HostileEnding::Close;
        }
        declared = value;
      }
      if (chunked) {
        send_all(stream, serialize(plain(400, "chunked request bodies are not accepted here"), false, true));
        return HostileEnding::Close;
      }
      if (declared) {
        if (declared->empty() || declared->size() > 12 ||
            declared->find_first_not_of("0123456789") != std::string::npos) {
          send_all(stream, serialize(plain(400, "Content-Length is not a number"), false, true));
          return HostileEnding::Close;
        }
        length = std::stoull(*declared);
        if (length > kMaxRequestBody) {
          send_all(stream, serialize(plain(413, "request body too large"), false, true));
          return HostileEnding::Close;
        }
      }
      while (buffer.size() < *end + length) {
        if (!receive_more(stream, buffer)) return HostileEnding::Close;
      }
      HttpRequest request{std::move(*head), buffer.substr(*end, length), remote, stream.ssl != nullptr};
      buffer.erase(0, *end + length);
      bool close = request.head.http_version == "HTTP/1.0";
      for (const auto& [name, value] : request.head.headers) {
        if (wire::iequals(name, "Connection")) close = wire::iequals(value, "close") || (close && !wire::iequals(value, "keep-alive"));
      }
      auto own_id = transport::find_header(request.head.headers, "x-ms-client-request-id");
      auto earlier_on_server = note_client_request_id(own_id);
      std::string earlier_on_connection = previous_client_request_id;
      if (own_id) previous_client_request_id = *own_id;
      auto response = handler(request);
      if (response.hostile.mode == Hostile::ForeignClientRequestId) {
        carry_foreign_client_request_id(response.headers,
                                        foreign_client_request_id(earlier_on_connection, earlier_on_server, own_id));
      } else if (response.hostile.mode != Hostile::None) {
        return send_hostile(stream.fd, response.hostile, plain_answer(response), stopping);
      }
      if (!send_all(stream, serialize(response, request.head.method == "HEAD", close)) || close) {
        return HostileEnding::Close;
      }
    }
    return HostileEnding::Close;
  }

  // Serves one connection, over TLS when the server has it (the handshake and every TLS read
  // bounded by the socket's timeouts).
  HostileEnding serve_connection(int fd, const std::string& remote) {
    if (!tls) return serve(Stream{fd, nullptr}, remote);
    timeval limit{kIdleTimeoutMs / 1000, (kIdleTimeoutMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(tls), &SSL_free);
    if (!ssl || SSL_set_fd(ssl.get(), fd) != 1 || SSL_accept(ssl.get()) != 1) {
      ERR_clear_error();
      return HostileEnding::Close;
    }
    auto ending = serve(Stream{fd, ssl.get()}, remote);
    if (ending == HostileEnding::Close) SSL_shutdown(ssl.get());
    ERR_clear_error();
    return ending;
  }

  // Joins and closes the connections whose thread is done.
  void reap_finished() {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->done) {
        it->thread.join();
        ::close(it->fd);
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  void accept_loop() {
    while (!stopping) {
      // Every round (at least every 100 ms), not only on a new connection: a connection that
      // ended with a reset sends its RST when it is closed here.
      reap_finished();
      pollfd waiting{listen_fd, POLLIN, 0};
      if (::poll(&waiting, 1, 100) <= 0) continue;
      sockaddr_in peer{};
      socklen_t size = sizeof peer;
      int fd = ::accept(listen_fd, reinterpret_cast<sockaddr*>(&peer), &size);
      if (fd < 0) continue;
      char text[INET_ADDRSTRLEN] = {};
      inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
      std::lock_guard<std::mutex> lock(mutex);
      if (connections.size() >= kMaxConnections) {
        ::close(fd);
        continue;
      }
      auto& connection = connections.emplace_back();
      connection.fd = fd;
      connection.thread = std::thread([this, &connection, remote = std::string(text)] {
        if (serve_connection(connection.fd, remote) == HostileEnding::Reset) {
          // SO_LINGER 0 makes the close (by reap_finished) send an RST; a shutdown would send a FIN first.
          linger reset{1, 0};
          ::setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        } else {
          ::shutdown(connection.fd, SHUT_RDWR);
        }
        connection.done = true;
      });
    }
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  impl_->stopping = true;
  if (impl_->acceptor.joinable()) impl_->acceptor.join();
  ::close(impl_->listen_fd);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (auto& connection : impl_->connections) ::shutdown(connection.fd, SHUT_RDWR);
  for (auto& connection : impl_->connections) {
    connection.thread.join();
    ::close(connection.fd);
  }
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& host, uint16_t port, HttpHandler handler,
                                                     SSL_CTX* tls) {
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  impl->tls = tls;
  // OpenSSL writes with write(): a client that left must not end the process.
  if (tls) std::signal(SIGPIPE, SIG_IGN);
  impl->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (impl->listen_fd < 0) return fail("cannot open a socket");
  int yes = 1;
  ::setsockopt(impl->listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    ::close(impl->listen_fd);
    return fail("\"" + host + "\" is not an IPv4 address");
  }
  if (::bind(impl->listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(impl->listen_fd, 128) != 0) {
    ::close(impl->listen_fd);
    return fail("cannot listen on " + host + ":" + std::to_string(port));
  }
  socklen_t size = sizeof address;
  ::getsockname(impl->listen_fd, reinterpret_cast<sockaddr*>(&address), &size);
  impl->port = ntohs(address.sin_port);
  auto* raw = impl.get();
  impl->acceptor = std::thread([raw] { raw->accept_loop(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const { return impl_->port; }

}  // namespace blobconform::reference
