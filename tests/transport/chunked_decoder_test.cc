#include "harness/transport/chunked_decoder.h"

#include <gtest/gtest.h>

namespace blobconform::transport {
namespace {

TEST(ChunkedDecoder, DecodesInOneFeedAndStopsAtTheEnd) {
  ChunkedDecoder decoder;
  const std::string message = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\nNEXT";
  auto used = decoder.feed(message);
  ASSERT_TRUE(used.ok()) << used.error().message;
  EXPECT_TRUE(decoder.done());
  EXPECT_EQ(*used, message.size() - 4);
  EXPECT_EQ(decoder.body(), "hello, world");
}

TEST(ChunkedDecoder, DecodesByteByByteWithTrailersAndBareLf) {
  ChunkedDecoder decoder;
  const std::string message = "A\nabcdefghij\n1 \r\nk\r\n0\r\nX-Sum: 1\r\nY:two \n\r\n";
  for (size_t i = 0; i < message.size(); ++i) {
    ASSERT_FALSE(decoder.done()) << i;
    auto used = decoder.feed(std::string_view(message).substr(i, 1));
    ASSERT_TRUE(used.ok()) << used.error().message;
    ASSERT_EQ(*used, 1u);
  }
  EXPECT_TRUE(decoder.done());
  EXPECT_EQ(decoder.body(), "abcdefghijk");
  ASSERT_EQ(decoder.trailers().size(), 2u);
  EXPECT_EQ(decoder.trailers()[0], (std::pair<std::string, std::string>{"X-Sum", "1"}));
  EXPECT_EQ(decoder.trailers()[1], (std::pair<std::string, std::string>{"Y", "two"}));
}

TEST(ChunkedDecoder, BadSizesAreErrorsWithOffsets) {
  struct Case { const char* input; const char* error; };
  for (const Case& c : {Case{"zz\r\n", "invalid chunk size at offset 0"},
                        Case{"\r\n", "invalid chunk size at offset 0"},
                        Case{"3\r\nabc\r\n-1\r\n", "invalid chunk size at offset 8"},
                        Case{"5x\r\n", "invalid byte after chunk size at offset 1"},
                        Case{"3\r\nabcX\r\n", "missing CRLF after chunk data at offset 6"},
                        Case{"3\r\nabc\rX", "missing CRLF after chunk data at offset 7"}}) {
    ChunkedDecoder decoder;
    auto used = decoder.feed(c.input);
    ASSERT_FALSE(used.ok()) << c.input;
    EXPECT_EQ(used.error().message, std::string("chunked body: ") + c.error);
    EXPECT_FALSE(decoder.feed("0\r\n\r\n").ok()) << "errors are sticky";
  }
}

TEST(ChunkedDecoder, LimitsOnSizeLineAndBody) {
  ChunkedDecoder long_line;
  auto line = long_line.feed("1;" + std::string(kMaxChunkSizeLineBytes, 'e'));
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.error().message.find("chunk size line longer than 4096"), std::string::npos);

  ChunkedDecoder small(10);
  auto over = small.feed("6\r\nabcdef\r\n5\r\n");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message.find("exceeds the body limit of 10 bytes at offset 11"), std::string::npos)
      << over.error().message;

  ChunkedDecoder huge;
  auto overflow = huge.feed("FFFFFFFFFFFFFFFFFFFF\r\n");
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.error().message.find("exceeds the body limit"), std::string::npos);
}

TEST(ChunkedDecoder, BadTrailers) {
  ChunkedDecoder no_colon;
  auto a = no_colon.feed("0\r\nbroken\r\n\r\n");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message, "chunked body: trailer without colon at offset 3");
  ChunkedDecoder fold;
  auto b = fold.feed("0\r\nA: 1\r\n folded\r\n\r\n");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message, "chunked body: obs-fold in trailer at offset 9");
  ChunkedDecoder control;
  auto c = control.feed("0\r\nA: x\x01\r\n\r\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "chunked body: control byte in trailer at offset 7");
}

TEST(ChunkedDecoder, IncompleteIsNotDone) {
  ChunkedDecoder decoder;
  auto used = decoder.feed("5\r\nhel");
  ASSERT_TRUE(used.ok());
  EXPECT_FALSE(decoder.done());
  EXPECT_EQ(decoder.body(), "hel");
  ASSERT_TRUE(decoder.feed("lo\r\n0\r\n").ok());
  EXPECT_FALSE(decoder.done());
  ASSERT_TRUE(decoder.feed("\r\n").ok());
  EXPECT_TRUE(decoder.done());
}

}  // namespace
}  // namespace blobconform::transport
