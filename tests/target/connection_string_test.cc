#include <gtest/gtest.h>

#include "harness/target/connection_string.h"

namespace blobconform::target {
namespace {

constexpr const char* kKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

TEST(ConnectionString, DevelopmentStorage) {
  auto t = parse_connection_string("UseDevelopmentStorage=true");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->development_storage);
  EXPECT_EQ(t->endpoint.host, "127.0.0.1");
  EXPECT_EQ(t->endpoint.port, 10000);
  EXPECT_EQ(t->base_path, "/devstoreaccount1");
  EXPECT_EQ(t->key, kKey);
  EXPECT_EQ(t->describe().find(kKey), std::string::npos);
}

TEST(ConnectionString, HostStyleAccount) {
  auto t = parse_connection_string(std::string("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=") + kKey +
                                   ";EndpointSuffix=core.windows.net");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->endpoint.host, "acct.blob.core.windows.net");
  EXPECT_EQ(t->endpoint.port, 443);
  EXPECT_FALSE(t->path_style);
  EXPECT_EQ(t->base_path, "");
}

TEST(ConnectionString, BlobEndpointPathStyleOnIpAndLocalhost) {
  auto t = parse_connection_string(std::string("AccountName=devstoreaccount1;AccountKey=") + kKey +
                                   ";BlobEndpoint=http://localhost:10001/devstoreaccount1;");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->path_style);
  EXPECT_EQ(t->endpoint.port, 10001);
  EXPECT_EQ(t->base_path, "/devstoreaccount1");
  auto host = parse_connection_string(std::string("AccountName=a;AccountKey=") + kKey + ";BlobEndpoint=https://blobs.example.com");
  ASSERT_TRUE(host.ok());
  EXPECT_FALSE(host->path_style);
  EXPECT_EQ(host->account, "a");
}

TEST(ConnectionString, ErrorsNameTheFieldAndNeverTheKey) {
  struct Bad { std::string text, field; };
  for (const auto& bad : std::vector<Bad>{
           {"Foo=bar", "Foo"},
           {"AccountName=a;AccountName=b", "AccountName"},
           {"AccountKey=" + std::string(kKey), "AccountName"},
           {"AccountName=a;AccountKey=not*base64", "AccountKey"},
           {"AccountName=a;BlobEndpoint=ftp://x", "BlobEndpoint"},
           {"AccountName=a;BlobEndpoint=http://127.0.0.1:99999/a", "BlobEndpoint"},
           {"UseDevelopmentStorage=false", "UseDevelopmentStorage"},
           {"UseDevelopmentStorage=true;AccountName=a", "UseDevelopmentStorage"},
           {"DefaultEndpointsProtocol=gopher;AccountName=a", "DefaultEndpointsProtocol"},
           {"", "empty"}}) {
    auto t = parse_connection_string(bad.text);
    ASSERT_FALSE(t.ok()) << bad.text;
    EXPECT_NE(t.error().message.find(bad.field), std::string::npos) << t.error().message;
    EXPECT_EQ(t.error().message.find(kKey), std::string::npos);
  }
}

}  // namespace
}  // namespace blobconform::target
