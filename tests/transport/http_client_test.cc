// HttpClient against httplib::Server (echo, keep-alive) and scripted servers on 127.0.0.1.
#include "harness/transport/http_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "harness/transport/raw_client.h"
#include "tests/transport/test_servers.h"

namespace blobconform::transport {
namespace {

using namespace std::chrono_literals;
using testing::answer_with;
using testing::drip_after;
using testing::never_answer;
using testing::ScriptedServer;

Endpoint local(uint16_t port) { return Endpoint{"http", "127.0.0.1", port}; }

Timeouts short_timeouts() {
  Timeouts t;
  t.connect = 2000ms;
  t.read = 2000ms;
  t.total = 5000ms;
  return t;
}

// httplib::Server answering every request with what it received, and the client's port.
class EchoServer {
 public:
  EchoServer() {
    auto echo = [](const httplib::Request& req, httplib::Response& res) {
      std::string text = req.method + "\n" + req.target + "\n";
      for (const auto& [name, value] : req.headers) {
        if (name != "REMOTE_ADDR" && name != "REMOTE_PORT") text += name + ": " + value + "\n";
      }
      text += "\n" + req.body;
      res.set_header("X-Remote-Port", std::to_string(req.remote_port));
      res.set_content(text, "text/plain");
    };
    server_.Get(".*", echo);
    server_.Put(".*", echo);
    server_.Post(".*", echo);
    server_.Delete(".*", echo);
    port_ = static_cast<uint16_t>(server_.bind_to_any_port("127.0.0.1"));
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(2ms);
  }
  ~EchoServer() {
    server_.stop();
    thread_.join();
  }
  uint16_t port() const { return port_; }

 private:
  httplib::Server server_;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST(HttpClient, RequestArrivesIntactAndKeepAliveReusesTheConnection) {
  EchoServer server;
  ASSERT_NE(server.port(), 0);
  HttpClient client(local(server.port()), {}, short_timeouts());
  Request request;
  request.method = "PUT";
  request.target = "/c/b%20x?comp=metadata";
  request.headers = {{"Host", "127.0.0.1"}, {"x-ms-meta-k", "v1"}, {"x-ms-version", "2021-08-06"},
                     {"Content-Type", "application/octet-stream"}, {"Content-Length", "7"}};
  request.body = "payload";
  Exchange first = client.send(request);
  ASSERT_TRUE(first.response.has_value()) << first.transport_error;
  EXPECT_FALSE(first.raw);
  EXPECT_EQ(first.request.target, request.target);
  EXPECT_EQ(first.request.headers, request.headers);
  EXPECT_EQ(first.response->status, 200);
  EXPECT_EQ(first.response->http_version, "HTTP/1.1");
  const std::string& echoed = first.response->body;
  EXPECT_EQ(echoed.rfind("PUT\n/c/b%20x?comp=metadata\n", 0), 0u) << echoed;
  EXPECT_NE(echoed.find("x-ms-meta-k: v1\n"), std::string::npos) << echoed;
  EXPECT_NE(echoed.find("x-ms-version: 2021-08-06\n"), std::string::npos);
  EXPECT_NE(echoed.find("Content-Type: application/octet-stream\n"), std::string::npos);
  EXPECT_NE(echoed.find("Content-Length: 7\n"), std::string::npos);
  EXPECT_EQ(echoed.substr(echoed.size() - 9), "\n\npayload");

  request.method = "GET";
  request.body.clear();
  request.headers.pop_back();  // no Content-Length: nothing is added to a request
  Exchange second = client.send(request);
  ASSERT_TRUE(second.response.has_value()) << second.transport_error;
  const auto port1 = find_header(first.response->headers, "X-Remote-Port");
  const auto port2 = find_header(second.response->headers, "x-remote-port");
  ASSERT_TRUE(port1.has_value());
  EXPECT_EQ(port1, port2) << "keep-alive should reuse the connection";
}

TEST(HttpClient, TargetIsNotReEncodedAndContentLengthZeroIsSentOnce) {
  ScriptedServer server(answer_with("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
  HttpClient client(local(server.port()), {}, short_timeouts());
  Request request;
  request.method = "PUT";
  request.target = "/c/it's,a;b+c%2F\xc3\xa9?comp=x&y=1+2";
  request.headers = {{"Host", "h"}, {"Content-Length", "0"}, {"x-ms-blob-type", "BlockBlob"}};
  Exchange exchange = client.send(request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->status, 201);
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string sent = server.requests()[0];
  EXPECT_EQ(sent.rfind("PUT " + request.target + " HTTP/1.1\r\n", 0), 0u) << sent;
  EXPECT_NE(sent.find("\r\nHost: h\r\n"), std::string::npos) << sent;
  EXPECT_NE(sent.find("\r\nx-ms-blob-type: BlockBlob\r\n"), std::string::npos);
  const size_t first = sent.find("Content-Length");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(sent.find("Content-Length", first + 1), std::string::npos) << sent;
}

TEST(HttpClient, ResponseHeaderValuesArriveAsSentEvenEscapedOrEmpty) {
  ScriptedServer server(answer_with(
      "HTTP/1.1 200 OK\r\nx-ms-copy-source: http://h/c/b?se=2026-01-01T00%3A00Z&sig=a%2Fb%2B\r\nx-empty:\r\n"
      "Content-Length: 0\r\n\r\n"));
  HttpClient client(local(server.port()), {}, short_timeouts());
  Request request;
  request.method = "HEAD";
  request.target = "/c/b";
  request.headers = {{"Host", "h"}};
  Exchange exchange = client.send(request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(find_header(exchange.response->headers, "x-ms-copy-source"), "http://h/c/b?se=2026-01-01T00%3A00Z&sig=a%2Fb%2B");
  EXPECT_EQ(find_header(exchange.response->headers, "x-empty"), "");
}

TEST(HttpClient, AConnectionTheServerClosedIsNotReused) {
  ScriptedServer server([](testing::Peer& peer, ScriptedServer& record) {
    std::string request = peer.read_request();  // one request per connection, then close
    if (request.empty()) return;
    record.record(std::move(request));
    peer.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  HttpClient client(local(server.port()), {}, short_timeouts());
  Request request;
  request.method = "GET";
  request.target = "/x";
  request.headers = {{"Host", "h"}};
  for (int i = 0; i < 3; ++i) {
    Exchange exchange = client.send(request);
    ASSERT_TRUE(exchange.response.has_value()) << i << ": " << exchange.transport_error;
    std::this_thread::sleep_for(50ms);  // the server's close reaches the client
  }
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(HttpClient, AConnectionThatSentBytesAfterTheResponseIsNotReused) {
  // Each answer comes with garbage behind it in the same write: reusing the connection would read
  // the garbage as the next answer.
  std::atomic<int> connections{0};
  auto answer = answer_with("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500 Garbage\r\n\r\n");
  ScriptedServer server([&](testing::Peer& peer, ScriptedServer& self) {
    ++connections;
    answer(peer, self);
  });
  HttpClient client(local(server.port()), {}, short_timeouts());
  Request request;
  request.method = "GET";
  request.target = "/x";
  request.headers = {{"Host", "h"}};
  for (int i = 0; i < 3; ++i) {
    Exchange exchange = client.send(request);
    ASSERT_TRUE(exchange.response.has_value()) << i << ": " << exchange.transport_error;
    EXPECT_EQ(exchange.response->status, 200) << i;
    EXPECT_EQ(exchange.response->body, "ok");
  }
  EXPECT_EQ(connections.load(), 3);  // a fresh connection each time
}

TEST(HttpClient, ExactRequestGoesThroughTheRawWriter) {
  ScriptedServer server(answer_with("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  HttpClient client(local(server.port()), {}, short_timeouts());
  Request request;
  request.method = "GET";
  request.target = "/x";
  request.headers = {{"zz", "1"}, {"Host", "h"}, {"zz", "2"}};
  request.exact = true;
  Exchange exchange = client.send(request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_TRUE(exchange.raw);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0], serialize_request(request));
}

TEST(HttpClient, ARequestWithItsOwnEndpointGoesThereOverPlainHttp) {
  ScriptedServer server(answer_with("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  // The client's own endpoint is HTTPS and refuses connections: only the request's endpoint answers.
  Endpoint own = local(testing::refused_port());
  own.scheme = "https";
  HttpClient client(own, {}, short_timeouts());
  Request request;
  request.method = "GET";
  request.target = "/x";
  request.headers = {{"Host", "127.0.0.1"}};
  request.endpoint = local(server.port());
  Exchange exchange = client.send(request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "ok");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0], serialize_request(request));
  request.endpoint.reset();
  EXPECT_FALSE(client.send(request).response.has_value());
}

TEST(HttpClient, NotModifiedWithoutBodyReturnsAtOnce) {
  ScriptedServer server(answer_with("HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\n\r\n"));
  Timeouts timeouts = short_timeouts();
  timeouts.read = 3000ms;
  HttpClient client(local(server.port()), {}, timeouts);
  Request request;
  request.method = "GET";
  request.target = "/c/b";
  request.headers = {{"Host", "h"}, {"If-None-Match", "\"e\""}};
  Exchange exchange = client.send(request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->status, 304);
  EXPECT_EQ(find_header(exchange.response->headers, "etag"), "\"e\"");
  EXPECT_LT(exchange.elapsed, 1000ms);
}

TEST(HttpClient, BadFramingAndOversizedBodiesAreTransportErrors) {
  ScriptedServer conflict(answer_with("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
  HttpClient a(local(conflict.port()), {}, short_timeouts());
  Request request;
  request.method = "GET";
  request.target = "/";
  Exchange x = a.send(request);
  EXPECT_FALSE(x.response.has_value());
  EXPECT_EQ(x.transport_error, "response head: conflicting Content-Length values 1 and 2");

  ScriptedServer huge([](testing::Peer& peer, ScriptedServer& s) {
    s.record(peer.read_request());
    peer.write("HTTP/1.1 200 OK\r\n\r\n");  // until close, more than the limit
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 17 && peer.write(block); ++i) {
    }
  });
  HttpClient b(local(huge.port()), {}, short_timeouts());
  Exchange y = b.send(request);
  EXPECT_FALSE(y.response.has_value());
  EXPECT_EQ(y.transport_error, "response body exceeds the limit of 16777216 bytes");
}

TEST(HttpClient, OnlyTheTotalTimeoutEndsADripFeed) {
  Timeouts timeouts;
  timeouts.connect = 1000ms;
  timeouts.read = 500ms;
  timeouts.total = 1000ms;
  Request request;
  request.method = "GET";
  request.target = "/slow";
  {
    ScriptedServer server(drip_after("HTTP/1.1 200 OK\r\nX-Slow: "));
    HttpClient client(local(server.port()), {}, timeouts);
    const auto start = std::chrono::steady_clock::now();
    Exchange exchange = client.send(request);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(exchange.response.has_value());
    EXPECT_EQ(exchange.transport_error, "total timeout of 1000 ms exceeded while reading headers");
    EXPECT_GE(took, 950ms);
    EXPECT_LT(took, 1800ms);
  }
  {
    ScriptedServer server(drip_after("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
    HttpClient client(local(server.port()), {}, timeouts);
    Exchange exchange = client.send(request);
    EXPECT_FALSE(exchange.response.has_value());
    EXPECT_EQ(exchange.transport_error, "total timeout of 1000 ms exceeded while reading the body");
    EXPECT_LT(exchange.elapsed, 1800ms);
  }
}

TEST(HttpClient, SilentServerHitsTheReadTimeout) {
  ScriptedServer server(never_answer());
  Timeouts timeouts;
  timeouts.read = 300ms;
  timeouts.total = 5000ms;
  HttpClient client(local(server.port()), {}, timeouts);
  Request request;
  request.method = "GET";
  request.target = "/";
  Exchange exchange = client.send(request);
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_EQ(exchange.transport_error, "read timeout of 300 ms exceeded while reading headers");
  EXPECT_LT(exchange.elapsed, 1500ms);
}

TEST(HttpClient, RefusedConnection) {
  HttpClient client(local(testing::refused_port()), {}, short_timeouts());
  Request request;
  request.method = "GET";
  request.target = "/";
  Exchange exchange = client.send(request);
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_NE(exchange.transport_error.find("connection refused"), std::string::npos) << exchange.transport_error;
}

}  // namespace
}  // namespace blobconform::transport
