// Get User Delegation Key's answer read into the fields a user-delegation SAS carries: the body
// of docs/research/user-delegation-sas.md §A.2 (the page's example, with Azurite's values), the
// newer SignedDelegatedUserTid, and every way an answer can be unusable, named without the Value.
#include "harness/auth/user_delegation_key.h"

#include <gtest/gtest.h>

namespace blobconform::auth {
namespace {

constexpr const char* kValue = "SgZa+ygrrtsyVXHSuzZmfZwZB7FXMItMiXXo66tKEZ8=";

std::string body(const std::string& extra = "", const std::string& value = kValue) {
  return std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<UserDelegationKey>\n") +
         "  <SignedOid>11111111-1111-1111-1111-111111111111</SignedOid>\n"
         "  <SignedTid>22222222-2222-2222-2222-222222222222</SignedTid>\n"
         "  <SignedStart>2025-01-01T00:00:00Z</SignedStart>\n  <SignedExpiry>2025-01-08T00:00:00Z</SignedExpiry>\n"
         "  <SignedService>b</SignedService>\n  <SignedVersion>2026-06-06</SignedVersion>\n" +
         extra + "  <Value>" + value + "</Value>\n</UserDelegationKey>";
}

// body() without the element `name`.
std::string without(const std::string& name) {
  std::string xml = body();
  size_t from = xml.find("  <" + name + ">");
  size_t to = xml.find("</" + name + ">\n") + name.size() + 4;
  return xml.erase(from, to - from);
}

TEST(UserDelegationKey, ReadsTheServicesAnswer) {
  auto key = parse_user_delegation_key(body());
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->signed_oid, "11111111-1111-1111-1111-111111111111");
  EXPECT_EQ(key->signed_tid, "22222222-2222-2222-2222-222222222222");
  EXPECT_EQ(key->signed_start, "2025-01-01T00:00:00Z");
  EXPECT_EQ(key->signed_expiry, "2025-01-08T00:00:00Z");
  EXPECT_EQ(key->signed_service, "b");
  EXPECT_EQ(key->signed_version, "2026-06-06");
  EXPECT_EQ(key->signed_delegated_user_tid, "");
  EXPECT_EQ(key->value, kValue);
  auto delegated = parse_user_delegation_key(body("  <SignedDelegatedUserTid>33333333-3333-3333-3333-333333333333</SignedDelegatedUserTid>\n"));
  ASSERT_TRUE(delegated.ok());
  EXPECT_EQ(delegated->signed_delegated_user_tid, "33333333-3333-3333-3333-333333333333");
}

TEST(UserDelegationKey, AnUnusableAnswerIsNamedWithoutTheValue) {
  struct Row {
    std::string xml, expected;
  } rows[] = {
      {"", "not XML"},
      {"<Error><Code>AuthenticationFailed</Code></Error>", "root element is <Error>"},
      {body("", ""), "<Value> is empty"},
      {body("", "not base64 secret!"), "<Value> is not Base64"},
      {without("SignedTid"), "has no <SignedTid>"},
      {std::string(kMaxUserDelegationKeyBytes + 1, ' '), "more than"},
  };
  for (const auto& row : rows) {
    auto key = parse_user_delegation_key(row.xml);
    ASSERT_FALSE(key.ok()) << row.expected;
    EXPECT_NE(key.error().message.find(row.expected), std::string::npos) << key.error().message;
    EXPECT_EQ(key.error().message.find("secret"), std::string::npos);
  }
  std::string nested = body();
  nested.replace(nested.find("11111111"), 36, "<b>1</b>");
  EXPECT_NE(parse_user_delegation_key(nested).error().message.find("<SignedOid> holds elements"), std::string::npos);
}

}  // namespace
}  // namespace blobconform::auth
