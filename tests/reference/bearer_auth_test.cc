// The reference target's bearer tokens, request by request: what it answers to each token a case
// may send (docs/research/bearer-tokens.md), so that the bearer cases and a bearer-token run have a
// target that passes and fails them as the service does.
#include <gtest/gtest.h>

#include <chrono>

#include "harness/auth/jwt.h"
#include "harness/transport/raw_client.h"
#include "tests/reference/reference_server.h"

namespace blobconform::reference {
namespace {

const std::string kIssuer = std::string("https://sts.windows.net/") + kReferenceTenant + "/";

long long now_plus(std::chrono::seconds offset) {
  return std::chrono::duration_cast<std::chrono::seconds>((std::chrono::system_clock::now() + offset).time_since_epoch()).count();
}

std::string token(const std::string& audience = "https://storage.azure.com", const std::string& issuer = kIssuer,
                  long long exp = now_plus(std::chrono::hours(1)), long long nbf = now_plus(std::chrono::hours(-1)),
                  const std::string& oid = "11111111-1111-4111-8111-111111111111") {
  return auth::make_unsigned_jwt(R"({"aud":")" + audience + R"(","iss":")" + issuer + R"(","oid":")" + oid +
                                 R"(","exp":)" + std::to_string(exp) + R"(,"nbf":)" + std::to_string(nbf) + "}");
}

// An abort of a blob in a container that does not exist: authenticated and authorized, it is 404.
transport::Exchange abort_with(const ReferenceServer& server, const std::string& authorization, const std::string& version) {
  std::string bytes = "PUT /reference1/nocontainer/b?comp=copy&copyid=0f3a7f66-4b1d-4a0e-9d6e-1c2b3a4d5e6f HTTP/1.1\r\n"
                      "Host: h\r\nx-ms-copy-action: abort\r\nx-ms-client-request-id: the-id\r\nContent-Length: 0\r\n";
  if (!version.empty()) bytes += "x-ms-version: " + version + "\r\n";
  bytes += "Authorization: " + authorization + "\r\n\r\n";
  transport::Endpoint endpoint{"http", "127.0.0.1", static_cast<uint16_t>(server.port())};
  return transport::send_raw_bytes(endpoint, {}, {}, bytes, "PUT");
}

struct Answer {
  int status = -1;
  std::string code, body;
  std::optional<std::string> challenge, version, client_id;
};

Answer answer_of(const transport::Exchange& exchange) {
  Answer out;
  if (!exchange.response) return out;
  const auto& headers = exchange.response->headers;
  out.status = exchange.response->status;
  out.code = transport::find_header(headers, "x-ms-error-code").value_or("");
  out.body = exchange.response->body;
  out.challenge = transport::find_header(headers, "WWW-Authenticate");
  out.version = transport::find_header(headers, "x-ms-version");
  out.client_id = transport::find_header(headers, "x-ms-client-request-id");
  return out;
}

TEST(ReferenceBearer, AValidTokenIsAuthenticatedAndAuthorized) {
  auto server = ReferenceServer::start({});
  ASSERT_TRUE(server) << server.error().message;
  for (const std::string audience : {"https://storage.azure.com", "https://storage.azure.com/",
                                     "https://reference1.blob.core.windows.net", "https://reference1.blob.core.windows.net/"}) {
    auto got = answer_of(abort_with(**server, "Bearer " + token(audience), "2026-06-06"));
    EXPECT_EQ(got.status, 404) << audience << ": " << got.body;
    EXPECT_EQ(got.code, "ContainerNotFound") << audience;
    EXPECT_EQ(got.version, "2026-06-06");  // an answer of the store: the handler ran
  }
}

TEST(ReferenceBearer, ARefusedTokenIsA401WithTheChallengeFrom20191212AndA403Before) {
  auto server = ReferenceServer::start({});
  ASSERT_TRUE(server) << server.error().message;
  struct Row {
    std::string authorization, detail;
  } rows[] = {
      {"Bearer " + token("https://storage.azure.com", kIssuer, now_plus(std::chrono::seconds(-10))),
       "Lifetime validation failed. The token is expired."},
      {"Bearer " + token("https://storage.azure.com", kIssuer, now_plus(std::chrono::hours(2)), now_plus(std::chrono::hours(1))),
       "Lifetime validation failed. The token is not yet valid."},
      {"Bearer " + token("https://storage.azure.com", "https://sts.windows.net/another-tenant/"),
       "Issuer validation failed. Issuer did not match."},
      {"Bearer " + token("https://other.blob.core.windows.net"), "Audience validation failed. Audience did not match."},
      {"Bearer " + token("https://management.azure.com/"), "Audience validation failed. Audience did not match."},
      {"Bearer not-a-jwt", "The token is not a well-formed JWT."},
  };
  for (const auto& row : rows) {
    auto challenged = answer_of(abort_with(**server, row.authorization, "2019-12-12"));
    EXPECT_EQ(challenged.status, 401) << row.detail;
    EXPECT_EQ(challenged.code, "InvalidAuthenticationInfo");
    EXPECT_NE(challenged.body.find("<AuthenticationErrorDetail>" + row.detail + "</AuthenticationErrorDetail>"), std::string::npos)
        << challenged.body;
    EXPECT_EQ(challenged.challenge, std::string("Bearer authorization_uri=https://login.microsoftonline.com/") +
                                        kReferenceTenant + "/oauth2/authorize resource_id=https://storage.azure.com");
    EXPECT_FALSE(challenged.version);    // refused before the handler
    EXPECT_FALSE(challenged.client_id);  // and not echoed, unlike the anonymous 401

    auto before = answer_of(abort_with(**server, row.authorization, "2019-07-07"));
    EXPECT_EQ(before.status, 403) << row.detail;
    EXPECT_EQ(before.code, "AuthenticationFailed");
    EXPECT_NE(before.body.find(row.detail), std::string::npos) << before.body;
    EXPECT_FALSE(before.challenge);
  }
}

TEST(ReferenceBearer, AVersionWithoutBearerTokensRefusesEvenAValidOne) {
  auto server = ReferenceServer::start({});
  ASSERT_TRUE(server) << server.error().message;
  for (const std::string version : {"", "2017-07-29"}) {
    auto got = answer_of(abort_with(**server, "Bearer " + token(), version));
    EXPECT_EQ(got.status, 403) << version;
    EXPECT_EQ(got.code, "AuthenticationFailed");
    EXPECT_NE(got.body.find("Authentication scheme Bearer is not supported in this version."), std::string::npos) << got.body;
  }
  EXPECT_EQ(answer_of(abort_with(**server, "Bearer " + token(), "2017-11-09")).status, 404);
  // Not one credential after the scheme: the header is unreadable, whatever the version.
  EXPECT_EQ(answer_of(abort_with(**server, "Bearer YOU SHALL NOT PASS", "2026-06-06")).status, 400);
}

TEST(ReferenceBearer, AnIdentityWithoutADataRoleIsRefusedAtAuthorization) {
  ReferenceOptions options;
  options.oids_without_role = {"22222222-2222-4222-8222-222222222222"};
  auto server = ReferenceServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  auto got = answer_of(abort_with(
      **server, "Bearer " + token("https://storage.azure.com", kIssuer, now_plus(std::chrono::hours(1)), now_plus(std::chrono::hours(-1)),
                                  "22222222-2222-4222-8222-222222222222"),
      "2026-06-06"));
  EXPECT_EQ(got.status, 403);
  EXPECT_EQ(got.code, "AuthorizationPermissionMismatch");
  EXPECT_EQ(got.version, "2026-06-06");  // refused at authorization, once the handler ran
  EXPECT_EQ(got.client_id, "the-id");
  EXPECT_FALSE(got.challenge);
}

}  // namespace
}  // namespace blobconform::reference
