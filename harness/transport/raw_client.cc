#include "harness/transport/raw_client.h"

#include <memory>

#include "harness/transport/body_framing.h"
#include "harness/transport/chunked_decoder.h"
#include "harness/transport/connection.h"
#include "harness/transport/response_parser.h"

namespace blobconform::transport {
namespace {

constexpr std::string_view kReadingHead = "reading headers";
constexpr std::string_view kReadingBody = "reading the body";

}  // namespace

Result<Response> read_response(Connection& connection, std::string_view method, bool* trailing) {
  std::string buffer;
  if (trailing) *trailing = false;
  for (int interim = 0;; ++interim) {  // heads of 1xx interim responses are skipped, a few of them
    if (interim > kMaxInterimResponses) {
      return fail("more than " + std::to_string(kMaxInterimResponses) + " interim (1xx) responses");
    }
    std::optional<size_t> end;
    while (!(end = find_head_end(buffer))) {
      if (buffer.size() > kMaxResponseHeaderBytes) break;
      auto n = connection.read_some(buffer, kMaxResponseHeaderBytes + 3 - buffer.size(), kReadingHead);
      if (!n) return n.error();
      if (*n == 0) {
        return fail(buffer.empty() ? "connection closed by the server before any response"
                                   : "connection closed by the server within the response head");
      }
    }
    auto head = parse_response_head(buffer);
    if (!head) return fail("response head: " + head.error().message);
    buffer.erase(0, head->head_size);
    if (head->status >= 100 && head->status < 200 && head->status != 101) continue;

    Response response;
    response.status = head->status;
    response.reason = std::move(head->reason);
    response.http_version = std::move(head->http_version);
    auto framing = body_framing(*head, method);
    response.headers = std::move(head->headers);
    if (!framing) return fail("response head: " + framing.error().message);

    switch (framing->kind) {
      case BodyFraming::Kind::kNone:
        return response;
      case BodyFraming::Kind::kContentLength: {
        while (buffer.size() < framing->length) {
          auto n = connection.read_some(buffer, framing->length - buffer.size(), kReadingBody);
          if (!n) return n.error();
          if (*n == 0) {
            return fail("connection closed by the server after " + std::to_string(buffer.size()) +
                        " of " + std::to_string(framing->length) + " body bytes");
          }
        }
        if (trailing) *trailing = buffer.size() > framing->length;  // bytes nobody asked for
        buffer.resize(framing->length);
        response.body = std::move(buffer);
        return response;
      }
      case BodyFraming::Kind::kChunked: {
        ChunkedDecoder decoder;
        for (;;) {
          auto used = decoder.feed(buffer);
          if (!used) return used.error();
          if (trailing && *used < buffer.size()) *trailing = true;  // bytes after the last chunk
          buffer.clear();
          if (decoder.done()) break;
          auto n = connection.read_some(buffer, 16384, kReadingBody);
          if (!n) return n.error();
          if (*n == 0) return fail("connection closed by the server within the chunked body");
        }
        response.body = decoder.take_body();
        return response;
      }
      case BodyFraming::Kind::kUntilClose: {
        for (;;) {
          if (buffer.size() > kMaxResponseBodyBytes) {
            return fail("response body exceeds the limit of " + std::to_string(kMaxResponseBodyBytes) + " bytes");
          }
          auto n = connection.read_some(buffer, kMaxResponseBodyBytes + 1 - buffer.size(), kReadingBody);
          if (!n) return n.error();
          if (*n == 0) break;
        }
        response.body = std::move(buffer);
        return response;
      }
    }
    return fail("unknown body framing");
  }
}

namespace {

Exchange exchange_bytes(const Endpoint& endpoint, const TlsOptions& tls, const Timeouts& timeouts,
                        std::string_view bytes, std::string_view method, Request request) {
  const auto start = Clock::now();
  Exchange exchange;
  exchange.raw = true;
  exchange.request = std::move(request);
  auto finish = [&](Exchange& done) -> Exchange {
    done.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return std::move(done);
  };

  auto connection = Connection::open(endpoint, tls, timeouts, start);
  if (!connection) {
    exchange.transport_error = connection.error().message;
    return finish(exchange);
  }
  // A server may answer and close before reading the whole request (413, 400): when writing
  // fails, a response that did arrive still counts.
  auto written = (*connection)->write_all(bytes, "writing the request");
  auto response = read_response(**connection, method);
  if (response) {
    exchange.response = std::move(response).value();
  } else {
    exchange.transport_error = written ? response.error().message : written.error().message;
  }
  return finish(exchange);
}

}  // namespace

std::string serialize_request(const Request& request) {
  std::string out;
  size_t size = request.method.size() + request.target.size() + request.http_version.size() + request.body.size() + 8;
  for (const auto& [name, value] : request.headers) size += name.size() + value.size() + 4;
  out.reserve(size);
  out.append(request.method).append(" ").append(request.target).append(" ").append(request.http_version).append("\r\n");
  for (const auto& [name, value] : request.headers) out.append(name).append(": ").append(value).append("\r\n");
  out.append("\r\n").append(request.body);
  return out;
}

Exchange send_raw(const Endpoint& endpoint, const TlsOptions& tls, const Timeouts& timeouts,
                  const Request& request) {
  return exchange_bytes(endpoint, tls, timeouts, serialize_request(request), request.method, request);
}

Exchange send_raw_bytes(const Endpoint& endpoint, const TlsOptions& tls, const Timeouts& timeouts,
                        std::string_view bytes, std::string_view method) {
  Request request;
  request.method = std::string(method);
  request.exact = true;
  const auto line = bytes.substr(0, bytes.find('\n'));
  if (const size_t sp = line.find(' '); sp != std::string_view::npos) {
    const auto rest = line.substr(sp + 1);
    request.target = std::string(rest.substr(0, rest.find(' ')));
  }
  return exchange_bytes(endpoint, tls, timeouts, bytes, method, std::move(request));
}

}  // namespace blobconform::transport
