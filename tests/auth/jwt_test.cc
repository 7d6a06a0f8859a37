#include "harness/auth/jwt.h"

#include <gtest/gtest.h>

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

// The example token of RFC 7519 §3.1 (HS256): its claims as the RFC lists them.
constexpr const char* kRfc7519Example =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

TEST(Jwt, ReadsTheRfc7519Example) {
  auto claims = parse_jwt(kRfc7519Example);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->alg, "HS256");
  EXPECT_EQ(claims->iss, "joe");
  EXPECT_EQ(claims->exp, 1300819380);
  EXPECT_FALSE(claims->nbf);
  EXPECT_TRUE(claims->audiences.empty());
}

TEST(Jwt, ReadsAnEntraShapedTokenItMade) {
  std::string token = make_unsigned_jwt(
      R"({"aud":["https://storage.azure.com","https://a.blob.core.windows.net"],"iss":"https://sts.windows.net/t/",)"
      R"("tid":"t","oid":"o","iat":1700000000,"nbf":1700000000.5,"exp":1700003600})");
  auto claims = parse_jwt(token);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->alg, "RS256");
  EXPECT_EQ(claims->audiences, (std::vector<std::string>{"https://storage.azure.com", "https://a.blob.core.windows.net"}));
  EXPECT_EQ(claims->iss, "https://sts.windows.net/t/");
  EXPECT_EQ(claims->tid, "t");
  EXPECT_EQ(claims->oid, "o");
  EXPECT_EQ(claims->nbf, 1700000000);
  EXPECT_EQ(claims->exp, 1700003600);
  // No '=' padding and the URL-safe alphabet (RFC 7515 §2).
  EXPECT_EQ(token.find_first_of("=+/"), std::string::npos);
}

TEST(Jwt, EachBadShapeIsNamedWithoutTheToken) {
  const std::string payload = wire::base64url_encode(R"({"exp":1})");
  const std::string header = wire::base64url_encode(R"({"alg":"RS256"})");
  struct Row {
    std::string token, error;
  } rows[] = {
      {"abc", "not three parts"},
      {"a.b.c.d", "not three parts"},
      {"!!." + payload + ".", "header is not base64url"},
      {wire::base64url_encode("[1]") + "." + payload + ".", "header is not a JSON object"},
      {header + "." + wire::base64url_encode("{") + ".", "payload is not a JSON object"},
      {header + "." + payload + ".a", "signature is not base64url"},
      {header + "." + wire::base64url_encode(R"({"exp":"soon"})") + ".", "exp claim is not a date in seconds"},
      {header + "." + wire::base64url_encode(R"({"nbf":1e300})") + ".", "nbf claim is not a date in seconds"},
      {header + "." + wire::base64url_encode(R"({"iss":5})") + ".", "iss claim is not a string"},
      {header + "." + wire::base64url_encode(R"({"aud":[1]})") + ".", "aud claim holds something other than strings"},
      {header + "." + wire::base64url_encode(R"({"aud":{}})") + ".", "aud claim is neither"},
      {std::string(kMaxJwtLength + 1, 'a'), "more than 16384"},
  };
  for (const auto& row : rows) {
    auto claims = parse_jwt(row.token);
    ASSERT_FALSE(claims.ok()) << row.token;
    EXPECT_NE(claims.error().message.find(row.error), std::string::npos) << claims.error().message;
    if (row.token.size() > 8) {
      EXPECT_EQ(claims.error().message.find(row.token), std::string::npos);
    }
  }
}

TEST(Jwt, WithClaimsKeepsTheHeaderAndTheOtherClaimsAndDropsTheSignature) {
  std::string token = make_unsigned_jwt(R"({"aud":"https://storage.azure.com","iss":"i","exp":100,"upn":"u"})", 3);
  token.replace(token.rfind('.') + 1, std::string::npos, "AQID");  // a signature of three non-zero bytes
  auto changed = with_claims(token, {{"exp", 50}, {"nbf", 40}}, {{"aud", "https://management.azure.com/"}});
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(changed->substr(0, changed->find('.')), token.substr(0, token.find('.')));
  EXPECT_EQ(changed->substr(changed->rfind('.') + 1), "AAAA");  // three zero bytes
  auto claims = parse_jwt(*changed);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->exp, 50);
  EXPECT_EQ(claims->nbf, 40);
  EXPECT_EQ(claims->iss, "i");
  EXPECT_EQ(claims->audiences, std::vector<std::string>{"https://management.azure.com/"});
  EXPECT_NE(wire::base64url_decode(changed->substr(changed->find('.') + 1, changed->rfind('.') - changed->find('.') - 1))->find(
                R"("upn":"u")"),
            std::string::npos);
  EXPECT_FALSE(with_claims("not-a-token", {}, {}).ok());
}

TEST(Base64url, RoundTripsAndRefusesTheOtherAlphabet) {
  for (std::string bytes : {"", "f", "fo", "foo", "\xfb\xff\xfe"}) {
    auto back = wire::base64url_decode(wire::base64url_encode(bytes));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, bytes);
  }
  EXPECT_EQ(wire::base64url_encode("\xfb\xff\xfe"), "-__-");
  EXPECT_FALSE(wire::base64url_decode("+/8=").ok());
  EXPECT_FALSE(wire::base64url_decode("abcde").ok());  // a length no encoding has
}

}  // namespace
}  // namespace blobconform::auth
