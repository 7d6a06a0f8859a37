#include "harness/auth/hmac.h"

#include <gtest/gtest.h>

#include "harness/auth/account_key.h"
#include "tests/auth/auth_vectors.h"

namespace blobconform::auth {
namespace {

TEST(Hmac, Rfc4231Case2) {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
  EXPECT_EQ(hmac_sha256_base64("Jefe", "what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

TEST(Hmac, EmptyKeyAndMessage) {
  // HMAC-SHA256("", "") = b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad
  EXPECT_EQ(hmac_sha256_base64("", ""), "thNnmggU2ex3L5XXeMNfxf8Wl8STcVZTxscSFEKSxa0=");
}

TEST(AccountKey, DecodesBase64) {
  auto key = make_account_key("devstoreaccount1", testing::kDevstoreKey);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->account, "devstoreaccount1");
  EXPECT_EQ(key->key.size(), 64u);
}

TEST(AccountKey, ErrorsNeverShowTheKey) {
  const std::string bad = "not*base64*secretvalue";
  auto key = make_account_key("a", bad);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.error().message.find("key"), std::string::npos);
  EXPECT_EQ(key.error().message.find("secretvalue"), std::string::npos);
  EXPECT_FALSE(make_account_key("a", "").ok());
  EXPECT_FALSE(make_account_key("", testing::kDevstoreKey).ok());
}

}  // namespace
}  // namespace blobconform::auth
