// send_raw / send_raw_bytes against scripted servers on 127.0.0.1.
#include <gtest/gtest.h>

#include "harness/transport/raw_client.h"
#include "tests/transport/test_servers.h"

namespace blobconform::transport {
namespace {

using namespace std::chrono_literals;
using testing::answer_with;
using testing::drip_after;
using testing::never_answer;
using testing::Peer;
using testing::ScriptedServer;

Endpoint local(uint16_t port) { return Endpoint{"http", "127.0.0.1", port}; }

Timeouts short_timeouts() {
  Timeouts t;
  t.connect = 2000ms;
  t.read = 2000ms;
  t.total = 5000ms;
  return t;
}

Request odd_request() {
  Request request;
  request.method = "PUT";
  request.target = "/c/it's,a;b+c%2F?comp=x&y=1+2";
  request.headers = {{"x-ms-meta-b", "2"}, {"Host", "127.0.0.1"}, {"x-ms-meta-b", "  dup "},
                     {"Content-Length", "3"}};
  request.body = "abc";
  request.exact = true;
  return request;
}

TEST(RawClient, SendsExactBytesAndReadsContentLengthBody) {
  ScriptedServer server(answer_with("HTTP/1.1 201 Created\r\nX-A: 1\r\nContent-Length: 5\r\n\r\nhello"));
  const Request request = odd_request();
  Exchange exchange = send_raw(local(server.port()), {}, short_timeouts(), request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_TRUE(exchange.transport_error.empty());
  EXPECT_TRUE(exchange.raw);
  EXPECT_EQ(exchange.request.target, request.target);
  EXPECT_EQ(exchange.response->status, 201);
  EXPECT_EQ(exchange.response->reason, "Created");
  EXPECT_EQ(exchange.response->http_version, "HTTP/1.1");
  EXPECT_EQ(exchange.response->body, "hello");
  ASSERT_EQ(exchange.response->headers.size(), 2u);
  EXPECT_EQ(exchange.response->headers[0].first, "X-A");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0], serialize_request(request));
}

TEST(RawClient, ChunkedBodyIsDecoded) {
  ScriptedServer server(answer_with(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: 1\r\n\r\n"));
  Exchange exchange = send_raw(local(server.port()), {}, short_timeouts(), odd_request());
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "abcde");
}

TEST(RawClient, BodyUntilCloseAndInterimResponsesSkipped) {
  ScriptedServer server([](Peer& peer, ScriptedServer& s) {
    s.record(peer.read_request());
    peer.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\nX-Lf: yes\n\nall of it");
  });  // the connection closes when the handler returns
  Exchange exchange = send_raw(local(server.port()), {}, short_timeouts(), odd_request());
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->status, 200);
  EXPECT_EQ(exchange.response->body, "all of it");
  EXPECT_EQ(find_header(exchange.response->headers, "x-lf"), "yes");
}

TEST(RawClient, HeadResponseEndsAfterTheHead) {
  ScriptedServer server(answer_with("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"));
  Request request;
  request.method = "HEAD";
  request.target = "/c/b";
  const auto start = std::chrono::steady_clock::now();
  Exchange exchange = send_raw(local(server.port()), {}, short_timeouts(), request);
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
}

TEST(RawClient, MalformedHeadIsATransportError) {
  ScriptedServer server(answer_with("HTTP/1.1 200 OK\r\nGood: 1\r\nbad line\r\n\r\n"));
  Exchange exchange = send_raw(local(server.port()), {}, short_timeouts(), odd_request());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_EQ(exchange.transport_error, "response head: line 3: header without colon at offset 26");
}

TEST(RawClient, ConflictingOrHugeContentLengthIsATransportError) {
  ScriptedServer conflict(answer_with("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
  Exchange a = send_raw(local(conflict.port()), {}, short_timeouts(), odd_request());
  EXPECT_FALSE(a.response.has_value());
  EXPECT_EQ(a.transport_error, "response head: conflicting Content-Length values 1 and 2");
  ScriptedServer huge(answer_with("HTTP/1.1 200 OK\r\nContent-Length: 17000000\r\n\r\n"));
  Exchange b = send_raw(local(huge.port()), {}, short_timeouts(), odd_request());
  EXPECT_FALSE(b.response.has_value());
  EXPECT_NE(b.transport_error.find("exceeds the limit of 16777216 bytes"), std::string::npos) << b.transport_error;
}

TEST(RawClient, TruncatedBodyIsATransportError) {
  ScriptedServer server([](Peer& peer, ScriptedServer& s) {
    s.record(peer.read_request());
    peer.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab");
  });
  Exchange exchange = send_raw(local(server.port()), {}, short_timeouts(), odd_request());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_EQ(exchange.transport_error, "connection closed by the server after 2 of 10 body bytes");
}

TEST(RawClient, OnlyTheTotalTimeoutEndsADripFeed) {
  Timeouts timeouts;
  timeouts.connect = 1000ms;
  timeouts.read = 500ms;
  timeouts.total = 1000ms;
  {
    ScriptedServer server(drip_after("HTTP/1.1 200 OK\r\nX-Slow: "));
    const auto start = std::chrono::steady_clock::now();
    Exchange exchange = send_raw(local(server.port()), {}, timeouts, odd_request());
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_FALSE(exchange.response.has_value());
    EXPECT_EQ(exchange.transport_error, "total timeout of 1000 ms exceeded while reading headers");
    EXPECT_GE(took, 950ms);
    EXPECT_LT(took, 1800ms);
  }
  {
    ScriptedServer server(drip_after("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
    Exchange exchange = send_raw(local(server.port()), {}, timeouts, odd_request());
    EXPECT_EQ(exchange.transport_error, "total timeout of 1000 ms exceeded while reading the body");
    EXPECT_LT(exchange.elapsed, 1800ms);
  }
}

TEST(RawClient, SilentServerHitsTheReadTimeout) {
  ScriptedServer server(never_answer());
  Timeouts timeouts;
  timeouts.read = 300ms;
  timeouts.total = 5000ms;
  Exchange exchange = send_raw(local(server.port()), {}, timeouts, odd_request());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_EQ(exchange.transport_error, "read timeout of 300 ms exceeded while reading headers");
  EXPECT_GE(exchange.elapsed, 290ms);
  EXPECT_LT(exchange.elapsed, 1500ms);
}

TEST(RawClient, RefusedConnection) {
  Exchange exchange = send_raw(local(testing::refused_port()), {}, short_timeouts(), odd_request());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_NE(exchange.transport_error.find("connection refused"), std::string::npos) << exchange.transport_error;
}

TEST(RawClient, SendRawBytesSendsArbitraryBytes) {
  ScriptedServer server(answer_with("HTTP/1.1 400 Bad\r\nContent-Length: 0\r\n\r\n"));
  const std::string bytes = "GET /x%zz HTTP/1.1\r\nHost: a\r\nA: \x80\xfe\r\n\r\n";
  Exchange exchange = send_raw_bytes(local(server.port()), {}, short_timeouts(), bytes, "GET");
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->status, 400);
  EXPECT_EQ(exchange.request.method, "GET");
  EXPECT_EQ(exchange.request.target, "/x%zz");
  EXPECT_TRUE(exchange.raw);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0], bytes);
}

}  // namespace
}  // namespace blobconform::transport
