// Test servers on 127.0.0.1 for the transport tests: a scripted raw socket server (one
// connection at a time, handled by a callback) and helpers; every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace blobconform::transport::testing {

// Binds a listening socket on 127.0.0.1 with a free port; returns the fd, sets port.
inline int listen_loopback(uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

// A port nothing listens on (bound once, then closed).
inline uint16_t refused_port() {
  uint16_t port = 0;
  const int fd = listen_loopback(port);
  ::close(fd);
  return port;
}

class ScriptedServer;

// What a handler sees: the accepted connection, and the server (to check for stop).
class Peer {
 public:
  Peer(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}
  bool stopping() const { return stopping_.load(); }
  // Reads one request head (and a Content-Length body); empty when the peer closed or on stop.
  std::string read_request() {
    while (true) {
      const auto head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t body = 0;
        const auto cl = lower(buffer_.substr(0, head_end)).find("\ncontent-length:");
        if (cl != std::string::npos) body = std::stoul(buffer_.substr(cl + 16));
        if (buffer_.size() >= head_end + 4 + body) {
          std::string request = buffer_.substr(0, head_end + 4 + body);
          buffer_.erase(0, request.size());
          return request;
        }
      }
      char chunk[4096];
      if (!wait_readable()) return {};
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return {};
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }
  bool write(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // Sleeps up to `duration`, returning early (false) on stop.
  bool sleep(std::chrono::milliseconds duration) {
    const auto until = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < until) {
      if (stopping()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return !stopping();
  }

 private:
  static std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }
  bool wait_readable() {
    while (!stopping()) {
      pollfd pfd{fd_, POLLIN, 0};
      if (::poll(&pfd, 1, 50) > 0) return true;
    }
    return false;
  }
  int fd_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
};

// Accepts connections one after the other and runs `handler` on each; records every request.
class ScriptedServer {
 public:
  using Handler = std::function<void(Peer&, ScriptedServer&)>;
  explicit ScriptedServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = listen_loopback(port_);
    thread_ = std::thread([this] { run(); });
  }
  ~ScriptedServer() {
    stopping_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  uint16_t port() const { return port_; }
  void record(std::string request) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(std::move(request));
  }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  int connections() const { return connections_.load(); }

 private:
  void run() {
    while (!stopping_) {
      pollfd pfd{listen_fd_, POLLIN, 0};
      if (::poll(&pfd, 1, 50) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      Peer peer(fd, stopping_);
      handler_(peer, *this);
      ::close(fd);
    }
  }
  Handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

// Handler: answers each request on the connection with `response`, keeping it open.
inline ScriptedServer::Handler answer_with(std::string response) {
  return [response](Peer& peer, ScriptedServer& server) {
    for (;;) {
      std::string request = peer.read_request();
      if (request.empty()) return;
      server.record(std::move(request));
      if (!peer.write(response)) return;
    }
  };
}

// Handler: reads the request, sends `prefix` at once, then one more byte every 200 ms for 4 s
// (a bound for the tests themselves, should the client's timeouts fail), then closes.
inline ScriptedServer::Handler drip_after(std::string prefix) {
  return [prefix](Peer& peer, ScriptedServer& server) {
    std::string request = peer.read_request();
    if (request.empty()) return;
    server.record(std::move(request));
    if (!peer.write(prefix)) return;
    for (int i = 0; i < 20 && peer.sleep(std::chrono::milliseconds(200)); ++i) {
      if (!peer.write("a")) return;
    }
  };
}

// Handler: reads the request and never answers; closes after 4 s (a bound for the tests).
inline ScriptedServer::Handler never_answer() {
  return [](Peer& peer, ScriptedServer& server) {
    std::string request = peer.read_request();
    server.record(std::move(request));
    peer.sleep(std::chrono::milliseconds(4000));
  };
}

}  // namespace blobconform::transport::testing
