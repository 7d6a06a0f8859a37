#include "harness/transport/http_client.h"

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "harness/transport/body_framing.h"
#include "harness/transport/raw_client.h"
#include "harness/transport/response_parser.h"
#include "harness/transport/sigpipe_guard.h"
#include "harness/wire/encoding.h"

namespace blobconform::transport {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string bare_host(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

std::string ms_text(milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

HeaderList to_header_list(const httplib::Headers& headers) {
  HeaderList list;
  list.reserve(headers.size());
  for (const auto& [name, value] : headers) list.emplace_back(name, value);
  return list;
}

bool has_nul(const Request& request) {
  auto nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  if (nul(request.method) || nul(request.target)) return true;
  for (const auto& [name, value] : request.headers) {
    if (nul(name) || nul(value)) return true;
  }
  return false;
}

}  // namespace

struct HttpClient::State {
  Endpoint endpoint;
  TlsOptions tls;
  Timeouts timeouts;
  std::unique_ptr<httplib::ClientImpl> client;
  std::string setup_error;  // set when the client cannot be used (bad CA file, TLS setup)

  // Watchdog: stops the connection once the deadline of the request in progress has passed.
  std::mutex mutex;
  std::condition_variable wake;
  bool quit = false;
  bool armed = false;
  bool fired = false;
  Clock::time_point deadline;
  std::thread watchdog;

  void watch() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!quit) {
      if (!armed) {
        wake.wait(lock);
      } else if (Clock::now() >= deadline) {
        fired = true;
        client->stop();  // shuts the socket down: the blocked read or write returns
        wake.wait_for(lock, milliseconds(20));  // again, until send() returns and disarms
      } else {
        wake.wait_until(lock, deadline);
      }
    }
  }

  void arm(Clock::time_point until) {
    std::lock_guard<std::mutex> lock(mutex);
    armed = true;
    fired = false;
    deadline = until;
    wake.notify_all();
  }

  bool disarm() {  // true when the deadline was reached
    std::lock_guard<std::mutex> lock(mutex);
    armed = false;
    wake.notify_all();
    return fired;
  }
};

HttpClient::HttpClient(Endpoint endpoint, TlsOptions tls, Timeouts timeouts)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.endpoint = std::move(endpoint);
  s.tls = std::move(tls);
  s.timeouts = timeouts;
  const std::string host = bare_host(s.endpoint.host);
  if (s.endpoint.scheme == "https") {
    auto ssl = std::make_unique<httplib::SSLClient>(host, s.endpoint.port);
    if (!ssl->is_valid() || ssl->ssl_context() == nullptr) s.setup_error = "TLS setup failed";
    ssl->enable_server_certificate_verification(s.tls.verify);
    // Extra trust anchors go into the context's store; httplib then adds the system's
    // (set_ca_cert_path would replace them).
    if (s.tls.verify && !s.tls.ca_file.empty() && ssl->ssl_context() != nullptr) {
      ERR_clear_error();
      if (SSL_CTX_load_verify_locations(ssl->ssl_context(), s.tls.ca_file.c_str(), nullptr) != 1) {
        s.setup_error = "cannot load CA file " + s.tls.ca_file;
      }
      ERR_clear_error();
    }
    s.client = std::move(ssl);
  } else {
    if (s.endpoint.scheme != "http") s.setup_error = "unsupported scheme \"" + s.endpoint.scheme + "\"";
    s.client = std::make_unique<httplib::ClientImpl>(host, s.endpoint.port);
  }
  s.client->set_keep_alive(true);
  s.client->set_url_encode(false);
  s.client->set_decompress(false);
  s.client->set_follow_location(false);
  s.client->set_connection_timeout(s.timeouts.connect);
  s.client->set_read_timeout(s.timeouts.read);
  s.client->set_write_timeout(s.timeouts.read);
  s.watchdog = std::thread([&s] { s.watch(); });
}

HttpClient::~HttpClient() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->quit = true;
    state_->wake.notify_all();
  }
  state_->watchdog.join();
}

Exchange HttpClient::send(const Request& request) {
  State& s = *state_;
  if (request.exact || request.target.empty() || has_nul(request)) {
    return send_raw(s.endpoint, s.tls, s.timeouts, request);
  }
  // httplib always adds "Content-Length: 0" to an empty POST/PUT/PATCH (see the header).
  bool drop_content_length = false;
  if (request.body.empty() &&
      (request.method == "POST" || request.method == "PUT" || request.method == "PATCH")) {
    const size_t count = count_header(request.headers, "Content-Length");
    if (count == 1 && find_header(request.headers, "Content-Length") == "0") {
      drop_content_length = true;
    } else if (count > 0) {
      return send_raw(s.endpoint, s.tls, s.timeouts, request);
    }
  }

  const auto start = Clock::now();
  Exchange exchange;
  exchange.request = request;
  auto finish = [&]() -> Exchange {
    exchange.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    return std::move(exchange);
  };
  if (!s.setup_error.empty()) {
    exchange.transport_error = s.setup_error;
    return finish();
  }

  httplib::Request req;
  req.method = request.method;
  req.path = request.target;
  for (const auto& [name, value] : request.headers) {
    if (drop_content_length && wire::iequals(name, "Content-Length")) continue;
    req.headers.emplace(name, value);
  }
  req.body = request.body;

  const auto deadline = start + s.timeouts.total;
  bool head_received = false;
  bool no_body = false;           // the head says no body follows (1xx, 304): reading stops
  std::string handler_error;      // why a callback stopped the exchange
  Clock::time_point last_activity = start;
  std::string body;
  req.response_handler = [&](const httplib::Response& res) {
    head_received = true;
    last_activity = Clock::now();
    ResponseHead head;
    head.status = res.status;
    head.headers = to_header_list(res.headers);
    auto framing = body_framing(head, request.method);
    if (!framing) {
      handler_error = "response head: " + framing.error().message;
      return false;
    }
    if (framing->kind == BodyFraming::Kind::kNone) {
      no_body = true;  // httplib would otherwise wait for a body until the connection closes
      return false;
    }
    return true;
  };
  req.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
    last_activity = Clock::now();
    if (last_activity >= deadline) {
      handler_error = "total timeout of " + ms_text(s.timeouts.total) + " exceeded while reading the body";
      return false;
    }
    if (size > kMaxResponseBodyBytes - body.size()) {
      handler_error = "response body exceeds the limit of " + std::to_string(kMaxResponseBodyBytes) + " bytes";
      return false;
    }
    body.append(data, size);
    return true;
  };

  httplib::Response res;
  auto error = httplib::Error::Success;
  s.arm(deadline);
  bool ok;
  {
    SigpipeGuard guard;  // httplib's TLS writes go through write()
    ok = s.client->send(req, res, error);
  }
  const bool fired = s.disarm();

  if (ok || (error == httplib::Error::Canceled && no_body)) {
    Response response;
    response.status = res.status;
    response.reason = res.reason;
    response.http_version = res.version;
    response.headers = to_header_list(res.headers);
    response.body = std::move(body);
    if (response.headers.size() > kMaxResponseHeaderCount) {
      exchange.transport_error = "response head: more than " + std::to_string(kMaxResponseHeaderCount) + " header fields";
      return finish();
    }
    ResponseHead head;
    head.status = response.status;
    head.headers = response.headers;
    if (auto framing = body_framing(head, request.method); !framing) {
      exchange.transport_error = "response head: " + framing.error().message;
      return finish();
    }
    exchange.response = std::move(response);
    return finish();
  }

  const std::string phase = head_received ? "reading the body" : "reading headers";
  const std::string where = s.endpoint.host + ":" + std::to_string(s.endpoint.port);
  if (!handler_error.empty()) {
    exchange.transport_error = handler_error;
  } else if (fired || Clock::now() >= deadline) {
    exchange.transport_error = "total timeout of " + ms_text(s.timeouts.total) + " exceeded while " + phase;
  } else {
    switch (error) {
      case httplib::Error::Connection:
        exchange.transport_error = "connect to " + where + " failed (connection refused or host unreachable)";
        break;
      case httplib::Error::ConnectionTimeout:
        exchange.transport_error = "connect timeout of " + ms_text(s.timeouts.connect) + " exceeded while connecting to " + where;
        break;
      case httplib::Error::Read:
        // httplib does not tell a read timeout from a close; the time since the last data does.
        if (Clock::now() - last_activity >= s.timeouts.read - milliseconds(50)) {
          exchange.transport_error = "read timeout of " + ms_text(s.timeouts.read) + " exceeded while " + phase;
        } else {
          exchange.transport_error = "read failed while " + phase + ": connection closed by the server or malformed response";
        }
        break;
      case httplib::Error::Write:
        exchange.transport_error = "write failed while writing the request (connection closed or write timeout)";
        break;
      case httplib::Error::SSLConnection:
        exchange.transport_error = "TLS handshake with " + where + " failed";
        break;
      case httplib::Error::SSLLoadingCerts:
        exchange.transport_error = "TLS: cannot load the trust anchors";
        break;
      case httplib::Error::SSLServerVerification: {
        const long verify = static_cast<httplib::SSLClient&>(*s.client).get_openssl_verify_result();
        exchange.transport_error = verify != X509_V_OK
            ? std::string("TLS certificate verification failed: ") + X509_verify_cert_error_string(verify)
            : std::string("TLS certificate verification failed: host name mismatch");
        break;
      }
      default:
        exchange.transport_error = "HTTP client error " + httplib::to_string(error) + " while " + phase;
        break;
    }
  }
  return finish();
}

}  // namespace blobconform::transport
