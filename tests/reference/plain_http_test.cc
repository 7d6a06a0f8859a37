// The cases sent over plain HTTP ("scheme": "http"), against a reference target that serves HTTPS
// with plain HTTP on a second port, as an account does: they go to that port (--http-endpoint), a
// bearer token there is refused, and the answer of an account that requires secure transfer (400
// AccountRequiresHttps) is graded too. A target that speaks plain HTTP only has no HTTPS to contrast
// with: the bearer case SKIPs there.
#include <gtest/gtest.h>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

using reference::Fault;
using testing::TempDir;

const std::vector<std::string> kOverHttp = {"-k", "over-plain-http", "-k", "https-only"};
constexpr const char* kBearer = "abort-copy/bearer/over-plain-http";
constexpr const char* kSas = "abort-copy/sas/service-sas-https-only-over-http";
constexpr const char* kSasOverHttps = "abort-copy/sas/service-sas-https-only";

TEST(PlainHttp, TheRequestGoesToThePlainPortAndABearerTokenIsRefusedThere) {
  reference::ReferenceOptions options;
  options.tls = true;
  auto server = reference::ReferenceServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  TempDir dir;
  auto run = testing::run_suite(**server, kOverHttp, dir.path());
  ASSERT_EQ(run.command.exit_code, 0) << run.command.output;
  EXPECT_EQ(run.results[kBearer], "PASS");
  EXPECT_EQ(run.results[kSas], "PASS");
  EXPECT_EQ(run.results[kSasOverHttps], "PASS");
  // The record names where the request went; the token it carried (unsigned) is not shown.
  size_t over_http = 0;
  for (const auto& instance : run.report["instances"]) {
    for (const auto& exchange : instance["exchanges"]) {
      if (exchange["phase"] != "request") continue;
      bool plain = instance["id"] == kBearer || instance["id"] == kSas;
      EXPECT_EQ(exchange["request"].contains("origin"), plain) << instance["id"];
      if (!plain) continue;
      ++over_http;
      EXPECT_EQ(exchange["request"]["origin"], (*server)->http_origin());
      EXPECT_EQ(exchange["response"]["status"], 403);
    }
  }
  EXPECT_EQ(over_http, 2u);
  const std::string everything = run.command.output + testing::read_reports(dir.path());
  EXPECT_EQ(testing::shown_signature_or_key(everything), "");
  EXPECT_NE(testing::read_file(dir.path() / "results.json").find("Bearer REDACTED"), std::string::npos);
}

// Secure transfer required: every plain-HTTP request is refused first. The bearer case passes on
// that answer too; the SAS case is INFO (the SAS's protocol was not reached).
TEST(PlainHttp, AnAccountThatRequiresSecureTransferPassesTheBearerCaseAndInformsOnTheSas) {
  reference::ReferenceOptions options;
  options.tls = true;
  options.https_only = true;
  auto run = testing::run_on_reference(options, kOverHttp);
  EXPECT_EQ(run.command.exit_code, 0) << run.command.output;
  EXPECT_EQ(run.results[kBearer], "PASS");
  EXPECT_EQ(run.results[kSas], "INFO");
  EXPECT_EQ(run.results[kSasOverHttps], "PASS");
  EXPECT_NE(run.report.dump().find("AccountRequiresHttps"), std::string::npos);
}

TEST(PlainHttp, AServerThatTakesATokenOverPlainHttpFails) {
  reference::ReferenceOptions options;
  options.tls = true;
  options.fault = Fault::BearerOverHttpAccepted;
  auto run = testing::run_on_reference(options, kOverHttp);
  EXPECT_EQ(run.command.exit_code, 1) << run.command.output;
  EXPECT_EQ(run.results[kBearer], "FAIL");
  EXPECT_EQ(run.results[kSas], "PASS");
}

// Plain HTTP only: the SAS case goes to the endpoint itself; the bearer case has no HTTPS to
// contrast with and SKIPs, naming it.
TEST(PlainHttp, OnAPlainHttpTargetTheSasCaseRunsThereAndTheBearerCaseSkips) {
  auto run = testing::run_on_reference({}, kOverHttp);
  EXPECT_EQ(run.command.exit_code, 0) << run.command.output;
  EXPECT_EQ(run.results[kSas], "PASS");
  EXPECT_EQ(run.results[kSasOverHttps], "SKIP");
  EXPECT_EQ(run.results[kBearer], "SKIP");
  for (const auto& instance : run.report["instances"]) {
    if (instance["id"] != kBearer) continue;
    EXPECT_NE(instance["reason"].get<std::string>().find("https"), std::string::npos) << instance["reason"];
  }
}

// --http-endpoint takes an http:// origin only, and says so naming the option.
TEST(PlainHttp, ABadHttpEndpointIsAUsageErrorNamingTheOption) {
  auto server = testing::start_reference();
  ASSERT_TRUE(server);
  for (const char* bad : {"https://127.0.0.1:1", "http://127.0.0.1:1/reference1"}) {
    auto result = testing::run_blobconform({"--target", server->connection_string(), "--http-endpoint", bad, "--quiet"}, 60);
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find("error: --http-endpoint: "), std::string::npos) << result.output;
  }
}

}  // namespace
}  // namespace blobconform
