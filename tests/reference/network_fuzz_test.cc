// `blobconform fuzz` and `replay` against the reference target: the planted request-parsing fault
// (truncated-escape-500) is found without being pointed at, minimized, and written as a case
// that fails against the faulty target and passes against the clean one; the other oracles catch
// their faults; the same seed sends the same requests; no signature reaches a file.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using reference::Fault;
using testing::start_reference;
using testing::read_file;
using testing::run_blobconform;
using testing::TempDir;

testing::CommandResult fuzz(const reference::ReferenceServer& server, const fs::path& findings, uint64_t seed,
                            uint64_t requests, const std::string& log = "") {
  std::vector<std::string> args = {"fuzz", "--target", server.connection_string(), "--seed", std::to_string(seed),
                                   "--requests", std::to_string(requests), "--findings-dir", findings.string(),
                                   "--quiet"};
  if (!log.empty()) args.insert(args.end(), {"--log", log});
  return run_blobconform(args, 300);
}

std::vector<fs::path> files(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) out.push_back(entry.path());
  }
  return out;
}

testing::CommandResult run_regressions(const reference::ReferenceServer& server, const fs::path& findings,
                                       const fs::path& reports) {
  return run_blobconform({"--target", server.connection_string(), "--cases",
                          std::string(BLOBCONFORM_SOURCE_DIR) + "/cases", "--cases", findings.string(), "--filter",
                          "regressions/**", "--report-dir", reports.string(), "--quiet"});
}

TEST(NetworkFuzz, FindsThePlantedParsingBugAndWritesACaseThatCatchesIt) {
  auto faulty = start_reference(Fault::TruncatedEscape500);
  auto clean = start_reference();
  ASSERT_TRUE(faulty && clean);
  TempDir dir;
  auto result = fuzz(*faulty, dir.path(), 1, 300);
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("finding: server-error: answered 500"), std::string::npos) << result.output;
  auto cases = files(dir.path() / "regressions", ".json");
  ASSERT_EQ(cases.size(), 1u) << result.output;  // "%4" and "%" are one cause
  auto text = read_file(cases[0]);
  EXPECT_NE(text.find("QueryBadEscape"), std::string::npos) << text;  // minimized to the escape alone
  EXPECT_EQ(text.find("Whitespace"), std::string::npos) << text;

  TempDir reports;
  auto against_faulty = run_regressions(*faulty, dir.path(), reports.path() / "faulty");
  EXPECT_EQ(against_faulty.exit_code, 1) << against_faulty.output;
  EXPECT_NE(against_faulty.output.find("1 instance: 0 passed, 1 failure,"), std::string::npos) << against_faulty.output;
  auto against_clean = run_regressions(*clean, dir.path(), reports.path() / "clean");
  EXPECT_EQ(against_clean.exit_code, 0) << against_clean.output;
  EXPECT_NE(against_clean.output.find("1 instance: 1 passed, 0 failures,"), std::string::npos) << against_clean.output;

  auto bins = files(dir.path() / "regressions", ".bin");
  ASSERT_EQ(bins.size(), 1u);
  auto replayed = run_blobconform({"replay", bins[0].string(), "--target", faulty->connection_string()});
  EXPECT_EQ(replayed.exit_code, 1) << replayed.output;  // the finding still reproduces
  EXPECT_NE(replayed.output.find("=> HTTP/1.1 500"), std::string::npos) << replayed.output;
  EXPECT_NE(replayed.output.find("still reproduces: server-error: answered 500"), std::string::npos) << replayed.output;
}

TEST(NetworkFuzz, EachOracleCatchesItsFault) {
  struct Expected {
    Fault fault;
    const char* oracle;
  };
  for (const Expected& expected : {Expected{Fault::NoRequestIdOnErrors, "error-without-request-id"},
                                   Expected{Fault::ErrorCodeHeaderDiffers, "error-code-mismatch"},
                                   Expected{Fault::SignatureNotChecked, "unauthenticated-success"},
                                   Expected{Fault::AbortAcceptsCompletedCopy, "destination-changed"}}) {
    auto server = start_reference(expected.fault);
    ASSERT_TRUE(server);
    TempDir dir;
    auto result = fuzz(*server, dir.path(), 3, 400);
    EXPECT_EQ(result.exit_code, 1) << expected.oracle << "\n" << result.output;
    EXPECT_NE(result.output.find(std::string("finding: ") + expected.oracle), std::string::npos)
        << expected.oracle << "\n" << result.output;
  }
}

TEST(NetworkFuzz, TheCleanTargetGivesNoFindingAndTheSameSeedSendsTheSameRequests) {
  auto server = start_reference();
  ASSERT_TRUE(server);
  TempDir dir;
  auto first = fuzz(*server, dir.path() / "a", 11, 500, (dir.path() / "a.ndjson").string());
  auto second = fuzz(*server, dir.path() / "b", 11, 500, (dir.path() / "b.ndjson").string());
  auto other = fuzz(*server, dir.path() / "c", 12, 500, (dir.path() / "c.ndjson").string());
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("500 requests drawn, 500 sent, 0 finding(s)"), std::string::npos) << first.output;
  auto a = read_file(dir.path() / "a.ndjson");
  EXPECT_EQ(std::count(a.begin(), a.end(), '\n'), 500);
  EXPECT_EQ(a, read_file(dir.path() / "b.ndjson"));
  EXPECT_NE(a, read_file(dir.path() / "c.ndjson"));
  EXPECT_EQ(a.find("SharedKey reference1:"), std::string::npos);  // signatures are placeholders
}

TEST(NetworkFuzz, NoSignatureReachesAFindingFile) {
  auto server = start_reference(Fault::NoRequestIdOnErrors);
  ASSERT_TRUE(server);
  TempDir dir;
  auto result = fuzz(*server, dir.path(), 5, 200);
  ASSERT_EQ(result.exit_code, 1) << result.output;
  auto bins = files(dir.path() / "regressions", ".bin");
  ASSERT_FALSE(bins.empty());
  size_t signed_requests = 0;
  for (const auto& bin : bins) {
    auto bytes = read_file(bin);
    auto at = bytes.find("Authorization: SharedKey reference1:");
    if (at == std::string::npos) continue;
    ++signed_requests;
    EXPECT_EQ(bytes.compare(at, 44, "Authorization: SharedKey reference1:REDACTED"), 0) << bytes;
  }
  EXPECT_GT(signed_requests, 0u);
}

TEST(NetworkFuzz, NeedsABudget) {
  auto server = start_reference();
  ASSERT_TRUE(server);
  auto result = run_blobconform({"fuzz", "--target", server->connection_string()});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("give --requests N or --seconds T"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace blobconform
