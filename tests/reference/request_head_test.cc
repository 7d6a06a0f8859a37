// The reference target's request head parser: bytes as sent, and its limits.
#include <gtest/gtest.h>

#include "tests/reference/request_head.h"

namespace blobconform::reference {
namespace {

TEST(RequestHead, KeepsValuesAsSentEmptyOnesAndRepeatedNames) {
  auto head = parse_request_head(
      "PUT /a/c/b?comp=copy&copyid=%41 HTTP/1.1\r\nx-ms-meta-a: a%41b\r\nx-empty:\r\nX-Dup: 1\r\nx-dup:  2 \r\n\r\n");
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->method, "PUT");
  EXPECT_EQ(head->target, "/a/c/b?comp=copy&copyid=%41");
  EXPECT_EQ(head->http_version, "HTTP/1.1");
  transport::HeaderList expected = {{"x-ms-meta-a", "a%41b"}, {"x-empty", ""}, {"X-Dup", "1"}, {"x-dup", "2"}};
  EXPECT_EQ(head->headers, expected);
}

TEST(RequestHead, AcceptsBareLineFeeds) {
  auto head = parse_request_head("GET / HTTP/1.1\nHost: h\n\n");
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ(head->headers.size(), 1u);
}

TEST(RequestHead, RefusesMalformedHeadsNamingTheLine) {
  struct Bad {
    const char* bytes;
    const char* says;
  };
  for (const Bad& bad : {Bad{"GET /\r\n\r\n", "line 1"}, Bad{" / HTTP/1.1\r\n\r\n", "line 1"}, Bad{"GET / HTTP/2.0\r\n\r\n", "line 1"},
                         Bad{"G(T / HTTP/1.1\r\n\r\n", "method"}, Bad{"GET /a\x01 HTTP/1.1\r\n\r\n", "control"},
                         Bad{"GET / HTTP/1.1\r\nno colon\r\n\r\n", "line 2"},
                         Bad{"GET / HTTP/1.1\r\na: 1\r\n folded\r\n\r\n", "obs-fold"},
                         Bad{"GET / HTTP/1.1\r\nb@d: 1\r\n\r\n", "name"},
                         Bad{"GET / HTTP/1.1\r\na: x\x7fy\r\n\r\n", "control"}, Bad{"GET / HTTP/1.1\r\na: 1\r\n", "blank"}}) {
    auto head = parse_request_head(bad.bytes);
    ASSERT_FALSE(head) << bad.bytes;
    EXPECT_NE(head.error().message.find(bad.says), std::string::npos) << head.error().message;
  }
}

TEST(RequestHead, EnforcesItsLimits) {
  std::string many = "GET / HTTP/1.1\r\n";
  for (size_t i = 0; i <= kMaxRequestHeaderCount; ++i) many += "h" + std::to_string(i) + ": v\r\n";
  auto head = parse_request_head(many + "\r\n");
  ASSERT_FALSE(head);
  EXPECT_NE(head.error().message.find("header fields"), std::string::npos);

  std::string huge = "GET / HTTP/1.1\r\nx: " + std::string(kMaxRequestHeadBytes, 'a') + "\r\n\r\n";
  head = parse_request_head(huge);
  ASSERT_FALSE(head);
  EXPECT_NE(head.error().message.find("bytes"), std::string::npos);
}

}  // namespace
}  // namespace blobconform::reference
