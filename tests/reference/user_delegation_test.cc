// The reference target's user delegation keys and user-delegation SAS, request by request
// (docs/research/user-delegation-sas.md): a bearer token's identity gets a key, a SAS signed with
// it at every layout authorizes the abort, and each refusal the cases grade is answered as the
// service answers it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness/auth/account_key.h"
#include "harness/auth/shared_key.h"
#include "harness/auth/user_delegation_key.h"
#include "harness/auth/user_delegation_sas.h"
#include "harness/check/error_body.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"
#include "tests/reference/reference_server.h"
#include "tests/support/tokens.h"

namespace blobconform::reference {
namespace {

class ReferenceDelegation : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = ReferenceServer::start({});
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
    client_ = std::make_unique<transport::HttpClient>(
        transport::Endpoint{"http", "127.0.0.1", static_cast<uint16_t>(server_->port())}, transport::TlsOptions{},
        transport::Timeouts{});
  }

  transport::Response send(transport::Request request) {
    request.headers.emplace_back("Host", "127.0.0.1");
    request.headers.emplace_back("Content-Length", std::to_string(request.body.size()));
    auto exchange = client_->send(request);
    EXPECT_TRUE(exchange.response) << exchange.transport_error;
    return exchange.response.value_or(transport::Response{});
  }

  // Get User Delegation Key for KeyInfo start..expiry, with `authorization` (empty: signed with
  // the account's key).
  transport::Response get_key(const std::string& authorization, std::chrono::seconds expiry = std::chrono::hours(1),
                              const std::string& version = "2026-06-06") {
    transport::Request request;
    request.method = "POST";
    request.target = "/reference1/?restype=service&comp=userdelegationkey";
    request.headers = {{"x-ms-version", version}, {"x-ms-date", wire::format_rfc1123(wire::Clock::now())}};
    request.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><KeyInfo><Start>" +
                   wire::format_iso8601(wire::Clock::now() - std::chrono::minutes(5)) + "</Start><Expiry>" +
                   wire::format_iso8601(wire::Clock::now() + expiry) + "</Expiry></KeyInfo>";
    if (!authorization.empty()) {
      request.headers.emplace_back("Authorization", authorization);
    } else {
      auto key = auth::make_account_key("reference1", default_accounts()[0].key_base64);
      request.headers.emplace_back("Host", "127.0.0.1");
      request.headers.emplace_back("Content-Length", std::to_string(request.body.size()));
      EXPECT_TRUE(auth::sign_request(request, *key, auth::SharedKeyScheme::SharedKey, "", false));
      auto exchange = client_->send(request);
      return exchange.response.value_or(transport::Response{});
    }
    return send(request);
  }

  auth::UserDelegationKey key_for(const std::string& oid = testing::kTestOid) {
    auto answer = get_key("Bearer " + testing::test_token(kReferenceTenant, std::chrono::hours(1),
                                                          "https://storage.azure.com", oid));
    EXPECT_EQ(answer.status, 200) << answer.body;
    auto key = auth::parse_user_delegation_key(answer.body);
    EXPECT_TRUE(key.ok()) << (key ? "" : key.error().message) << answer.body;
    return key ? *key : auth::UserDelegationKey{};
  }

  // An abort of blob b in a container that does not exist, with this SAS: authorized, it is 404.
  transport::Response abort_with(auth::UserDelegationSas sas, bool tamper = false) {
    sas.account = "reference1";
    sas.container = "nocontainer";
    if (sas.resource != "c" && sas.blob.empty()) sas.blob = "b";
    auto token = auth::user_delegation_sas_token(sas, tamper);
    EXPECT_TRUE(token.ok()) << (token ? "" : token.error().message);
    transport::Request request;
    request.method = "PUT";
    request.target = "/reference1/nocontainer/b?comp=copy&copyid=0f3a7f66-4b1d-4a0e-9d6e-1c2b3a4d5e6f&" + (token ? *token : "");
    request.headers = {{"x-ms-copy-action", "abort"}};
    return send(request);
  }

  static auth::UserDelegationSas write_sas(const auth::UserDelegationKey& key, const std::string& version = "2026-06-06") {
    auth::UserDelegationSas sas;
    sas.version = version;
    sas.resource = "b";
    sas.permissions = "w";
    sas.expiry = wire::format_iso8601(wire::Clock::now() + std::chrono::minutes(30));
    sas.key = key;
    return sas;
  }

  static std::string code_of(const transport::Response& response) {
    auto error = check::parse_error_body(response.body);
    return error ? error->code : "";
  }

  std::unique_ptr<ReferenceServer> server_;
  std::unique_ptr<transport::HttpClient> client_;
};

TEST_F(ReferenceDelegation, ABearerTokensIdentityGetsAKey) {
  auth::UserDelegationKey key = key_for();
  EXPECT_EQ(key.signed_oid, testing::kTestOid);
  EXPECT_EQ(key.signed_tid, kReferenceTenant);
  EXPECT_EQ(key.signed_service, "b");
  EXPECT_EQ(key.signed_version, "2026-06-06");
  EXPECT_TRUE(wire::parse_iso8601(key.signed_start).ok());
  EXPECT_TRUE(wire::parse_iso8601(key.signed_expiry).ok());
  EXPECT_EQ(key.value.size(), 44u);  // 32 bytes, Base64
}

TEST_F(ReferenceDelegation, OnlyABearerTokenGetsAKeyAndForAtMostSevenDays) {
  auto shared_key = get_key("");
  EXPECT_EQ(shared_key.status, 403) << shared_key.body;
  EXPECT_NE(shared_key.body.find("<AuthenticationErrorDetail>Only authentication scheme Bearer is supported<"), std::string::npos)
      << shared_key.body;
  std::string bearer = "Bearer " + testing::test_token(kReferenceTenant);
  auto too_long = get_key(bearer, std::chrono::hours(24 * 8));
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(code_of(too_long), "InvalidXmlNodeValue");
  auto without_role = get_key("Bearer " + testing::test_token(kReferenceTenant, std::chrono::hours(1),
                                                              "https://storage.azure.com", kReferenceOidWithoutRole));
  EXPECT_EQ(without_role.status, 403);
  EXPECT_EQ(code_of(without_role), "AuthorizationPermissionMismatch");
  // Without a Start, the key starts now (docs/research/user-delegation-sas.md: recorded at 2018-11-09).
  transport::Request no_start;
  no_start.method = "POST";
  no_start.target = "/reference1/?restype=service&comp=userdelegationkey";
  no_start.headers = {{"x-ms-version", "2018-11-09"}, {"Authorization", bearer}};
  no_start.body = "<KeyInfo><Expiry>" + wire::format_iso8601(wire::Clock::now() + std::chrono::hours(1)) + "</Expiry></KeyInfo>";
  auto started_now = send(no_start);
  EXPECT_EQ(started_now.status, 200) << started_now.body;
  auto started_key = auth::parse_user_delegation_key(started_now.body);
  ASSERT_TRUE(started_key.ok()) << started_now.body;
  auto start = wire::parse_iso8601(started_key->signed_start);
  ASSERT_TRUE(start.ok());
  EXPECT_LT(std::chrono::abs(wire::Clock::now() - *start), std::chrono::minutes(1)) << started_key->signed_start;
  auto before = get_key(bearer, std::chrono::hours(1), "2018-03-28");  // the operation is from 2018-11-09
  EXPECT_EQ(before.status, 400) << before.body;
}

TEST_F(ReferenceDelegation, ASasSignedWithTheKeyAuthorizesTheAbortAtEveryLayout) {
  auth::UserDelegationKey key = key_for();
  for (const char* version : {"2018-11-09", "2020-02-10", "2020-12-06", "2025-07-05", "2026-04-06", "2026-06-06"}) {
    auth::UserDelegationSas sas = write_sas(key, version);
    auto answer = abort_with(sas);
    EXPECT_EQ(answer.status, 404) << version << ": " << answer.body;
    EXPECT_EQ(code_of(answer), "ContainerNotFound") << version;
    sas.resource = "c";
    EXPECT_EQ(code_of(abort_with(sas)), "ContainerNotFound") << version << " sr=c";
  }
  auth::UserDelegationSas with_scid = write_sas(key, "2020-02-10");
  with_scid.correlation_id = "a-correlation-id";
  EXPECT_EQ(code_of(abort_with(with_scid)), "ContainerNotFound");
  auth::UserDelegationSas outlives = write_sas(key);
  outlives.expiry = wire::format_iso8601(wire::Clock::now() + std::chrono::hours(3));  // after the key's expiry
  EXPECT_EQ(code_of(abort_with(outlives)), "ContainerNotFound");
}

TEST_F(ReferenceDelegation, ARefusedSasIsAnsweredAsTheServiceDoes) {
  auth::UserDelegationKey key = key_for();
  auto tampered = abort_with(write_sas(key), true);
  EXPECT_EQ(tampered.status, 403);
  EXPECT_NE(tampered.body.find("<AuthenticationErrorDetail>Signature did not match. String to sign used was w\n"),
            std::string::npos)
      << tampered.body;
  auth::UserDelegationSas other_blob = write_sas(key);
  other_blob.blob = "other";
  EXPECT_EQ(code_of(abort_with(other_blob)), "AuthenticationFailed");
  auth::UserDelegationSas read_only = write_sas(key);
  read_only.permissions = "r";
  EXPECT_EQ(code_of(abort_with(read_only)), "AuthorizationPermissionMismatch");
  // A key that expires in two seconds: once it has, its SAS fails whatever the SAS's own expiry.
  auto short_lived = auth::parse_user_delegation_key(get_key("Bearer " + testing::test_token(kReferenceTenant),
                                                             std::chrono::seconds(2)).body);
  ASSERT_TRUE(short_lived.ok());
  EXPECT_EQ(code_of(abort_with(write_sas(*short_lived))), "ContainerNotFound");
  std::this_thread::sleep_for(std::chrono::seconds(3));
  auto expired = abort_with(write_sas(*short_lived));
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("<AuthenticationErrorDetail>Signed key not valid in the specified time frame"), std::string::npos)
      << expired.body;
}

}  // namespace
}  // namespace blobconform::reference
