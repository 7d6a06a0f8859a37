// The reference target's front, byte for byte: what cpp-httplib's server would have changed
// reaches the operations unchanged, malformed requests get a 400 and the connection survives
// nothing it should not, and the fault kept for the network fuzzer answers 500.
#include <gtest/gtest.h>

#include "harness/transport/raw_client.h"
#include "tests/reference/reference_server.h"

namespace blobconform::reference {
namespace {

transport::Exchange send(const ReferenceServer& server, const std::string& bytes, const std::string& method = "PUT") {
  transport::Endpoint endpoint{"http", "127.0.0.1", static_cast<uint16_t>(server.port())};
  return transport::send_raw_bytes(endpoint, {}, {}, bytes, method);
}

int status_of(const transport::Exchange& exchange) { return exchange.response ? exchange.response->status : -1; }

TEST(ReferenceFront, AMalformedHeadIsA400AndTheServerGoesOn) {
  auto server = ReferenceServer::start({});
  ASSERT_TRUE(server) << server.error().message;
  EXPECT_EQ(status_of(send(**server, "PUT /reference1/c HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n")), 400);
  EXPECT_EQ(status_of(send(**server, "PUT /reference1/c HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx")), 400);
  EXPECT_EQ(status_of(send(**server, "PUT /reference1/c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")), 400);
  // Unauthenticated but well-formed: the service itself answers (401 from version 2019-12-12).
  auto answered =
      send(**server, "PUT /reference1/c?restype=container HTTP/1.1\r\nHost: h\r\nx-ms-version: 2026-06-06\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(status_of(answered), 401);
  ASSERT_TRUE(answered.response);
  EXPECT_TRUE(transport::find_header(answered.response->headers, "x-ms-request-id"));
}

// The timeout is read before authentication, as the front end reads it: past 64 bits it is out of
// range like any value outside 32 bits, and the server goes on.
TEST(ReferenceFront, ATimeoutOfAnySizeIsAnsweredBeforeAuthentication) {
  auto server = ReferenceServer::start({});
  ASSERT_TRUE(server) << server.error().message;
  auto with_timeout = [&](const std::string& timeout) {
    return status_of(send(**server, "PUT /reference1/c/b?comp=copy&copyid=x&timeout=" + timeout +
                                        " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
  };
  EXPECT_EQ(with_timeout("9223372036854775808"), 400);
  EXPECT_EQ(with_timeout("-99999999999999999999"), 400);
  EXPECT_EQ(with_timeout("2147483648"), 400);
  EXPECT_EQ(with_timeout("abc"), 400);
  EXPECT_EQ(with_timeout("0"), 500);
  EXPECT_EQ(with_timeout("-1"), 500);
  EXPECT_EQ(with_timeout("30"), 400);  // a timeout in range: on to the handler, whose copyid check refuses "x"
}

TEST(ReferenceFront, TheTruncatedEscapeFaultAnswers500AndOnlyToThatInput) {
  const std::string truncated = "PUT /reference1/c/b?comp=copy&copyid=%4 HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n";
  const std::string invalid = "PUT /reference1/c/b?comp=copy&copyid=%zz HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n";
  auto clean = ReferenceServer::start({});
  ASSERT_TRUE(clean);
  EXPECT_EQ(status_of(send(**clean, truncated)), 400);
  ReferenceOptions options;
  options.fault = Fault::TruncatedEscape500;
  auto faulty = ReferenceServer::start(options);
  ASSERT_TRUE(faulty);
  EXPECT_EQ(status_of(send(**faulty, truncated)), 500);
  EXPECT_EQ(status_of(send(**faulty, invalid)), 400);
}

TEST(Faults, EveryNameParsesBackAndUnknownNamesDoNot) {
  for (const auto& info : all_faults()) {
    auto parsed = parse_fault(info.name);
    ASSERT_TRUE(parsed) << info.name;
    EXPECT_EQ(*parsed, info.fault);
  }
  EXPECT_FALSE(parse_fault("no-such-fault"));
}

}  // namespace
}  // namespace blobconform::reference
