#include "harness/transport/response_parser.h"

#include <gtest/gtest.h>

namespace blobconform::transport {
namespace {

TEST(ResponseParser, ParsesStatusLineAndHeadersInOrder) {
  const std::string bytes =
      "HTTP/1.1 201 Created\r\nETag: \"0x1\"\r\nx-ms-request-id:  abc \r\netag: second\r\n\r\nBODY";
  auto head = parse_response_head(bytes);
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->status, 201);
  EXPECT_EQ(head->reason, "Created");
  EXPECT_EQ(head->http_version, "HTTP/1.1");
  EXPECT_EQ(head->head_size, bytes.size() - 4);
  ASSERT_EQ(head->headers.size(), 3u);
  EXPECT_EQ(head->headers[0], (std::pair<std::string, std::string>{"ETag", "\"0x1\""}));
  EXPECT_EQ(head->headers[1], (std::pair<std::string, std::string>{"x-ms-request-id", "abc"}));
  EXPECT_EQ(head->headers[2], (std::pair<std::string, std::string>{"etag", "second"}));
}

TEST(ResponseParser, AcceptsBareLfLineEnds) {
  const std::string bytes = "HTTP/1.1 200 OK\nContent-Length: 0\nA: b\n\nrest";
  auto head = parse_response_head(bytes);
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.size(), 2u);
  EXPECT_EQ(head->head_size, bytes.size() - 4);
  EXPECT_EQ(find_head_end(bytes), bytes.size() - 4);
}

TEST(ResponseParser, EmptyReasonAndMissingReason) {
  auto with_space = parse_response_head("HTTP/1.1 404 \r\n\r\n");
  ASSERT_TRUE(with_space.ok()) << with_space.error().message;
  EXPECT_EQ(with_space->reason, "");
  auto without = parse_response_head("HTTP/1.0 200\r\n\r\n");
  ASSERT_TRUE(without.ok()) << without.error().message;
  EXPECT_EQ(without->http_version, "HTTP/1.0");
}

TEST(ResponseParser, FindHeadEndNeedsTheBlankLine) {
  EXPECT_FALSE(find_head_end("HTTP/1.1 200 OK\r\nA: b\r\n").has_value());
  EXPECT_FALSE(find_head_end("HTTP/1.1 200 OK\r\nA: b\r\n\r").has_value());
  EXPECT_EQ(find_head_end("HTTP/1.1 200 OK\r\n\r\n"), 19u);
  auto incomplete = parse_response_head("HTTP/1.1 200 OK\r\nA: b\r\n");
  ASSERT_FALSE(incomplete.ok());
  EXPECT_NE(incomplete.error().message.find("incomplete"), std::string::npos);
}

TEST(ResponseParser, RejectsBadStatusLines) {
  for (const char* bad : {"HTTP/1.1 20 OK\r\n\r\n", "HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n",
                          "HTTP/11 200 OK\r\n\r\n", "\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n"}) {
    auto head = parse_response_head(bad);
    EXPECT_FALSE(head.ok()) << bad;
    if (!head.ok()) {
      EXPECT_EQ(head.error().message.rfind("line 1: ", 0), 0u) << head.error().message;
    }
  }
}

TEST(ResponseParser, HeaderWithoutColonNamesLineAndOffset) {
  const std::string bytes = "HTTP/1.1 200 OK\r\nA: 1\r\nno colon here\r\n\r\n";
  auto head = parse_response_head(bytes);
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().message, "line 3: header without colon at offset 23");
}

TEST(ResponseParser, ObsFoldIsAnError) {
  auto head = parse_response_head("HTTP/1.1 200 OK\r\nA: 1\r\n  continued\r\n\r\n");
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().message, "line 3: obs-fold (line starting with whitespace) at offset 23");
}

TEST(ResponseParser, JunkInNamesAndValuesIsAnError) {
  auto space_before_colon = parse_response_head("HTTP/1.1 200 OK\r\nA : 1\r\n\r\n");
  ASSERT_FALSE(space_before_colon.ok());
  EXPECT_EQ(space_before_colon.error().message, "line 2: invalid byte in header name at offset 18");
  auto empty_name = parse_response_head("HTTP/1.1 200 OK\r\n: 1\r\n\r\n");
  ASSERT_FALSE(empty_name.ok());
  EXPECT_NE(empty_name.error().message.find("empty header name at offset 17"), std::string::npos);
  auto bare_cr = parse_response_head("HTTP/1.1 200 OK\r\nA: x\ry\r\n\r\n");
  ASSERT_FALSE(bare_cr.ok());
  EXPECT_EQ(bare_cr.error().message, "line 2: control byte in header value at offset 21");
  auto nul = parse_response_head(std::string("HTTP/1.1 200 OK\r\nA: x\0y\r\n\r\n", 28));
  EXPECT_FALSE(nul.ok());
  auto obs_text = parse_response_head("HTTP/1.1 200 OK\r\nA: caf\xc3\xa9\r\n\r\n");
  EXPECT_TRUE(obs_text.ok());
}

TEST(ResponseParser, TooManyHeaders) {
  std::string ok = "HTTP/1.1 200 OK\r\n";
  for (size_t i = 0; i < kMaxResponseHeaderCount; ++i) ok += "H" + std::to_string(i) + ": v\r\n";
  EXPECT_TRUE(parse_response_head(ok + "\r\n").ok());
  auto too_many = parse_response_head(ok + "One-More: v\r\n\r\n");
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("more than 200"), std::string::npos) << too_many.error().message;
}

TEST(ResponseParser, TooLongHead) {
  const std::string big(kMaxResponseHeaderBytes, 'x');
  auto over = parse_response_head("HTTP/1.1 200 OK\r\nBig: " + big + "\r\n\r\n");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message.find("exceeds 65536 bytes"), std::string::npos) << over.error().message;
  auto never_ends = parse_response_head("HTTP/1.1 200 OK\r\nBig: " + big + big);
  ASSERT_FALSE(never_ends.ok());
  EXPECT_NE(never_ends.error().message.find("exceeds 65536 bytes"), std::string::npos);
  // Exactly at the limit is fine.
  const std::string prefix = "HTTP/1.1 200 OK\r\nBig: ";
  const std::string fits = prefix + std::string(kMaxResponseHeaderBytes - prefix.size() - 4, 'y') + "\r\n\r\n";
  ASSERT_EQ(fits.size(), kMaxResponseHeaderBytes);
  EXPECT_TRUE(parse_response_head(fits).ok());
}

}  // namespace
}  // namespace blobconform::transport
