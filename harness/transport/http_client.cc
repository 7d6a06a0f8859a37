#include "harness/transport/http_client.h"

#include "harness/transport/connection.h"
#include "harness/transport/raw_client.h"
#include "harness/wire/encoding.h"

namespace blobconform::transport {
namespace {

// Whether the connection may carry another request after this response.
bool keeps_alive(const Response& response) {
  if (response.http_version != "HTTP/1.1") return false;
  for (const auto& [name, value] : response.headers) {
    if (wire::iequals(name, "Connection") && wire::iequals(wire::trim(value), "close")) return false;
  }
  return true;
}

}  // namespace

struct HttpClient::State {
  Endpoint endpoint;
  TlsOptions tls;
  Timeouts timeouts;
  std::unique_ptr<Connection> connection;  // open between requests (keep-alive)
};

HttpClient::HttpClient(Endpoint endpoint, TlsOptions tls, Timeouts timeouts) : state_(std::make_unique<State>()) {
  state_->endpoint = std::move(endpoint);
  state_->tls = std::move(tls);
  state_->timeouts = timeouts;
}

HttpClient::~HttpClient() = default;

Exchange HttpClient::send(const Request& request) {
  State& s = *state_;
  if (request.endpoint) return send_raw(*request.endpoint, TlsOptions{}, s.timeouts, request);
  if (request.exact) return send_raw(s.endpoint, s.tls, s.timeouts, request);
  const auto start = Clock::now();
  Exchange exchange;
  exchange.request = request;
  auto finish = [&]() -> Exchange {
    exchange.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return std::move(exchange);
  };
  if (s.connection && !s.connection->reusable()) s.connection.reset();
  if (s.connection) {
    s.connection->restart(start);
  } else {
    auto opened = Connection::open(s.endpoint, s.tls, s.timeouts, start);
    if (!opened) {
      exchange.transport_error = opened.error().message;
      return finish();
    }
    s.connection = std::move(*opened);
  }
  // A server may answer and close before reading the whole request (413, 400): when writing
  // fails, a response that did arrive still counts.
  auto written = s.connection->write_all(serialize_request(request), "writing the request");
  bool trailing = false;
  auto response = read_response(*s.connection, request.method, &trailing);
  if (!response) {
    s.connection.reset();
    exchange.transport_error = written ? response.error().message : written.error().message;
    return finish();
  }
  if (!written || trailing || !keeps_alive(*response)) s.connection.reset();
  exchange.response = std::move(response).value();
  return finish();
}

}  // namespace blobconform::transport
