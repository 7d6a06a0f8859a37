#include <gtest/gtest.h>

#include "harness/wire/encoding.h"

namespace blobconform::wire {
namespace {

TEST(PercentEncode, KeepsOnlyUnreserved) {
  EXPECT_EQ(percent_encode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(percent_encode("a b/c?d=e&f+g%"), "a%20b%2Fc%3Fd%3De%26f%2Bg%25");
  EXPECT_EQ(percent_encode("\xC3\xA9"), "%C3%A9");
}

TEST(PercentDecode, DecodesAndRejectsMalformedEscapes) {
  EXPECT_EQ(*percent_decode("a%20b%2fc+d"), "a b/c+d");
  auto bad = percent_decode("ab%2");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("offset 2"), std::string::npos);
  EXPECT_FALSE(percent_decode("%zz").ok());
  EXPECT_FALSE(percent_decode("%").ok());
}

TEST(FormDecode, PlusIsASpaceAndAnEscapedPlusAPlus) {
  EXPECT_EQ(*form_decode("a+b%2Bc%20d"), "a b+c d");
  EXPECT_FALSE(form_decode("a+%2").ok());
}

TEST(Base64, RoundTripsAndIsStrict) {
  for (const std::string& text : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    auto decoded = base64_decode(base64_encode(text));
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_FALSE(base64_decode("Zm9").ok());      // length
  EXPECT_FALSE(base64_decode("Zm9v!mFy").ok()); // alphabet
  EXPECT_FALSE(base64_decode("Zm==Zm9v").ok()); // data after padding
  EXPECT_FALSE(base64_decode("Z===").ok());     // too much padding
}

TEST(Text, CaseAndTrim) {
  EXPECT_EQ(to_lower("X-Ms-Version"), "x-ms-version");
  EXPECT_TRUE(iequals("Content-Length", "content-length"));
  EXPECT_FALSE(iequals("abc", "abd"));
  EXPECT_EQ(trim(" \t abc \t"), "abc");
  EXPECT_EQ(trim("   "), "");
}

}  // namespace
}  // namespace blobconform::wire
