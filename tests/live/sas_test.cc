// Every SAS layout Azurite implements, live: the harness's token for each service SAS layout from
// 2015-04-05 on (blob and container resources, every optional field) and for both account SAS
// layouts is accepted, and the same token with one signature character changed is refused.
// Older service layouts (2012-02-12, 2013-08-15) Azurite reads as 2015-04-05 (azurite-3.37.0.md
// §4.5); they are checked against the vectors of tests/auth only.
#include <gtest/gtest.h>

#include "harness/auth/account_sas.h"
#include "harness/auth/service_sas.h"
#include "harness/wire/http_date.h"
#include "tests/support/live_azurite.h"

namespace blobconform {
namespace {

using namespace std::chrono_literals;

constexpr const char* kContainer = "sas-live";
constexpr const char* kBlob = "blob.txt";
constexpr const char* kBlobPath = "/devstoreaccount1/sas-live/blob.txt";

class LiveSas : public testing::AzuriteSuite {
 protected:
  static void SetUpTestSuite() {
    AzuriteSuite::SetUpTestSuite();
    ASSERT_EQ(send("PUT", std::string("/devstoreaccount1/") + kContainer + "?restype=container").response->status, 201);
    ASSERT_EQ(send("PUT", kBlobPath).response->status, 201);
  }

  static auth::AccountKey key() { return *auth::make_account_key("devstoreaccount1", testing::kDevstoreKey); }
  static std::string in(std::chrono::seconds offset) { return wire::format_iso8601(wire::Clock::now() + offset); }

  static auth::ServiceSas service(const std::string& version, const std::string& resource) {
    auth::ServiceSas sas;
    sas.version = version;
    sas.resource = resource;
    sas.permissions = "r";
    sas.expiry = in(1h);
    sas.account = "devstoreaccount1";
    sas.container = kContainer;
    sas.blob = resource == "c" ? "" : kBlob;
    return sas;
  }

  // The status of Get Blob Properties authorized by `token` alone.
  static int head_with(const std::string& token) {
    auto exchange = send("HEAD", std::string(kBlobPath) + "?" + token, /*sign=*/false);
    EXPECT_TRUE(exchange.response) << exchange.transport_error;
    return exchange.response ? exchange.response->status : 0;
  }

  static void expect_accepted_and_tamper_refused(const auth::ServiceSas& sas) {
    auto token = auth::service_sas_token(sas, key(), false);
    ASSERT_TRUE(token.ok()) << token.error().message;
    EXPECT_EQ(head_with(*token), 200) << "sv=" << sas.version << " sr=" << sas.resource << ": " << *token;
    auto tampered = auth::service_sas_token(sas, key(), true);
    ASSERT_TRUE(tampered.ok());
    EXPECT_EQ(head_with(*tampered), 403) << "sv=" << sas.version << " sr=" << sas.resource;
  }
};

const char* const kServiceLayouts[] = {"2015-04-05", "2018-11-09", "2020-12-06", "2026-06-06"};

TEST_F(LiveSas, ServiceSasForABlobInEveryLayoutAzuriteImplements) {
  for (const char* version : kServiceLayouts) expect_accepted_and_tamper_refused(service(version, "b"));
}

TEST_F(LiveSas, ServiceSasForAContainerInEveryLayoutAzuriteImplements) {
  for (const char* version : kServiceLayouts) expect_accepted_and_tamper_refused(service(version, "c"));
}

TEST_F(LiveSas, EveryOptionalFieldIsSignedWhereItsLayoutHasIt) {
  for (const char* version : kServiceLayouts) {
    auto sas = service(version, "b");
    sas.start = in(-5min);
    sas.ip = "127.0.0.1";
    sas.protocol = "https,http";
    sas.cache_control = "no-cache";
    sas.content_disposition = "inline";
    sas.content_encoding = "identity";
    sas.content_language = "en";
    sas.content_type = "text/x-blobconform";
    expect_accepted_and_tamper_refused(sas);
  }
}

TEST_F(LiveSas, ResponseHeaderOverridesTakeEffect) {
  auto sas = service("2020-12-06", "b");
  sas.content_type = "text/x-blobconform";
  auto token = auth::service_sas_token(sas, key(), false);
  ASSERT_TRUE(token.ok());
  auto exchange = send("HEAD", std::string(kBlobPath) + "?" + *token, false);
  ASSERT_TRUE(exchange.response);
  EXPECT_EQ(transport::find_header(exchange.response->headers, "Content-Type").value_or(""), "text/x-blobconform");
}

TEST_F(LiveSas, ExpiredAndNotYetValidAreRefused) {
  auto expired = service("2020-12-06", "b");
  expired.start = in(-2h);
  expired.expiry = in(-1h);
  EXPECT_EQ(head_with(*auth::service_sas_token(expired, key(), false)), 403);
  auto early = service("2020-12-06", "b");
  early.start = in(1h);
  early.expiry = in(2h);
  EXPECT_EQ(head_with(*auth::service_sas_token(early, key(), false)), 403);
}

TEST_F(LiveSas, AccountSasInBothLayouts) {
  for (const char* version : {"2015-04-05", "2020-12-06", "2026-06-06"}) {
    auth::AccountSas sas;
    sas.version = version;
    sas.services = "b";
    sas.resource_types = "o";
    sas.permissions = "r";
    sas.start = in(-5min);
    sas.expiry = in(1h);
    sas.protocol = "https,http";
    sas.account = "devstoreaccount1";
    auto token = auth::account_sas_token(sas, key(), false);
    ASSERT_TRUE(token.ok()) << token.error().message;
    EXPECT_EQ(head_with(*token), 200) << "sv=" << version;
    EXPECT_EQ(head_with(*auth::account_sas_token(sas, key(), true)), 403) << "sv=" << version;
  }
}

}  // namespace
}  // namespace blobconform
