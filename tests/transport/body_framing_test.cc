#include "harness/transport/body_framing.h"

#include <gtest/gtest.h>

namespace blobconform::transport {
namespace {

ResponseHead head(int status, HeaderList headers) {
  ResponseHead h;
  h.status = status;
  h.headers = std::move(headers);
  return h;
}

using Kind = BodyFraming::Kind;

TEST(BodyFraming, NoBodyForHeadAndBodylessStatuses) {
  EXPECT_EQ(body_framing(head(200, {{"Content-Length", "10"}}), "HEAD")->kind, Kind::kNone);
  for (int status : {100, 101, 204, 304}) {
    EXPECT_EQ(body_framing(head(status, {{"Content-Length", "10"}}), "GET")->kind, Kind::kNone) << status;
  }
}

TEST(BodyFraming, ContentLength) {
  auto framing = body_framing(head(200, {{"content-length", "42"}}), "GET");
  ASSERT_TRUE(framing.ok());
  EXPECT_EQ(framing->kind, Kind::kContentLength);
  EXPECT_EQ(framing->length, 42u);
  auto same_twice = body_framing(head(200, {{"Content-Length", "7"}, {"Content-Length", "7, 7"}}), "GET");
  ASSERT_TRUE(same_twice.ok()) << same_twice.error().message;
  EXPECT_EQ(same_twice->length, 7u);
}

TEST(BodyFraming, InvalidOrConflictingContentLengthIsAnError) {
  for (const char* bad : {"", "-1", "+5", "1 2", "0x10", "12a", "99999999999999999999999999"}) {
    EXPECT_FALSE(body_framing(head(200, {{"Content-Length", bad}}), "GET").ok()) << bad;
  }
  auto conflict = body_framing(head(200, {{"Content-Length", "5"}, {"Content-Length", "6"}}), "GET");
  ASSERT_FALSE(conflict.ok());
  EXPECT_NE(conflict.error().message.find("conflicting Content-Length"), std::string::npos);
  EXPECT_FALSE(body_framing(head(200, {{"Content-Length", "5, 6"}}), "GET").ok());
  EXPECT_FALSE(body_framing(head(200, {{"Content-Length", "5,"}}), "GET").ok());
}

TEST(BodyFraming, ContentLengthOverTheLimit) {
  EXPECT_TRUE(body_framing(head(200, {{"Content-Length", std::to_string(kMaxResponseBodyBytes)}}), "GET").ok());
  auto over = body_framing(head(200, {{"Content-Length", std::to_string(kMaxResponseBodyBytes + 1)}}), "GET");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message.find("exceeds the limit"), std::string::npos);
}

TEST(BodyFraming, ChunkedAndUntilClose) {
  EXPECT_EQ(body_framing(head(200, {{"Transfer-Encoding", "chunked"}}), "GET")->kind, Kind::kChunked);
  EXPECT_EQ(body_framing(head(200, {{"Transfer-Encoding", "gzip, Chunked"}}), "GET")->kind, Kind::kChunked);
  EXPECT_EQ(body_framing(head(200, {{"Transfer-Encoding", "chunked, gzip"}}), "GET")->kind, Kind::kUntilClose);
  EXPECT_EQ(body_framing(head(200, {}), "GET")->kind, Kind::kUntilClose);
  EXPECT_FALSE(body_framing(head(200, {{"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}}), "GET").ok());
}

}  // namespace
}  // namespace blobconform::transport
