// `--pending-copy large` with `--second-target`: the method meant for real accounts, run against
// the reference target's second account, whose cross-account copies stay pending while they move
// bytes at a set rate ("late": the abort wins) or complete just before the abort arrives ("early":
// the race a real account can make the harness lose).
#include <gtest/gtest.h>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

using testing::run_suite;
using testing::TempDir;

std::vector<std::string> large_source_args(const reference::ReferenceServer& server) {
  return {"--second-target", server.connection_string(1), "--pending-copy", "large", "--large-source-size", "1048576",
          "--filter", "abort-copy/pending-copy/**", "--filter", "abort-copy/copy-blob/**", "--filter",
          "abort-copy/wrong-copy-id/**", "--filter", "abort-copy/blob-types/**"};
}

bool needs(const nlohmann::json& instance, const std::string& tag) {
  for (const auto& t : instance["tags"]) {
    if (t == tag) return true;
  }
  return false;
}

// The pending-copy, copy-blob, wrong-copy-id and blob-types cases with --pending-copy large against a
// reference target set up by `options`; the run must go through (exit 0).
testing::SuiteRun run_large(const reference::ReferenceOptions& options, const TempDir& dir) {
  auto server = reference::ReferenceServer::start(options);
  EXPECT_TRUE(server) << server.error().message;
  if (!server) return {};
  auto run = run_suite(**server, large_source_args(**server), dir.path());
  EXPECT_FALSE(run.results.empty()) << run.command.output;
  EXPECT_EQ(run.command.exit_code, 0) << run.command.output;
  EXPECT_TRUE((*server)->containers(1).empty());  // the second account's container is gone
  return run;
}

TEST(LargeSource, LateCopiesOfEachBlobTypeAreAbortedAndEveryControlledCaseSkipsWithItsReason) {
  reference::ReferenceOptions options;
  options.cross_account_bytes_per_second = 32 * 1024;  // 1 MiB: half a minute pending
  TempDir dir;
  auto run = run_large(options, dir);
  size_t passed_pending = 0;
  for (const auto& instance : run.report["instances"]) {
    std::string id = instance["id"], result = instance["result"], reason = instance["reason"];
    if (needs(instance, "pending-copy")) {
      EXPECT_TRUE(result == "PASS" || result == "SKIP") << id << " ended " << result << ": " << reason;
      passed_pending += result == "PASS";
      if (result == "SKIP") {
        EXPECT_NE(reason.find("pending-copy-control"), std::string::npos) << id;
      }
      // The large source is a page and an append blob too, and a case that only asks for progress
      // runs without control: the blob types' pending cases and the partial transfer pass.
      if (id.find("/blob-types/") != std::string::npos || id.find("/zero-length-after-partial-transfer") != std::string::npos) {
        EXPECT_EQ(result, "PASS") << id << ": " << reason;
      }
    }
  }
  EXPECT_GE(passed_pending, 10u);
  EXPECT_EQ(run.results["abort-copy/copy-blob/cross-account-sas-destination"], "PASS");
  for (const char* id : {"abort-copy/blob-types/page-blob-aborted-length", "abort-copy/blob-types/append-blob-aborted-length@latest",
                         "abort-copy/pending-copy/zero-length-after-partial-transfer"}) {
    EXPECT_EQ(run.results[id], "PASS") << id;
  }
  // The second account's source SAS never reaches a report, and its container is gone.
  auto text = testing::read_file(dir.path() / "results.json") + testing::read_file(dir.path() / "junit.xml");
  size_t sigs = 0, redacted = 0;
  for (size_t at = text.find("sig="); at != std::string::npos; at = text.find("sig=", at + 1)) {
    ++sigs;
    redacted += text.compare(at, 12, "sig=REDACTED") == 0;
  }
  EXPECT_GT(sigs, 0u);
  EXPECT_EQ(sigs, redacted) << "an unredacted sig";
}

TEST(LargeSource, AnAbortThatLosesTheRaceIsInconclusiveNeverAFailure) {
  reference::ReferenceOptions options;
  options.cross_account_copy_completes_before_abort = true;
  TempDir dir;
  auto run = run_large(options, dir);
  size_t lost = 0;
  for (const auto& instance : run.report["instances"]) {
    std::string id = instance["id"], result = instance["result"], reason = instance["reason"];
    EXPECT_TRUE(result != "FAIL" && result != "ERROR") << id << ": " << reason;
    if (result == "INCONCLUSIVE") {
      ++lost;
      EXPECT_NE(reason.find("the race for a pending copy was lost"), std::string::npos) << id << ": " << reason;
      EXPECT_NE(reason.find("concluded (success)"), std::string::npos) << reason;
    }
  }
  EXPECT_EQ(run.results["abort-copy/pending-copy/abort-pending-copy"], "INCONCLUSIVE");
  EXPECT_GE(lost, 5u);
}

TEST(LargeSource, TheRaceCheckDoesNotHideARealDeviation) {
  reference::ReferenceOptions options;
  options.cross_account_bytes_per_second = 32 * 1024;
  options.fault = reference::Fault::AbortAnswers200;
  auto server = reference::ReferenceServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  TempDir dir;
  auto run = run_suite(**server, {"--second-target", (*server)->connection_string(1), "--pending-copy", "large",
                                  "--large-source-size", "65536", "--filter", "abort-copy/pending-copy/abort-pending-copy"},
                       dir.path());
  EXPECT_EQ(run.results["abort-copy/pending-copy/abort-pending-copy"], "FAIL") << run.command.output;
  EXPECT_EQ(run.command.exit_code, 1);
}

TEST(LargeSource, NeedsASecondTarget) {
  auto server = reference::ReferenceServer::start({});
  ASSERT_TRUE(server);
  auto result = testing::run_blobconform(
      {"--target", (*server)->connection_string(), "--pending-copy", "large", "--filter", "abort-copy/pending-copy/**"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("--pending-copy large needs --second-target"), std::string::npos) << result.output;
}

TEST(LargeSource, ASizeThatIsNoWholeNumberOfPagesIsRefused) {
  auto server = reference::ReferenceServer::start({});
  ASSERT_TRUE(server);
  auto result = testing::run_blobconform({"--target", (*server)->connection_string(), "--second-target",
                                          (*server)->connection_string(1), "--pending-copy", "large", "--large-source-size",
                                          "1000", "--filter", "abort-copy/pending-copy/**"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("--large-source-size: 1000 is not a multiple of 512 (a page blob's pages)"), std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace blobconform
