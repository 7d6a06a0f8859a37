// A run with only a bearer token (issue 19): no AccountKey anywhere in the program's arguments or
// environment. Every case that does not need the key runs, signed with the token, and passes on the
// reference target; the cases that need the key, and the instances at versions that take no
// token, SKIP and say why; the token appears in no output. The reference target serves HTTPS, with
// plain HTTP on a second port, as an account does: the token's case over plain HTTP runs there.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "harness/auth/jwt.h"
#include "tests/reference/suite_runs.h"
#include "tests/support/tokens.h"

namespace blobconform {
namespace {

using testing::TempDir;

std::string reference_token() { return testing::test_token(reference::kReferenceTenant); }

std::string without_key(const std::string& connection_string) {
  return std::regex_replace(connection_string, std::regex(";?AccountKey=[^;]*"), "");
}

TEST(BearerRun, OnlyATokenRunsEveryCaseThatNeedsNoKeyAndSkipsTheRestWithTheReason) {
  auto server = testing::start_reference(reference::Fault::None, true);
  ASSERT_TRUE(server);
  TempDir dir;
  const std::string token = reference_token();
  testing::write_file(dir.path() / "token", token + "\n");
  std::vector<std::string> args = {"--target", without_key(server->connection_string()), "--token-command",
                                   "cat " + (dir.path() / "token").string(), "--no-role-token-command",
                                   "cat " + testing::reference_no_role_token_file(), "--report-dir",
                                   (dir.path() / "reports").string(), "--ca-file", server->ca_file(),
                                   "--http-endpoint", server->http_origin()};
  for (auto& a : testing::reference_capabilities()) args.push_back(a);
  for (const auto& a : args) ASSERT_EQ(a.find("AccountKey"), std::string::npos) << a;
  auto result = testing::run_command("env", [&] {
    std::vector<std::string> line = {"-u", "AZURE_STORAGE_CONNECTION_STRING", "-u", "AZURE_STORAGE_TOKEN", BLOBCONFORM_BINARY};
    line.insert(line.end(), args.begin(), args.end());
    return line;
  }(), 600);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto report = nlohmann::json::parse(testing::read_file(dir.path() / "reports" / "results.json"), nullptr, false);
  ASSERT_FALSE(report.is_discarded());
  size_t passed = 0, skipped_for_key = 0, skipped_for_version = 0;
  std::map<std::string, std::string> results;
  for (const auto& instance : report["instances"]) {
    std::string id = instance["id"], verdict = instance["result"], reason = instance["reason"];
    results[id] = verdict;
    EXPECT_TRUE(verdict == "PASS" || verdict == "INFO" || verdict == "SKIP") << id << " ended " << verdict << ": " << reason;
    passed += verdict == "PASS";
    if (verdict != "SKIP") continue;
    bool for_key = reason.find("the connection string has no AccountKey") != std::string::npos;
    bool for_version = reason.find("a bearer token needs x-ms-version 2017-11-09 or later") != std::string::npos;
    skipped_for_key += for_key;
    skipped_for_version += for_version;
    EXPECT_TRUE(for_key || for_version || reason.find("second-account") != std::string::npos)
        << id << ": " << reason;
  }
  EXPECT_GE(passed, 140u);
  EXPECT_GE(skipped_for_key, 60u);
  EXPECT_GE(skipped_for_version, 20u);
  // Signed with the token: the abort's usual answers, pending copies included.
  EXPECT_EQ(results["abort-copy/pending-copy/abort-pending-copy"], "PASS");
  EXPECT_EQ(results["abort-copy/completed-copy/right-id-after-success"], "PASS");
  // The key's cases: Shared Key named, a SAS, a source URL with a SAS.
  EXPECT_EQ(results["abort-copy/auth/shared-key-tampered"], "SKIP");
  EXPECT_EQ(results["abort-copy/sas/service-sas-blob-write@latest"], "SKIP");
  EXPECT_EQ(results["abort-copy/blob-types/incremental-copy-completed@latest"], "SKIP");
  EXPECT_EQ(results["abort-copy/version/supported-versions@2015-04-05"], "SKIP");
  EXPECT_EQ(results["abort-copy/version/supported-versions@2017-07-29"], "SKIP");
  EXPECT_EQ(results["abort-copy/version/supported-versions@2018-11-09"], "PASS");
  // The second identity's token, without a data role: authenticated, then refused.
  EXPECT_EQ(results["abort-copy/bearer/identity-without-data-role"], "PASS");
  // The token's claims, unsigned, over plain HTTP: refused.
  EXPECT_EQ(results["abort-copy/bearer/over-plain-http"], "PASS");
  // The token is in no report and not in the program's output, nor a piece of it.
  const std::string everything = result.output + testing::read_reports(dir.path() / "reports");
  EXPECT_EQ(everything.find(token), std::string::npos);
  const std::string no_role_token = testing::read_file(testing::reference_no_role_token_file());
  EXPECT_EQ(everything.find(no_role_token.substr(0, no_role_token.size() - 1)), std::string::npos);
  EXPECT_EQ(everything.find(token.substr(token.rfind('.') - 20, 20)), std::string::npos);
  EXPECT_NE(testing::read_file(dir.path() / "reports" / "results.json").find("Bearer REDACTED"), std::string::npos);
  // The user-delegation SAS cases ran on the keys the reference target gave the token's identity, and
  // passed; neither a key's Value nor a SAS's signature is shown.
  size_t delegated = 0;
  for (const auto& [id, verdict] : results) {
    if (id.rfind("abort-copy/user-delegation-sas/", 0) != 0 || id == "abort-copy/user-delegation-sas/key-with-shared-key") continue;
    ++delegated;
    EXPECT_EQ(verdict, "PASS") << id;
  }
  EXPECT_GE(delegated, 17u);
  EXPECT_EQ(results["abort-copy/user-delegation-sas/key-with-shared-key"], "SKIP");
  EXPECT_EQ(testing::shown_signature_or_key(everything), "");
  EXPECT_NE(everything.find("<Value>REDACTED</Value>"), std::string::npos);
}

TEST(BearerRun, ATokenTheTargetRefusesStopsTheRunBeforeAnyCaseAndSaysWhatToCheck) {
  auto server = testing::start_reference();
  ASSERT_TRUE(server);
  const std::string token = auth::make_unsigned_jwt(R"({"aud":"https://management.azure.com/","iss":"x","exp":4102444800})");
  auto result = testing::run_command("env", {"AZURE_STORAGE_TOKEN=" + token, BLOBCONFORM_BINARY, "--target",
                                             without_key(server->connection_string()), "--filter", "abort-copy/uri/**"});
  EXPECT_EQ(result.exit_code, 3) << result.output;
  EXPECT_NE(result.output.find("refused the bearer token: List Containers got 401 InvalidAuthenticationInfo"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("Storage Blob Data Contributor"), std::string::npos);
  EXPECT_EQ(result.output.find(token), std::string::npos);
}

TEST(BearerRun, ATokenIsReadFromTheVariableAndNeverSentInClearToAnotherMachine) {
  const std::string token = reference_token();
  auto remote = testing::run_command("env", {"AZURE_STORAGE_TOKEN=" + token, BLOBCONFORM_BINARY, "--target",
                                             "BlobEndpoint=http://192.0.2.1:10000/acct;AccountName=acct", "--filter", "abort-copy/uri/**"});
  EXPECT_EQ(remote.exit_code, 2) << remote.output;
  EXPECT_NE(remote.output.find("a bearer token is sent over HTTPS only"), std::string::npos) << remote.output;
  EXPECT_EQ(remote.output.find(token), std::string::npos);

  auto both = testing::run_command("env", {"AZURE_STORAGE_TOKEN=" + token, BLOBCONFORM_BINARY, "--target",
                                           "BlobEndpoint=https://acct.blob.core.windows.net;AccountName=acct",
                                           "--token-command", "echo x"});
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_NE(both.output.find("--token-command and AZURE_STORAGE_TOKEN both give a bearer token"), std::string::npos);

  auto expired = testing::run_command("env", {"AZURE_STORAGE_TOKEN=" + auth::make_unsigned_jwt(R"({"exp":1000})"),
                                              BLOBCONFORM_BINARY, "--target",
                                              "BlobEndpoint=https://acct.blob.core.windows.net;AccountName=acct"});
  EXPECT_EQ(expired.exit_code, 2) << expired.output;
  EXPECT_NE(expired.output.find("AZURE_STORAGE_TOKEN: the token expired at 1970-01-01T00:16:40Z"), std::string::npos)
      << expired.output;

  auto neither = testing::run_command("env", {"-u", "AZURE_STORAGE_TOKEN", BLOBCONFORM_BINARY, "--target",
                                              "BlobEndpoint=https://acct.blob.core.windows.net;AccountName=acct"});
  EXPECT_EQ(neither.exit_code, 2) << neither.output;
  EXPECT_NE(neither.output.find("no bearer token was given (AZURE_STORAGE_TOKEN or --token-command)"), std::string::npos)
      << neither.output;
}

}  // namespace
}  // namespace blobconform
