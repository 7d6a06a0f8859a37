#include "harness/auth/account_sas.h"

#include <gtest/gtest.h>

#include "harness/auth/hmac.h"
#include "tests/auth/auth_vectors.h"

namespace blobconform::auth {
namespace {

AccountSas abort_account_sas(const std::string& version) {
  AccountSas sas;
  sas.version = version;
  sas.services = "b";
  sas.resource_types = "o";
  sas.permissions = "w";
  sas.start = "2015-06-26T00:00:00Z";
  sas.expiry = "2015-06-27T00:00:00Z";
  sas.protocol = "https";
  sas.account = "devstoreaccount1";
  return sas;
}

AccountKey devstore() { return *make_account_key("devstoreaccount1", testing::kDevstoreKey); }

void expect_vector(const AccountSas& sas, const std::string& expected, const std::string& signature) {
  auto built = account_sas_string_to_sign(sas);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(*built, expected);
  EXPECT_EQ(hmac_sha256_base64(devstore().key, *built), signature);
}

TEST(AccountSasVectors, A1Version20150405) {
  expect_vector(abort_account_sas("2015-04-05"),
                "devstoreaccount1\nw\nb\no\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n\nhttps\n2015-04-05\n",
                "gvh2g2yNftPlMOQTMIdc50jCfeXVweyyXPoJaMFXRYI=");
}

TEST(AccountSasVectors, A2Version20201206) {
  expect_vector(abort_account_sas("2020-12-06"),
                "devstoreaccount1\nw\nb\no\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n\nhttps\n2020-12-06\n\n",
                "R0JIEQSTMVX5nH9vJC3kl0tEbMxQ6/aqJ2tz6orBTwc=");
}

TEST(AccountSas, EncryptionScopeOnlyFrom20201206) {
  auto sas = abort_account_sas("2020-12-06");
  sas.encryption_scope = "scope1";
  sas.ip = "1.2.3.4";
  EXPECT_EQ(*account_sas_string_to_sign(sas),
            "devstoreaccount1\nw\nb\no\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n1.2.3.4\nhttps\n2020-12-06\nscope1\n");
  sas.version = "2019-12-12";
  EXPECT_EQ(*account_sas_string_to_sign(sas),
            "devstoreaccount1\nw\nb\no\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n1.2.3.4\nhttps\n2019-12-12\n");
  auto token = account_sas_token(sas, devstore(), false);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->find("ses="), std::string::npos);
}

TEST(AccountSas, Errors) {
  auto expect_error = [](AccountSas sas, const std::string& field) {
    auto built = account_sas_string_to_sign(sas);
    ASSERT_FALSE(built.ok()) << field;
    EXPECT_NE(built.error().message.find(field), std::string::npos) << built.error().message;
    EXPECT_FALSE(account_sas_token(sas, devstore(), false).ok());
  };
  auto sas = abort_account_sas("2015-02-21");
  expect_error(sas, "version");
  sas = abort_account_sas("2020-12-06");
  sas.services = "bz";
  expect_error(sas, "services");
  sas = abort_account_sas("2020-12-06");
  sas.resource_types = "";
  expect_error(sas, "resource_types");
  sas = abort_account_sas("2020-12-06");
  sas.permissions = "wq";
  expect_error(sas, "permissions");
  sas = abort_account_sas("2020-12-06");
  sas.expiry = "";
  expect_error(sas, "expiry");
  sas = abort_account_sas("2020-12-06");
  sas.start = "2015\n";
  expect_error(sas, "start");
}

TEST(AccountSasToken, A2Token) {
  auto token = account_sas_token(abort_account_sas("2020-12-06"), devstore(), false);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(*token,
            "sv=2020-12-06&ss=b&srt=o&sp=w&st=2015-06-26T00%3A00%3A00Z&se=2015-06-27T00%3A00%3A00Z&spr=https"
            "&sig=R0JIEQSTMVX5nH9vJC3kl0tEbMxQ6%2FaqJ2tz6orBTwc%3D");
  auto tampered = account_sas_token(abort_account_sas("2020-12-06"), devstore(), true);
  ASSERT_TRUE(tampered.ok());
  EXPECT_NE(*tampered, *token);
  EXPECT_EQ(tampered->substr(0, tampered->find("&sig=")), token->substr(0, token->find("&sig=")));
}

}  // namespace
}  // namespace blobconform::auth
