// Azurite 3.37.0 in its OAuth mode (--oauth basic, over HTTPS with a certificate made here), run
// with only a bearer token (issue 19): no AccountKey in the program's arguments or environment.
// Every case that needs no key runs, signed with the token, and Azurite's deviations are the ones
// its shipped baseline records; the cases that need the key SKIP and say why; the token appears
// in no output. Azurite checks a token's issuer, audience and times, not its signature, so a token
// made here passes. Azurite serves one scheme on a port, so a second Azurite in OAuth mode over
// plain HTTP stands for the account's plain-HTTP endpoint (--http-endpoint): it refuses a bearer
// token over HTTP before it looks for the blob, which is what the case over plain HTTP checks.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>


#include "tests/support/command.h"
#include "tests/support/live_azurite.h"
#include "tests/support/tokens.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class LiveOAuth : public testing::AzuriteSuite {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    start_https(dir_->path().string(), {"--oauth", "basic"});
    target::AzuriteOptions plain;
    plain.azurite_dir = BLOBCONFORM_SOURCE_DIR;
    plain.port = target::free_loopback_port();
    plain.extra_args = {"--oauth", "basic"};
    auto started = target::EmbeddedAzurite::start(plain);
    ASSERT_TRUE(started.ok()) << started.error().message;
    plain_ = started->release();
  }
  static void TearDownTestSuite() {
    if (plain_) (void)plain_->stop();
    delete plain_;
    plain_ = nullptr;
    AzuriteSuite::TearDownTestSuite();
    delete dir_;
    dir_ = nullptr;
  }
  static inline testing::TempDir* dir_ = nullptr;
  static inline target::EmbeddedAzurite* plain_ = nullptr;  // the same account's "plain-HTTP endpoint"
};

TEST_F(LiveOAuth, OnlyATokenRunsEveryCaseThatNeedsNoKeyWithTheBaselinesDeviations) {
  const fs::path project = BLOBCONFORM_SOURCE_DIR;
  // The shipped baseline, but for the one deviation this mode does not have: with --oauth basic,
  // Azurite refuses an Authorization header of another scheme as the service does.
  json baseline = json::parse(testing::read_file(project / "reports" / "baselines" / "azurite-3.37.0.json"));
  ASSERT_EQ(baseline["expected"].erase("abort-copy/headers/malformed-authorization"), 1u);
  testing::write_file(dir_->path() / "oauth-baseline.json", baseline.dump(2));

  const std::string token = testing::test_token("72f988bf-86f1-41af-91ab-2d7cd011db47");  // any tenant Azurite takes
  // A second identity's token, for the case of an identity without a data role (Azurite has no roles).
  const std::string no_role_token = testing::test_token("72f988bf-86f1-41af-91ab-2d7cd011db47", std::chrono::hours(1),
                                                        "https://storage.azure.com", "00000000-0000-0000-0000-0000000000f0");
  testing::write_file(dir_->path() / "no-role-token", no_role_token + "\n");
  const std::string target = "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;BlobEndpoint=https://127.0.0.1:" +
                             std::to_string(azurite_->port()) + "/devstoreaccount1;";
  testing::TempDir reports;
  std::vector<std::string> line = {"-u", "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_TOKEN=" + token, BLOBCONFORM_BINARY,
                                   "run", "--target", target, "--ca-file", (dir_->path() / "cert.pem").string(),
                                   "--baseline", (dir_->path() / "oauth-baseline.json").string(), "--report-dir",
                                   reports.path().string(), "--quiet", "--http-endpoint",
                                   "http://127.0.0.1:" + std::to_string(plain_->port()), "--no-role-token-command",
                                   "cat " + (dir_->path() / "no-role-token").string()};
  for (const auto& a : line) ASSERT_EQ(a.find("AccountKey"), std::string::npos) << a;
  auto run = testing::run_command("env", line, 600);
  EXPECT_EQ(run.exit_code, 0) << run.output;

  json results = json::parse(testing::read_file(reports.path() / "results.json"), nullptr, false);
  ASSERT_TRUE(results.is_object()) << run.output;
  std::map<std::string, std::string> verdicts;
  size_t passed = 0, skipped_for_key = 0;
  for (const auto& instance : results["instances"]) {
    std::string id = instance["id"], verdict = instance["result"], reason = instance["reason"];
    verdicts[id] = verdict;
    passed += verdict == "PASS";
    skipped_for_key += verdict == "SKIP" && reason.find("the connection string has no AccountKey") != std::string::npos;
    EXPECT_NE(verdict, "ERROR") << id << ": " << reason;
  }
  EXPECT_GE(passed, 50u);
  EXPECT_GE(skipped_for_key, 60u);
  // Signed with the token and answered by the abort: a completed copy.
  EXPECT_EQ(verdicts["abort-copy/completed-copy/right-id-after-success"], "PASS");
  // The bearer cases ran (their deviations are in the baseline), the key's cases did not.
  EXPECT_EQ(verdicts["abort-copy/bearer/expired-token@latest"], "FAIL");
  EXPECT_EQ(verdicts["abort-copy/auth/shared-key-tampered"], "SKIP");
  EXPECT_EQ(verdicts["abort-copy/sas/service-sas-blob-write@latest"], "SKIP");
  // The user-delegation SAS cases ran on keys Azurite gave the token's identity.
  EXPECT_EQ(verdicts["abort-copy/user-delegation-sas/key-issued@latest"], "PASS");
  EXPECT_EQ(verdicts["abort-copy/user-delegation-sas/abort-accepted@2018-11-09"], "PASS");
  EXPECT_EQ(verdicts["abort-copy/user-delegation-sas/abort-accepted@latest"], "PASS");
  EXPECT_EQ(verdicts["abort-copy/user-delegation-sas/tampered"], "FAIL");  // a known deviation
  // Azurite has no roles: an identity without one is authorized (a known deviation).
  EXPECT_EQ(verdicts["abort-copy/bearer/identity-without-data-role"], "FAIL");
  // Over plain HTTP the token (its claims, unsigned) is refused: 403 "Authentication scheme Bearer is
  // not allowed with HTTP."
  EXPECT_EQ(verdicts["abort-copy/bearer/over-plain-http"], "PASS");
  const std::string everything = run.output + testing::read_reports(reports.path());
  EXPECT_EQ(everything.find(token), std::string::npos) << "the bearer token leaked into an output";
  EXPECT_EQ(everything.find(no_role_token), std::string::npos) << "the second identity's token leaked into an output";
  EXPECT_EQ(testing::shown_signature_or_key(everything), "");
}

}  // namespace
}  // namespace blobconform
