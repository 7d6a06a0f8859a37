// A programmable HTTP server on a free loopback port, for the runner's tests.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace blobconform::testing {

class FakeServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit FakeServer(Handler handler) : handler_(std::move(handler)) {
    auto dispatch = [this](const httplib::Request& request, httplib::Response& response) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        seen_.push_back(request.method + " " + request.target);
        requests_.push_back(request);
      }
      handler_(request, response);
    };
    server_.Get(".*", dispatch);
    server_.Put(".*", dispatch);
    server_.Delete(".*", dispatch);
    server_.Post(".*", dispatch);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~FakeServer() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }
  std::vector<httplib::Request> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> seen_;
  std::vector<httplib::Request> requests_;
};

// An Azure-style XML error.
inline void azure_error(httplib::Response& response, int status, const std::string& code) {
  response.status = status;
  response.set_header("x-ms-error-code", code);
  response.set_header("x-ms-request-id", "11111111-2222-3333-4444-555555555555");
  response.set_content("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code +
                           "</Code><Message>m\nRequestId:11111111-2222-3333-4444-555555555555\nTime:x</Message></Error>",
                       "application/xml");
}

}  // namespace blobconform::testing
