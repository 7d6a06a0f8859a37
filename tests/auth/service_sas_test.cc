#include "harness/auth/service_sas.h"

#include <gtest/gtest.h>

#include "harness/auth/hmac.h"
#include "harness/wire/encoding.h"
#include "tests/auth/auth_vectors.h"

namespace blobconform::auth {
namespace {

ServiceSas abort_destination(const std::string& version) {
  ServiceSas sas;
  sas.version = version;
  sas.resource = "b";
  sas.permissions = "w";
  sas.start = "2015-06-26T00:00:00Z";
  sas.expiry = "2015-06-27T00:00:00Z";
  if (version >= "2015-04-05") sas.protocol = "https";
  sas.account = "devstoreaccount1";
  sas.container = "mycontainer";
  sas.blob = "myblob";
  return sas;
}

AccountKey devstore() { return *make_account_key("devstoreaccount1", testing::kDevstoreKey); }

void expect_vector(const ServiceSas& sas, const std::string& expected, const std::string& signature) {
  auto built = service_sas_string_to_sign(sas);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(*built, expected);
  EXPECT_EQ(hmac_sha256_base64(devstore().key, *built), signature);
}

TEST(ServiceSasVectors, S1Version20120212) {
  expect_vector(abort_destination("2012-02-12"),
                "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/devstoreaccount1/mycontainer/myblob\n\n2012-02-12",
                "f71qSwSpAzxmhS7b4L4vk33aWNDr1PdFKljHY2T2tKk=");
}

TEST(ServiceSasVectors, S2Version20130815) {
  expect_vector(abort_destination("2013-08-15"),
                "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/devstoreaccount1/mycontainer/myblob\n\n2013-08-15\n\n\n\n\n",
                "WDuvO3c+TxkduWLsVTwl+ZUhk/EoUte97htl/35W2ZQ=");
}

TEST(ServiceSasVectors, S3Version20150405) {
  expect_vector(abort_destination("2015-04-05"),
                "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/blob/devstoreaccount1/mycontainer/myblob\n\n\nhttps\n"
                "2015-04-05\n\n\n\n\n",
                "hB16GKa2DfPvXo5oa5diXsoYeQCVr579CVTWBMXZtGc=");
}

TEST(ServiceSasVectors, S4Version20181109) {
  expect_vector(abort_destination("2018-11-09"),
                "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/blob/devstoreaccount1/mycontainer/myblob\n\n\nhttps\n"
                "2018-11-09\nb\n\n\n\n\n\n",
                "0MYD/QS1a587DhaJaR4CqkrXOZFgLGgHXzTQq8m/GNs=");
}

TEST(ServiceSasVectors, S5Version20201206) {
  expect_vector(abort_destination("2020-12-06"),
                "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/blob/devstoreaccount1/mycontainer/myblob\n\n\nhttps\n"
                "2020-12-06\nb\n\n\n\n\n\n\n",
                "/dg/QvBstiAFNCCOuTg6dIZbLVhhfagrkLhdoBKkG7g=");
}

TEST(ServiceSas, BlobPrefixFrom20150221) {
  auto sas = abort_destination("2015-02-21");
  EXPECT_EQ(*service_sas_canonicalized_resource(sas), "/blob/devstoreaccount1/mycontainer/myblob");
  sas.version = "2014-02-14";
  EXPECT_EQ(*service_sas_canonicalized_resource(sas), "/devstoreaccount1/mycontainer/myblob");
}

TEST(ServiceSas, ContainerResourceHasNoTrailingSlash) {
  auto sas = abort_destination("2020-12-06");
  sas.resource = "c";
  sas.permissions = "rwl";
  sas.blob.clear();
  auto built = service_sas_string_to_sign(sas);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_NE(built->find("\n/blob/devstoreaccount1/mycontainer\n"), std::string::npos);
  EXPECT_NE(built->find("\n2020-12-06\nc\n"), std::string::npos);
}

TEST(ServiceSas, OverridesAndOptionalFieldsInTheirSlots) {
  auto sas = abort_destination("2020-12-06");
  sas.identifier = "policy1";
  sas.ip = "10.0.0.1-10.0.0.9";
  sas.snapshot_time = "2015-06-26T00:00:00.0000000Z";
  sas.encryption_scope = "scope1";
  sas.cache_control = "no-cache";
  sas.content_disposition = "inline";
  sas.content_encoding = "gzip";
  sas.content_language = "en";
  sas.content_type = "text/plain";
  EXPECT_EQ(*service_sas_string_to_sign(sas),
            "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/blob/devstoreaccount1/mycontainer/myblob\npolicy1\n"
            "10.0.0.1-10.0.0.9\nhttps\n2020-12-06\nb\n2015-06-26T00:00:00.0000000Z\nscope1\nno-cache\ninline\ngzip\nen\n"
            "text/plain");
  // The 2018-11-09 layout has no ses slot; the 2012-02-12 layout has none of these.
  sas.version = "2018-11-09";
  EXPECT_EQ(service_sas_string_to_sign(sas)->find("scope1"), std::string::npos);
  sas.version = "2012-02-12";
  EXPECT_EQ(*service_sas_string_to_sign(sas),
            "w\n2015-06-26T00:00:00Z\n2015-06-27T00:00:00Z\n/devstoreaccount1/mycontainer/myblob\npolicy1\n2012-02-12");
}

TEST(ServiceSas, Errors) {
  auto expect_error = [](ServiceSas sas, const std::string& field) {
    auto built = service_sas_string_to_sign(sas);
    ASSERT_FALSE(built.ok()) << field;
    EXPECT_NE(built.error().message.find(field), std::string::npos) << built.error().message;
    EXPECT_FALSE(service_sas_token(sas, devstore(), false).ok());
  };
  auto sas = abort_destination("2011-08-18");
  expect_error(sas, "version");
  sas = abort_destination("2020-12-6");
  expect_error(sas, "version");
  sas = abort_destination("2020-12-06");
  sas.resource = "x";
  expect_error(sas, "resource");
  sas = abort_destination("2015-04-05");
  sas.resource = "bs";
  expect_error(sas, "resource");
  sas = abort_destination("2020-12-06");
  sas.permissions = "rwl";  // l is for containers
  expect_error(sas, "permissions");
  sas = abort_destination("2020-12-06");
  sas.expiry.clear();
  expect_error(sas, "expiry");
  sas = abort_destination("2020-12-06");
  sas.permissions.clear();
  expect_error(sas, "permissions");
  sas = abort_destination("2020-12-06");
  sas.container.clear();
  expect_error(sas, "container");
  sas = abort_destination("2020-12-06");
  sas.blob.clear();
  expect_error(sas, "blob");
  sas = abort_destination("2020-12-06");
  sas.ip = "1.2.3.4\nx";
  expect_error(sas, "ip");
}

TEST(ServiceSas, IdentifierReplacesPermissionsAndExpiry) {
  auto sas = abort_destination("2020-12-06");
  sas.permissions.clear();
  sas.expiry.clear();
  sas.identifier = "policy1";
  EXPECT_TRUE(service_sas_string_to_sign(sas).ok());
}

TEST(ServiceSasToken, S5Token) {
  auto token = service_sas_token(abort_destination("2020-12-06"), devstore(), false);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(*token,
            "sv=2020-12-06&sr=b&sp=w&st=2015-06-26T00%3A00%3A00Z&se=2015-06-27T00%3A00%3A00Z&spr=https"
            "&sig=%2Fdg%2FQvBstiAFNCCOuTg6dIZbLVhhfagrkLhdoBKkG7g%3D");
}

TEST(ServiceSasToken, OnlyFieldsTheVersionKnows) {
  auto sas = abort_destination("2012-02-12");
  sas.protocol = "https";
  sas.ip = "1.2.3.4";
  sas.encryption_scope = "scope";
  sas.content_type = "text/plain";
  auto token = service_sas_token(sas, devstore(), false);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->rfind("sv=2012-02-12&sr=b&sp=w&st=", 0), 0u);
  for (const char* absent : {"spr=", "sip=", "ses=", "rsct="}) EXPECT_EQ(token->find(absent), std::string::npos) << absent;
  EXPECT_EQ(*token, "sv=2012-02-12&sr=b&sp=w&st=2015-06-26T00%3A00%3A00Z&se=2015-06-27T00%3A00%3A00Z&sig=" +
                        std::string("f71qSwSpAzxmhS7b4L4vk33aWNDr1PdFKljHY2T2tKk%3D"));
  sas.version = "2020-12-06";
  token = service_sas_token(sas, devstore(), false);
  for (const char* present : {"&sip=1.2.3.4", "&spr=https", "&ses=scope", "&rsct=text%2Fplain"}) {
    EXPECT_NE(token->find(present), std::string::npos) << present;
  }
}

TEST(ServiceSasToken, TamperChangesTheSignatureOnly) {
  auto good = service_sas_token(abort_destination("2020-12-06"), devstore(), false);
  auto bad = service_sas_token(abort_destination("2020-12-06"), devstore(), true);
  ASSERT_TRUE(good.ok() && bad.ok());
  EXPECT_EQ(good->substr(0, good->find("sig=")), bad->substr(0, bad->find("sig=")));
  auto good_sig = wire::percent_decode(good->substr(good->find("sig=") + 4));
  auto bad_sig = wire::percent_decode(bad->substr(bad->find("sig=") + 4));
  ASSERT_EQ(good_sig->size(), bad_sig->size());
  int differences = 0;
  for (size_t i = 0; i < good_sig->size(); ++i) differences += (*good_sig)[i] != (*bad_sig)[i];
  EXPECT_EQ(differences, 1);
  EXPECT_TRUE(wire::base64_decode(*bad_sig).ok());
}

}  // namespace
}  // namespace blobconform::auth
