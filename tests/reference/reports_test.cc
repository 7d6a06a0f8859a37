// The reports of a run against the reference target, read the way their consumers read them:
// JUnit by an independent parser, events.ndjson line by line, shards merged into the unsharded
// verdict, two targets compared, one failure reproduced.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using reference::Fault;
using testing::start_reference;
using testing::read_file;
using testing::run_blobconform;
using testing::TempDir;

const std::vector<std::string> kSelection = {"--filter", "abort-copy/pending-copy/**", "--filter",
                                             "abort-copy/completed-copy/**", "--filter", "abort-copy/headers/**"};

testing::CommandResult run(const reference::ReferenceServer& server, const fs::path& dir,
                           std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--target", server.connection_string(), "--report-dir", dir.string(), "--quiet"};
  for (const auto& a : testing::reference_capabilities()) args.push_back(a);
  for (const auto& a : kSelection) args.push_back(a);
  for (auto& a : extra) args.push_back(std::move(a));
  return run_blobconform(args, 300);
}

std::vector<std::string> lines_starting(const std::string& text, const std::vector<std::string>& prefixes) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    for (const auto& p : prefixes) {
      if (line.rfind(p, 0) == 0) out.push_back(line);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::json json_of(const fs::path& file) { return nlohmann::json::parse(read_file(file), nullptr, false); }

TEST(Reports, JUnitAsAnIndependentParserReadsItAgreesWithResultsJson) {
  if (!fs::exists("/usr/bin/python3") ||
      testing::run_command("/usr/bin/python3", {"-c", "import junitparser"}).exit_code != 0) {
    GTEST_SKIP() << "Debian's python3-junitparser is not installed (scripts/setup installs it)";
  }
  auto server = start_reference(Fault::AbortAnswers200);
  ASSERT_TRUE(server);
  TempDir dir;
  run(*server, dir.path());
  auto parsed = testing::run_command("/usr/bin/python3", {std::string(BLOBCONFORM_SOURCE_DIR) + "/tests/reference/junit_reader.py",
                                                          (dir.path() / "junit.xml").string()});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.output;
  auto totals = nlohmann::json::parse(parsed.output, nullptr, false);
  ASSERT_FALSE(totals.is_discarded()) << parsed.output;
  auto results = json_of(dir.path() / "results.json");
  const auto& counts = results["counts"];
  EXPECT_EQ(totals["tests"], results["instances"].size());
  EXPECT_EQ(totals["failures"], counts["FAIL"]);  // NON-STRICT is a pass without --strict
  EXPECT_EQ(totals["errors"], counts["ERROR"]);
  EXPECT_EQ(totals["skipped"], counts["SKIP"].get<int>() + counts["INCONCLUSIVE"].get<int>());
  EXPECT_GT(counts["FAIL"].get<int>(), 0);
  for (const auto& instance : results["instances"]) {
    const auto& junit = totals["cases"][instance["id"].get<std::string>()];
    ASSERT_TRUE(junit.is_object()) << instance["id"];
    EXPECT_EQ(junit["properties"]["case"], instance["case"]);
    EXPECT_EQ(junit["properties"]["level"], instance["level"]);
    EXPECT_EQ(junit["outcome"], instance["result"] == "FAIL" ? "failure" : instance["result"] == "ERROR" ? "error"
                                : instance["result"] == "SKIP" || instance["result"] == "INCONCLUSIVE" ? "skipped"
                                                                                                       : "passed");
  }
}

TEST(Reports, EventsFollowTheRunOneLinePerInstance) {
  auto server = start_reference();
  ASSERT_TRUE(server);
  TempDir dir;
  run(*server, dir.path());
  std::istringstream events(read_file(dir.path() / "events.ndjson"));
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(events, line);) lines.push_back(nlohmann::json::parse(line, nullptr, false));
  auto results = json_of(dir.path() / "results.json");
  size_t total = results["instances"].size();
  ASSERT_EQ(lines.size(), total + 2);
  EXPECT_EQ(lines.front()["event"], "start");
  EXPECT_EQ(lines.front()["total"], total);
  for (size_t i = 1; i <= total; ++i) {
    EXPECT_EQ(lines[i]["event"], "instance");
    EXPECT_EQ(lines[i]["done"], i);
    EXPECT_TRUE(lines[i].contains("result") && lines[i].contains("exchanges"));
  }
  EXPECT_EQ(lines.back()["event"], "finish");
  for (const auto& [kind, n] : results["counts"].items()) {
    EXPECT_EQ(lines.back()["counts"].value(kind, 0), n.get<int>()) << kind;
  }
}

TEST(Reports, ShardsMergedGiveTheUnshardedVerdictAndOrder) {
  auto server = start_reference(Fault::AbortAnswers200);
  ASSERT_TRUE(server);
  TempDir dir;
  auto whole = run(*server, dir.path() / "whole");
  std::vector<std::string> report = {"report"};
  for (int i = 1; i <= 3; ++i) {
    auto shard = dir.path() / ("shard" + std::to_string(i));
    run(*server, shard, {"--shard", std::to_string(i) + "/3"});
    report.push_back((shard / "results.json").string());
  }
  report.insert(report.end(), {"--report-dir", (dir.path() / "merged").string()});
  auto merged = run_blobconform(report);
  EXPECT_EQ(merged.exit_code, whole.exit_code) << merged.output;
  EXPECT_EQ(whole.exit_code, 1);
  auto verdict = [](const std::string& text) {
    return lines_starting(text, {"=== ", "OK: ", "NOT OK: "});
  };
  EXPECT_EQ(verdict(merged.output), verdict(whole.output));
  EXPECT_FALSE(verdict(whole.output).empty());
  auto a = json_of(dir.path() / "whole" / "results.json"), b = json_of(dir.path() / "merged" / "results.json");
  ASSERT_EQ(a["instances"].size(), b["instances"].size());
  for (size_t i = 0; i < a["instances"].size(); ++i) {
    EXPECT_EQ(a["instances"][i]["id"], b["instances"][i]["id"]);
    EXPECT_EQ(a["instances"][i]["result"], b["instances"][i]["result"]);
  }
  EXPECT_EQ(a["counts"], b["counts"]);
  EXPECT_TRUE(fs::exists(dir.path() / "merged" / "junit.xml"));

  // The same shard twice is not a sharded run.
  auto twice = run_blobconform({"report", report[1], report[1], "--report-dir", (dir.path() / "twice").string()});
  EXPECT_EQ(twice.exit_code, 2) << twice.output;
  EXPECT_NE(twice.output.find("these are not shards of one run"), std::string::npos) << twice.output;
}

TEST(Reports, TwoTargetsSideBySideAndOneFailureReproduced) {
  auto clean = start_reference();
  auto faulty = start_reference(Fault::AbortAnswers200);
  ASSERT_TRUE(clean && faulty);
  TempDir dir;
  run(*clean, dir.path() / "clean");
  run(*faulty, dir.path() / "faulty");
  auto compared = run_blobconform({"report", (dir.path() / "clean" / "results.json").string(),
                                   (dir.path() / "faulty" / "results.json").string(), "--report-dir",
                                   (dir.path() / "compared").string()});
  EXPECT_EQ(compared.exit_code, 0) << compared.output;
  EXPECT_NE(compared.output.find("where the targets disagree"), std::string::npos) << compared.output;
  EXPECT_EQ(compared.output.find(" 0 where the targets disagree"), std::string::npos) << compared.output;

  auto repro = run_blobconform({"repro", (dir.path() / "faulty" / "results.json").string(),
                                "abort-copy/pending-copy/abort-pending-copy", "--target", faulty->connection_string()});
  EXPECT_EQ(repro.exit_code, 1) << repro.output;
  EXPECT_NE(repro.output.find("request under test:\nPUT "), std::string::npos) << repro.output;
  EXPECT_NE(repro.output.find("=> HTTP/1.1 200 OK"), std::string::npos) << repro.output;
  EXPECT_NE(repro.output.find("now FAIL: status: expected 204, got 200"), std::string::npos) << repro.output;
  EXPECT_EQ(repro.output.find(faulty->connection_string().substr(0, 10) + "AccountKey"), std::string::npos);

  auto missing = run_blobconform({"repro", (dir.path() / "faulty" / "results.json").string(), "no/such/instance"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("has no instance \"no/such/instance\""), std::string::npos) << missing.output;
}

TEST(Reports, EachFailureShowsTheCommandThatReproducesIt) {
  auto server = start_reference(Fault::AbortAnswers200);
  ASSERT_TRUE(server);
  TempDir dir;
  auto result = run(*server, dir.path());
  EXPECT_NE(result.output.find(std::string("Reproduce: ") + BLOBCONFORM_BINARY + " repro " +
                               (dir.path() / "results.json").string() +
                               " abort-copy/pending-copy/abort-pending-copy --target \"$AZURE_STORAGE_CONNECTION_STRING\"\n"),
            std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace blobconform
