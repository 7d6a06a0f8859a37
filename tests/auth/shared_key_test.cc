#include "harness/auth/shared_key.h"

#include <gtest/gtest.h>

#include "harness/auth/hmac.h"
#include "tests/auth/auth_vectors.h"

namespace blobconform::auth {
namespace {

using testing::abort_copy_headers;
using testing::kAbortTarget;
using testing::kDate;

std::string key_bytes() { return make_account_key("devstoreaccount1", testing::kDevstoreKey)->key; }

// Checks the string-to-sign exactly, then the signature over it.
void expect_vector(const Result<std::string>& built, const std::string& expected, const std::string& signature) {
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(*built, expected);
  EXPECT_EQ(hmac_sha256_base64(key_bytes(), *built), signature);
}

const char* const kV1 =
    "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-client-request-id:5f1c2d3e-0000-4000-8000-000000000001\n"
    "x-ms-copy-action:abort\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\n"
    "x-ms-lease-id:1f812371-a41d-49e6-b123-f4b542e851c5\nx-ms-version:2021-12-02\n"
    "/devstoreaccount1/mycontainer/myblob\ncomp:copy\ncopyid:0f3a7f66-4b1d-4a0e-9d6e-1c2b3a4d5e6f\ntimeout:30";

TEST(SharedKeyVectors, V1AbortCopyVirtualHost) {
  expect_vector(shared_key_string_to_sign("PUT", kAbortTarget, abort_copy_headers(), "devstoreaccount1"), kV1,
                "HklzNj4YFp2uJTX7mwP8EKbz6fE4QdysG4iEGHtpb2E=");
}

TEST(SharedKeyVectors, V1bAbortCopyPathStyle) {
  expect_vector(
      shared_key_string_to_sign("PUT", "/devstoreaccount1" + kAbortTarget, abort_copy_headers(), "devstoreaccount1"),
      "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-client-request-id:5f1c2d3e-0000-4000-8000-000000000001\n"
      "x-ms-copy-action:abort\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\n"
      "x-ms-lease-id:1f812371-a41d-49e6-b123-f4b542e851c5\nx-ms-version:2021-12-02\n"
      "/devstoreaccount1/devstoreaccount1/mycontainer/myblob\ncomp:copy\n"
      "copyid:0f3a7f66-4b1d-4a0e-9d6e-1c2b3a4d5e6f\ntimeout:30",
      "7B8RxJ58ZiARacoJCx9eIu/J9p02iG0Lr6DrsCpux1M=");
}

transport::HeaderList create_container_headers(const std::string& version) {
  return {{"x-ms-version", version}, {"x-ms-date", kDate}, {"Content-Length", "0"}};
}

TEST(SharedKeyVectors, V2aCreateContainer20140214KeepsZeroLength) {
  expect_vector(shared_key_string_to_sign("PUT", "/mycontainer?restype=container&timeout=30",
                                          create_container_headers("2014-02-14"), "devstoreaccount1"),
                "PUT\n\n\n0\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2014-02-14\n"
                "/devstoreaccount1/mycontainer\nrestype:container\ntimeout:30",
                "PrF8U10QnUMtphSxJ5kbs9ZDw8+flf1isV33fk7cN2Q=");
}

TEST(SharedKeyVectors, V2bCreateContainer20150221EmptiesZeroLength) {
  expect_vector(shared_key_string_to_sign("PUT", "/mycontainer?restype=container&timeout=30",
                                          create_container_headers("2015-02-21"), "devstoreaccount1"),
                "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n"
                "/devstoreaccount1/mycontainer\nrestype:container\ntimeout:30",
                "A2mBPmsKXlYdJx6N5ES4zp+yXTSRybyRLCm92d/P15g=");
}

TEST(SharedKeyVectors, V3PutBlob) {
  transport::HeaderList headers = {{"Content-Length", "11"},
                                   {"Content-Type", "text/plain; charset=UTF-8"},
                                   {"x-ms-blob-type", "BlockBlob"},
                                   {"x-ms-meta-m2", "v2"},
                                   {"x-ms-meta-m1", "v1"},
                                   {"x-ms-date", kDate},
                                   {"x-ms-version", "2021-12-02"}};
  expect_vector(shared_key_string_to_sign("PUT", "/mycontainer/hello.txt", headers, "devstoreaccount1"),
                "PUT\n\n\n11\n\ntext/plain; charset=UTF-8\n\n\n\n\n\n\nx-ms-blob-type:BlockBlob\n"
                "x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-meta-m1:v1\nx-ms-meta-m2:v2\n"
                "x-ms-version:2021-12-02\n/devstoreaccount1/mycontainer/hello.txt",
                "SLrtXndnTfn5QKaA9UMWFjjoWQMpWOSZikDbU3ARoGM=");
}

TEST(SharedKeyVectors, V4ListBlobsRepeatedInclude) {
  transport::HeaderList headers = {{"x-ms-date", kDate}, {"x-ms-version", "2021-12-02"}};
  expect_vector(
      shared_key_string_to_sign(
          "GET", "/mycontainer?restype=container&comp=list&include=snapshots&include=metadata&include=uncommittedblobs",
          headers, "devstoreaccount1"),
      "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2021-12-02\n"
      "/devstoreaccount1/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container",
      "hXdLYPhTjaNoFfVhlAzKJsD1ox5lZBTTVHGvzoBOxCQ=");
}

TEST(SharedKeyVectors, V5SharedKeyLiteAbortCopy) {
  expect_vector(
      shared_key_lite_string_to_sign("PUT", kAbortTarget, abort_copy_headers(), "devstoreaccount1"),
      "PUT\n\n\n\nx-ms-client-request-id:5f1c2d3e-0000-4000-8000-000000000001\nx-ms-copy-action:abort\n"
      "x-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-lease-id:1f812371-a41d-49e6-b123-f4b542e851c5\n"
      "x-ms-version:2021-12-02\n/devstoreaccount1/mycontainer/myblob?comp=copy",
      "5C2BJX5RrB7nM0VcZFlq3P/t0pC0dXGS5uABa2l2QOM=");
}

// DOC-SK string-construction vectors (facts §8.1): no published key, strings only.
TEST(SharedKeyDocVectors, GetContainerMetadata20150221) {
  transport::HeaderList headers = {{"x-ms-date", kDate}, {"x-ms-version", "2015-02-21"}};
  auto built = shared_key_string_to_sign("GET", "/mycontainer?restype=container&comp=metadata&timeout=20", headers,
                                         "myaccount");
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(*built,
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n"
            "/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20");
}

TEST(SharedKeyDocVectors, CreateContainerBothVersions) {
  auto old_rules = shared_key_string_to_sign("PUT", "/mycontainer?restype=container&timeout=30",
                                             create_container_headers("2014-02-14"), "myaccount");
  ASSERT_TRUE(old_rules.ok());
  EXPECT_EQ(*old_rules,
            "PUT\n\n\n0\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2014-02-14\n"
            "/myaccount/mycontainer\nrestype:container\ntimeout:30");
  auto new_rules = shared_key_string_to_sign("PUT", "/mycontainer?restype=container&timeout=30",
                                             create_container_headers("2015-02-21"), "myaccount");
  ASSERT_TRUE(new_rules.ok());
  EXPECT_EQ(*new_rules,
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n"
            "/myaccount/mycontainer\nrestype:container\ntimeout:30");
}

TEST(SharedKeyDocVectors, SharedKeyLitePutBlob) {
  transport::HeaderList headers = {{"Content-Type", "text/plain; charset=UTF-8"},
                                   {"x-ms-date", "Sun, 20 Sep 2009 20:36:40 GMT"},
                                   {"x-ms-meta-m1", "v1"},
                                   {"x-ms-meta-m2", "v2"},
                                   {"Content-Length", "11"}};
  auto built = shared_key_lite_string_to_sign("PUT", "/mycontainer/hello.txt", headers, "testaccount1");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built,
            "PUT\n\ntext/plain; charset=UTF-8\n\nx-ms-date:Sun, 20 Sep 2009 20:36:40 GMT\nx-ms-meta-m1:v1\n"
            "x-ms-meta-m2:v2\n/testaccount1/mycontainer/hello.txt");
}

// The twelve lines: each standard header in its own slot.
TEST(SharedKeyStringToSign, StandardHeadersInTheirLines) {
  transport::HeaderList headers = {
      {"Range", "bytes=0-9"},         {"If-Unmodified-Since", "U"}, {"If-None-Match", "\"n\""},
      {"If-Match", "\"m\""},          {"If-Modified-Since", "M"},   {"Date", kDate},
      {"Content-Type", "text/plain"}, {"Content-MD5", "md5=="},     {"Content-Length", "5"},
      {"Content-Language", "en"},     {"Content-Encoding", "gzip"}, {"x-ms-version", "2021-12-02"}};
  auto built = shared_key_string_to_sign("get", "/c/b", headers, "acct");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, std::string("get\ngzip\nen\n5\nmd5==\ntext/plain\n") + kDate +
                        "\nM\n\"m\"\n\"n\"\nU\nbytes=0-9\nx-ms-version:2021-12-02\n/acct/c/b");
}

TEST(SharedKeyStringToSign, DateLineEmptyWhenXmsDatePresent) {
  transport::HeaderList headers = {{"Date", "Sat, 27 Jun 2015 00:00:00 GMT"}, {"X-MS-Date", kDate}};
  auto built = shared_key_string_to_sign("GET", "/c", headers, "a");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, std::string("GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:") + kDate + "\n/a/c");
  auto lite = shared_key_lite_string_to_sign("GET", "/c", headers, "a");
  ASSERT_TRUE(lite.ok());
  EXPECT_EQ(*lite, std::string("GET\n\n\n\nx-ms-date:") + kDate + "\n/a/c");
}

TEST(SharedKeyStringToSign, DateLineFromDateWithoutXmsDate) {
  transport::HeaderList headers = {{"date", kDate}};
  auto built = shared_key_string_to_sign("GET", "/c", headers, "a");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, std::string("GET\n\n\n\n\n\n") + kDate + "\n\n\n\n\n\n/a/c");
}

TEST(SharedKeyStringToSign, ContentLengthZeroFollowsVersion) {
  auto at = [](const char* version) {
    transport::HeaderList headers = {{"Content-Length", "0"}};
    if (version) headers.emplace_back("x-ms-version", version);
    auto built = shared_key_string_to_sign("PUT", "/c", headers, "a");
    EXPECT_TRUE(built.ok());
    return built->substr(0, built->find("x-ms") == std::string::npos ? built->size() : built->find("x-ms"));
  };
  EXPECT_EQ(at("2014-02-14"), "PUT\n\n\n0\n\n\n\n\n\n\n\n\n");
  EXPECT_EQ(at("2015-02-21"), "PUT\n\n\n\n\n\n\n\n\n\n\n\n");
  EXPECT_EQ(at(nullptr), "PUT\n\n\n\n\n\n\n\n\n\n\n\n/a/c");      // absent: newest rules
  EXPECT_EQ(at("not-a-date"), "PUT\n\n\n\n\n\n\n\n\n\n\n\n");    // malformed: newest rules
}

// Before 2009-09-19 Shared Key signed what Shared Key Lite signs now: no Content-Length or
// conditional lines, and only comp in the resource (Nephos MessageCanonicalizer.CanonicalizeHttpRequest).
TEST(SharedKeyStringToSign, Before20090919TheLiteLayout) {
  auto at = [](const char* version, bool by_version = true) {
    transport::HeaderList headers = {{"Content-Length", "5"}, {"x-ms-copy-action", "abort"}, {"x-ms-version", version}};
    auto built = shared_key_string_to_sign("PUT", "/c/b?comp=copy&copyid=x", headers, "a", HeaderOrder::Service, by_version);
    EXPECT_TRUE(built.ok());
    return *built;
  };
  EXPECT_EQ(at("2009-07-17"), "PUT\n\n\n\nx-ms-copy-action:abort\nx-ms-version:2009-07-17\n/a/c/b?comp=copy");
  EXPECT_EQ(at("2008-10-27"), "PUT\n\n\n\nx-ms-copy-action:abort\nx-ms-version:2008-10-27\n/a/c/b?comp=copy");
  EXPECT_EQ(at("2009-09-19"),
            "PUT\n\n\n5\n\n\n\n\n\n\n\n\nx-ms-copy-action:abort\nx-ms-version:2009-09-19\n/a/c/b\ncomp:copy\ncopyid:x");
  EXPECT_EQ(at("2009-07-17", false),
            "PUT\n\n\n5\n\n\n\n\n\n\n\n\nx-ms-copy-action:abort\nx-ms-version:2009-07-17\n/a/c/b\ncomp:copy\ncopyid:x");
}

TEST(SharedKeyStringToSign, EmptyXmsHeaderKeptFrom20160531) {
  transport::HeaderList headers = {{"x-ms-meta-empty", ""}, {"x-ms-version", "2016-05-31"}};
  auto built = shared_key_string_to_sign("PUT", "/c", headers, "a");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-meta-empty:\nx-ms-version:2016-05-31\n/a/c");
}

TEST(SharedKeyStringToSign, EmptyXmsHeaderDroppedBefore20160531) {
  transport::HeaderList headers = {{"x-ms-meta-empty", "  "}, {"x-ms-version", "2015-12-11"}};
  auto built = shared_key_string_to_sign("PUT", "/c", headers, "a");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-version:2015-12-11\n/a/c");
  auto lite = shared_key_lite_string_to_sign("PUT", "/c", headers, "a");
  ASSERT_TRUE(lite.ok());
  EXPECT_EQ(*lite, "PUT\n\n\n\nx-ms-version:2015-12-11\n/a/c");
}

TEST(SharedKeyStringToSign, MalformedEscapeIsAnError) {
  auto built = shared_key_string_to_sign("GET", "/c?comp=list&prefix=a%2", {}, "a");
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("prefix"), std::string::npos) << built.error().message;
  EXPECT_FALSE(shared_key_lite_string_to_sign("GET", "/c?x=%zz", {}, "a").ok());
}

TEST(SharedKeyStringToSign, BadMethodOrTargetIsAnError) {
  EXPECT_FALSE(shared_key_string_to_sign("", "/c", {}, "a").ok());
  EXPECT_FALSE(shared_key_string_to_sign("P UT", "/c", {}, "a").ok());
  auto built = shared_key_string_to_sign("GET", "c?comp=list", {}, "a");
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("target"), std::string::npos);
}

TEST(SignRequest, AddsAuthorizationHeaderV1) {
  auto key = make_account_key("devstoreaccount1", testing::kDevstoreKey);
  ASSERT_TRUE(key.ok());
  transport::Request request{"PUT", kAbortTarget, abort_copy_headers(), ""};
  request.headers.emplace_back("authorization", "stale");
  auto signature = sign_request(request, *key, SharedKeyScheme::SharedKey, "devstoreaccount1", false);
  ASSERT_TRUE(signature.ok()) << signature.error().message;
  EXPECT_EQ(*signature, "HklzNj4YFp2uJTX7mwP8EKbz6fE4QdysG4iEGHtpb2E=");
  ASSERT_EQ(request.headers.size(), abort_copy_headers().size() + 1);  // the stale one replaced
  EXPECT_EQ(request.headers.back().first, "Authorization");
  EXPECT_EQ(request.headers.back().second, "SharedKey devstoreaccount1:HklzNj4YFp2uJTX7mwP8EKbz6fE4QdysG4iEGHtpb2E=");
}

TEST(SignRequest, SharedKeyLiteV5AndEmptyHeaderAccountMeansKeyAccount) {
  auto key = make_account_key("devstoreaccount1", testing::kDevstoreKey);
  transport::Request request{"PUT", kAbortTarget, abort_copy_headers(), ""};
  auto signature = sign_request(request, *key, SharedKeyScheme::SharedKeyLite, "", false);
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(request.headers.back().second,
            "SharedKeyLite devstoreaccount1:5C2BJX5RrB7nM0VcZFlq3P/t0pC0dXGS5uABa2l2QOM=");
}

TEST(SignRequest, TamperChangesOneCharacter) {
  auto key = make_account_key("devstoreaccount1", testing::kDevstoreKey);
  transport::Request request{"PUT", kAbortTarget, abort_copy_headers(), ""};
  auto signature = sign_request(request, *key, SharedKeyScheme::SharedKey, "devstoreaccount1", true);
  ASSERT_TRUE(signature.ok());
  std::string good = "HklzNj4YFp2uJTX7mwP8EKbz6fE4QdysG4iEGHtpb2E=";
  ASSERT_EQ(signature->size(), good.size());
  int differences = 0;
  for (size_t i = 0; i < good.size(); ++i) differences += (*signature)[i] != good[i];
  EXPECT_EQ(differences, 1);
  EXPECT_EQ(request.headers.back().second, "SharedKey devstoreaccount1:" + *signature);
}

TEST(SignRequest, ForeignHeaderAccountSignsItsOwnResource) {
  auto key = make_account_key("devstoreaccount1", testing::kDevstoreKey);
  transport::Request request{"PUT", kAbortTarget, abort_copy_headers(), ""};
  auto signature = sign_request(request, *key, SharedKeyScheme::SharedKey, "someotheraccount", false);
  ASSERT_TRUE(signature.ok());
  auto expected = shared_key_string_to_sign("PUT", kAbortTarget, abort_copy_headers(), "someotheraccount");
  EXPECT_EQ(*signature, hmac_sha256_base64(key->key, *expected));
  EXPECT_EQ(request.headers.back().second.rfind("SharedKey someotheraccount:", 0), 0u);
}

TEST(SignRequest, ErrorLeavesHeadersAndHidesKey) {
  auto key = make_account_key("devstoreaccount1", testing::kDevstoreKey);
  transport::Request request{"PUT", "/c?x=%G1", {{"Authorization", "old"}}, ""};
  auto signature = sign_request(request, *key, SharedKeyScheme::SharedKey, "devstoreaccount1", false);
  ASSERT_FALSE(signature.ok());
  EXPECT_EQ(signature.error().message.find(testing::kDevstoreKey), std::string::npos);
  EXPECT_EQ(request.headers.size(), 1u);
  EXPECT_FALSE(sign_request(request, *key, SharedKeyScheme::SharedKey, "bad account", false).ok());
}

}  // namespace
}  // namespace blobconform::auth
