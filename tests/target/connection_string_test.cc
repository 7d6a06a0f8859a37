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

TEST(ConnectionString, ThePlainHttpEndpointIsTheEndpointItselfOrPort80OfAnAzureHost) {
  auto plain = parse_connection_string(std::string("AccountName=a;AccountKey=") + kKey + ";BlobEndpoint=http://127.0.0.1:9/a");
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(plain->http_endpoint);
  EXPECT_EQ(transport::origin(*plain->http_endpoint), "http://127.0.0.1:9");
  ASSERT_TRUE(parse_connection_string("UseDevelopmentStorage=true")->http_endpoint);
  auto azure = parse_connection_string(std::string("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=") + kKey);
  ASSERT_TRUE(azure.ok());
  ASSERT_TRUE(azure->http_endpoint);
  EXPECT_EQ(transport::origin(*azure->http_endpoint), "http://acct.blob.core.windows.net");
  // Any other HTTPS server: unknown (it may not serve plain HTTP at all), as is an Azure host on another port.
  for (const char* endpoint : {"https://blobs.example.com", "https://127.0.0.1:10000/a", "https://acct.blob.core.windows.net:8443"}) {
    auto other = parse_connection_string(std::string("AccountName=a;AccountKey=") + kKey + ";BlobEndpoint=" + endpoint);
    ASSERT_TRUE(other.ok()) << endpoint;
    EXPECT_FALSE(other->http_endpoint) << endpoint;
  }
}

TEST(ConnectionString, HttpEndpointOptionTakesAnHttpOriginOnly) {
  auto given = parse_http_endpoint("http://127.0.0.1:8080");
  ASSERT_TRUE(given.ok()) << given.error().message;
  EXPECT_EQ(given->port, 8080);
  EXPECT_EQ(parse_http_endpoint("http://acct.blob.core.windows.net/")->port, 80);
  for (const char* bad : {"https://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1:8080/reference1", "http://:80",
                          "http://h:0", "http://h:99999", "ftp://h"}) {
    auto refused = parse_http_endpoint(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().message.rfind("--http-endpoint: ", 0), 0u) << refused.error().message;
  }
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

namespace blobconform::target {
namespace {

// No part of a key reaches an error message, wherever a malformed string puts it.
TEST(ConnectionString, NoPieceOfTheKeyInAnyError) {
  std::string key;
  for (int i = 0; i < 64; ++i) key += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[std::rand() % 64];
  key += "==";
  for (const auto& text : std::vector<std::string>{
           "AccountName=a;AccountKey " + key,              // no '=' where the key's first '=' is
           "AccountName=a;" + key,                          // the key alone, as a field
           "AccountName=a;AccountKey:" + key,               // a colon for the '='
           "AccountName=a;Account Key=" + key,              // a misspelt name
           key + ";AccountName=a",
           "AccountName=a;AccountKey=" + key + "*",         // not Base64
           "AccountName=a;BlobEndpoint=" + key,             // the key where the URL goes
           "AccountName=a;BlobEndpoint=" + key + "://x",    // ... as its scheme
           "AccountName=a;BlobEndpoint=http://x:" + key.substr(0, 5),
           "AccountName=a;BlobEndpoint=http://x:" + key,    // ... as its port
           "AccountName=a;BlobEndpoint=http://127.0.0.1/b;AccountKey=" + key + ";AccountKey=" + key,
           "UseDevelopmentStorage=" + key,
           "DefaultEndpointsProtocol=" + key + ";AccountName=a",
       }) {
    auto t = parse_connection_string(text);
    ASSERT_FALSE(t.ok()) << "accepted: a malformed string";
    const std::string& message = t.error().message;
    for (size_t at = 0; at + 6 <= key.size(); ++at) {
      ASSERT_EQ(message.find(key.substr(at, 6)), std::string::npos) << "a piece of the key in: " << message;
    }
  }
}

}  // namespace
}  // namespace blobconform::target
