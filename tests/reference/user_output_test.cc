// What a user sees and can act on (issue 16), against the reference target: known deviations apart
// from new failures, exit codes of runs that tested nothing, one message for a wrong key or a
// server that does not speak Blob, no secret in any message, reproduce lines that run as printed
// against the same server, fuzz findings under the report folder, interruptions and budgets.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/reference/suite_runs.h"
#include "tests/support/process.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using reference::Fault;
using testing::read_file;
using testing::run_blobconform;
using testing::start_reference;
using testing::TempDir;

// Small and quick: the pending-copy cases (where AbortAnswers200 shows) and the completed copies.
const std::vector<std::string> kSelection = {"--filter", "abort-copy/pending-copy/**", "--filter",
                                             "abort-copy/completed-copy/**"};

std::vector<std::string> args_for(const reference::ReferenceServer& server, const fs::path& dir,
                                  std::vector<std::string> extra) {
  std::vector<std::string> args = {"--target", server.connection_string(), "--report-dir", dir.string()};
  for (const auto& a : testing::reference_capabilities()) args.push_back(a);
  for (const auto& a : kSelection) args.push_back(a);
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A baseline recording the faulty target's deviations, then runs gated on it.
TEST(UserOutput, KnownDeviationsAreMarkedAndOnlyWhatIsNewIsShownInFull) {
  auto faulty = start_reference(Fault::AbortAnswers200);
  auto clean = start_reference();
  ASSERT_TRUE(faulty && clean);
  TempDir dir;
  auto baseline = (dir.path() / "mine.json").string();
  auto written = run_blobconform(
      [&] {
        auto a = args_for(*faulty, dir.path() / "write", {});
        a.insert(a.begin(), {"baseline", "--write", baseline});
        return a;
      }(),
      300);
  ASSERT_EQ(written.exit_code, 0) << written.output;
  auto known_ids = nlohmann::json::parse(read_file(baseline))["expected"].size();
  ASSERT_GT(known_ids, 0u);

  // Gated on it: each deviation marked KNOWN with its reason on its line, none in full, exit 0.
  auto gated = run_blobconform(args_for(*faulty, dir.path() / "gated", {"--baseline", baseline}), 300);
  EXPECT_EQ(gated.exit_code, 0) << gated.output;
  EXPECT_NE(gated.output.find("] KNOWN FAIL  abort-copy/pending-copy/abort-pending-copy  — baseline: "),
            std::string::npos)
      << gated.output;
  EXPECT_EQ(gated.output.find("=== "), std::string::npos) << gated.output;
  EXPECT_EQ(gated.output.find("Reproduce:"), std::string::npos) << gated.output;
  EXPECT_NE(gated.output.find("known deviations of the baseline " + baseline + " not shown"), std::string::npos)
      << gated.output;
  EXPECT_NE(gated.output.find(" known deviations, 0 new failures, 0 errors"), std::string::npos) << gated.output;
  EXPECT_NE(gated.output.find("OK: nothing new"), std::string::npos) << gated.output;

  // --quiet: the closing lines alone.
  auto quiet = run_blobconform(args_for(*faulty, dir.path() / "quiet", {"--baseline", baseline, "--quiet"}), 300);
  EXPECT_EQ(quiet.exit_code, 0) << quiet.output;
  auto lines = lines_of(quiet.output);
  ASSERT_EQ(lines.size(), 3u) << quiet.output;  // a blank line, the counts, the verdict
  EXPECT_EQ(lines[1].find(" instances: "), 2u) << quiet.output;
  EXPECT_EQ(lines[2].rfind("OK: nothing new", 0), 0u) << quiet.output;

  // The clean target passes what the baseline expects to fail: unexpected passes, exit 1, and
  // JUnit failures too, so CI's test tab agrees with the job.
  auto fixed = run_blobconform(args_for(*clean, dir.path() / "fixed", {"--baseline", baseline, "--quiet"}), 300);
  EXPECT_EQ(fixed.exit_code, 1) << fixed.output;
  EXPECT_NE(fixed.output.find("=== UNEXPECTED PASS abort-copy/pending-copy/abort-pending-copy"), std::string::npos)
      << fixed.output;
  EXPECT_NE(fixed.output.find("NOT OK: " + std::to_string(count_of(fixed.output, "=== UNEXPECTED PASS")) +
                              " unexpected passes to look at (exit 1)"),
            std::string::npos)
      << fixed.output;
  auto junit = read_file(dir.path() / "fixed" / "junit.xml");
  EXPECT_NE(junit.find("type=\"UNEXPECTED-PASS\""), std::string::npos);
  std::smatch totals;
  ASSERT_TRUE(std::regex_search(junit, totals, std::regex("<testsuites [^>]*failures=\"([0-9]+)\""))) << junit.substr(0, 400);
  EXPECT_EQ(std::stoul(totals[1]), count_of(fixed.output, "=== UNEXPECTED PASS")) << junit.substr(0, 400);

  // Without the baseline, every failure is new and shown in full.
  auto plain = run_blobconform(args_for(*faulty, dir.path() / "plain", {"--quiet"}), 300);
  EXPECT_EQ(plain.exit_code, 1) << plain.output;
  EXPECT_NE(plain.output.find("=== FAIL abort-copy/pending-copy/abort-pending-copy"), std::string::npos) << plain.output;
  EXPECT_EQ(plain.output.find("KNOWN"), std::string::npos) << plain.output;
}

TEST(UserOutput, TheShippedBaselineIsChosenByTheServerWhoeverStartedIt) {
  auto server = start_reference();
  ASSERT_TRUE(server);
  TempDir dir;
  // The reference target has no shipped baseline: the run says so and how to write one.
  auto run = run_blobconform({"--target", server->connection_string(), "--report-dir", dir.path().string(), "--filter",
                              "abort-copy/completed-copy/right-id-after-success"},
                             120);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("baseline: none shipped for Server: "), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("baseline --write my-server.json"), std::string::npos) << run.output;
}

TEST(UserOutput, ARunThatTestsNothingIsNeverGreen) {
  auto server = start_reference();
  ASSERT_TRUE(server);
  TempDir dir;
  // A filter or tag that selects nothing: exit 5 with the reason, before any request.
  for (const auto& selection : std::vector<std::vector<std::string>>{
           {"--filter", "abort-copy/no-such-group/**"}, {"--tags", "no-such-tag"}, {"-k", "no-such-text"}}) {
    auto args = std::vector<std::string>{"--target", server->connection_string(), "--report-dir", dir.path().string()};
    args.insert(args.end(), selection.begin(), selection.end());
    size_t before = server->requests();
    auto result = run_blobconform(args, 60);
    EXPECT_EQ(result.exit_code, 5) << result.output;
    EXPECT_NE(result.output.find("error: no instance selected: " + selection[0]), std::string::npos) << result.output;
    EXPECT_EQ(server->requests(), before) << result.output;
    auto list = run_blobconform({"list", selection[0], selection[1]}, 60);
    EXPECT_EQ(list.exit_code, 5) << list.output;
  }
  // Every selected instance skipped: nothing was tested.
  auto skipped = run_blobconform({"--target", server->connection_string(), "--report-dir", dir.path().string(),
                                  "--filter", "abort-copy/auth/shared-key-lite", "--quiet"},
                                 60);
  EXPECT_EQ(skipped.exit_code, 5) << skipped.output;
  EXPECT_NE(skipped.output.find("NOT OK: nothing was tested: every instance was skipped"), std::string::npos)
      << skipped.output;
  // A connection string without credentials is a usage error, before anything runs.
  auto keyless = run_blobconform(
      {"--target", "DefaultEndpointsProtocol=http;AccountName=reference1;BlobEndpoint=" + server->endpoint()}, 60);
  EXPECT_EQ(keyless.exit_code, 2) << keyless.output;
  EXPECT_NE(keyless.output.find("the connection string has no AccountKey"), std::string::npos) << keyless.output;
}

TEST(UserOutput, AWrongKeyOrAServerThatIsNotBlobIsOneMessage) {
  auto server = start_reference();
  ASSERT_TRUE(server);
  TempDir dir;
  std::string wrong_key = "DefaultEndpointsProtocol=http;AccountName=reference1;AccountKey=" +
                          std::string(86, 'A') + "==;BlobEndpoint=" + server->endpoint();
  auto wrong = run_blobconform({"--target", wrong_key, "--report-dir", dir.path().string()}, 60);
  EXPECT_EQ(wrong.exit_code, 3) << wrong.output;
  EXPECT_NE(wrong.output.find("refused the account key: a signed List Containers got 403 AuthenticationFailed"),
            std::string::npos)
      << wrong.output;
  EXPECT_EQ(wrong.output.find("[1/"), std::string::npos) << wrong.output;
  EXPECT_LE(lines_of(wrong.output).size(), 3u) << wrong.output;

  // A second account that refuses its key: the sources cannot be made; exit 3, not a usage error.
  std::string wrong_second = "DefaultEndpointsProtocol=http;AccountName=reference2;AccountKey=" +
                             std::string(86, 'B') + "==;BlobEndpoint=" + server->endpoint(1);
  auto second = run_blobconform({"--target", server->connection_string(), "--second-target", wrong_second,
                                 "--report-dir", dir.path().string(), "--filter", "abort-copy/completed-copy/**"},
                                60);
  EXPECT_EQ(second.exit_code, 3) << second.output;
  EXPECT_NE(second.output.find("403"), std::string::npos) << second.output;

  // An HTTP server that is not Blob: every answer a web page.
  httplib::Server web;
  web.Get(".*", [](const httplib::Request&, httplib::Response& res) { res.set_content("<html>hi</html>", "text/html"); });
  int port = web.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { web.listen_after_bind(); });
  std::string other = "DefaultEndpointsProtocol=http;AccountName=reference1;AccountKey=" + std::string(86, 'A') +
                      "==;BlobEndpoint=http://127.0.0.1:" + std::to_string(port) + "/reference1";
  auto not_blob = run_blobconform({"--target", other, "--report-dir", dir.path().string()}, 60);
  web.stop();
  serving.join();
  EXPECT_EQ(not_blob.exit_code, 3) << not_blob.output;
  EXPECT_NE(not_blob.output.find("does not speak the Blob protocol"), std::string::npos) << not_blob.output;
  EXPECT_EQ(not_blob.output.find("[1/"), std::string::npos) << not_blob.output;
}

// Malformed connection strings carrying a random key, given to every command that takes one:
// no piece of the key in anything printed.
TEST(UserOutput, NoPieceOfAKeyInAnyMessage) {
  std::string key;
  std::srand(static_cast<unsigned>(std::time(nullptr)));
  for (int i = 0; i < 64; ++i) key += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[std::rand() % 64];
  key += "==";
  TempDir dir;
  auto results = dir.path() / "results.json";
  testing::write_file(results, R"({"format": 1, "target": {"endpoint": "x"}, "instances": [{"id": "g/a", "result": "PASS"}]})");
  for (const auto& target : std::vector<std::string>{
           "AccountName=a;AccountKey " + key, "AccountName=a;" + key, "AccountName=a;AccountKey:" + key,
           "AccountName=a;AccountKey=" + key + "*", "AccountName=a;BlobEndpoint=" + key,
           "AccountName=a;BlobEndpoint=http://127.0.0.1:" + key, key}) {
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"run", "--target", target},
             {"run", "--second-target", target},
             {"fuzz", "--target", target, "--requests", "1"},
             {"cleanup", "--target", target, "--older-than", "1h"},
             {"repro", results.string(), "g/a", "--target", target}}) {
      auto result = run_blobconform(command, 60);
      EXPECT_NE(result.exit_code, 0) << result.output;
      for (size_t at = 0; at + 6 <= key.size(); ++at) {
        ASSERT_EQ(result.output.find(key.substr(at, 6)), std::string::npos)
            << command[0] << ": a piece of the key in:\n" << result.output;
      }
    }
  }
}

TEST(UserOutput, ReproReachesTheSameServerAndItsPrintedLineRunsAsPrinted) {
  auto faulty = start_reference(Fault::AbortAnswers200);
  auto other = start_reference(Fault::AbortAnswers200);
  ASSERT_TRUE(faulty && other);
  TempDir dir;
  auto run = run_blobconform(args_for(*faulty, dir.path() / "run", {"--quiet"}), 300);
  ASSERT_EQ(run.exit_code, 1) << run.output;
  std::string id = "abort-copy/pending-copy/abort-pending-copy";
  std::string results = (dir.path() / "run" / "results.json").string();
  // The printed line: the program as invoked, the results, the instance, the target's variable.
  std::string printed = std::string("Reproduce: ") + BLOBCONFORM_BINARY + " repro " + results + " " + id +
                        " --target \"$AZURE_STORAGE_CONNECTION_STRING\"";
  ASSERT_NE(run.output.find(printed + "\n"), std::string::npos) << run.output;

  // Another server, or none: refused, nothing sent.
  size_t before = other->requests();
  auto elsewhere = run_blobconform({"repro", results, id, "--target", other->connection_string()}, 120);
  EXPECT_EQ(elsewhere.exit_code, 2) << elsewhere.output;
  EXPECT_NE(elsewhere.output.find("was made against " + faulty->endpoint()), std::string::npos) << elsewhere.output;
  EXPECT_EQ(other->requests(), before);
  auto none = run_blobconform({"repro", results, id}, 120);
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("no --target was given"), std::string::npos) << none.output;

  // The printed line, run by a shell as printed, with the variable set: the same failure, the
  // request and a curl line with the signature as a variable, and no temporary folder left.
  auto temporary = [] {
    size_t n = 0;
    for (const auto& entry : fs::directory_iterator(fs::temp_directory_path())) {
      n += entry.path().filename().string().rfind("blobconform-repro-", 0) == 0;
    }
    return n;
  };
  size_t folders = temporary();
  auto again = testing::run_command(
      "/usr/bin/env", {"AZURE_STORAGE_CONNECTION_STRING=" + faulty->connection_string(), "/bin/bash", "-c",
                       printed.substr(std::string("Reproduce: ").size())},
      120);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("now FAIL: status: expected 204, got 200"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("curl -i -X PUT "), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("\"Authorization: SharedKey reference1:${SIGNATURE}\""), std::string::npos) << again.output;
  auto key_at = faulty->connection_string().find("AccountKey=");
  std::string key = faulty->connection_string().substr(key_at + 11, 20);
  EXPECT_EQ(again.output.find(key), std::string::npos);
  EXPECT_EQ(temporary(), folders);
}

TEST(UserOutput, FailFastAndSubstringSelection) {
  auto faulty = start_reference(Fault::AbortAnswers200);
  ASSERT_TRUE(faulty);
  TempDir dir;
  auto k = run_blobconform({"list", "-k", "second-abort"}, 60);
  EXPECT_EQ(k.exit_code, 0) << k.output;
  EXPECT_NE(k.output.find("abort-copy/completed-copy/second-abort-same-answer  ["), std::string::npos) << k.output;
  EXPECT_NE(k.output.find("abort-copy/pending-copy/second-abort  ["), std::string::npos) << k.output;
  EXPECT_NE(k.output.find("\n2 instances\n"), std::string::npos) << k.output;

  // -x: no instance starts after the first failure (one at a time, so exactly one runs after none).
  auto fast = run_blobconform(args_for(*faulty, dir.path(), {"-x", "--jobs", "1", "--quiet", "--filter", "-abort-copy/completed-copy/**"}), 300);
  EXPECT_EQ(fast.exit_code, 1) << fast.output;
  auto results = nlohmann::json::parse(read_file(dir.path() / "results.json"));
  ASSERT_FALSE(results["instances"].empty());
  EXPECT_EQ(results["instances"].back()["result"], "FAIL") << fast.output;
  for (size_t i = 0; i + 1 < results["instances"].size(); ++i) EXPECT_NE(results["instances"][i]["result"], "FAIL");
  EXPECT_TRUE(results["stopped_early"].get<bool>());
  EXPECT_LT(results["instances"].size(), 10u);
}

TEST(UserOutput, TheHabitsUsersBring) {
  // Bare: the help, not a run.
  auto bare = run_blobconform({}, 30);
  EXPECT_EQ(bare.exit_code, 2) << bare.output;
  EXPECT_NE(bare.output.find("Usage: blobconform [OPTIONS] [SUBCOMMAND]"), std::string::npos) << bare.output;
  EXPECT_EQ(bare.output.find("starting Azurite"), std::string::npos) << bare.output;
  // A command's help names the options every command takes.
  auto help = run_blobconform({"repro", "--help"}, 30);
  EXPECT_EQ(help.exit_code, 0) << help.output;
  EXPECT_NE(help.output.find("Options of every command"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("--target"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("--fail-fast"), std::string::npos) << help.output;
  // Contradicting options.
  auto both = run_blobconform({"list", "--baseline", "x.json", "--no-baseline"}, 30);
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_NE(both.output.find("--baseline excludes --no-baseline"), std::string::npos) << both.output;
  // The tags there are, with their cases; and a tag selects.
  auto tags = run_blobconform({"list", "--tags"}, 30);
  EXPECT_EQ(tags.exit_code, 0) << tags.output;
  EXPECT_NE(tags.output.find("\nlease  "), std::string::npos) << tags.output;
  EXPECT_NE(tags.output.find(" tags (select with --tags a,b)"), std::string::npos) << tags.output;
  auto one_tag = run_blobconform({"list", "--tags", "sas"}, 30);
  EXPECT_EQ(one_tag.exit_code, 0) << one_tag.output;
  EXPECT_NE(one_tag.output.find("abort-copy/sas/"), std::string::npos) << one_tag.output;
  EXPECT_EQ(one_tag.output.find("abort-copy/lease/"), std::string::npos) << one_tag.output;
}

TEST(UserOutput, TheMaxDurationStopsOnlyWhatHasNotStarted) {
  reference::ReferenceOptions options;
  options.latency_ms = 250;  // each instance outlasts the budget
  auto server = reference::ReferenceServer::start(options);
  ASSERT_TRUE(server);
  TempDir dir;
  // Two instances, both started at once: nothing is left to stop when the budget runs out.
  auto result = run_blobconform({"--target", (*server)->connection_string(), "--report-dir", dir.path().string(),
                                 "--filter", "abort-copy/completed-copy/right-id-after-success", "--filter",
                                 "abort-copy/completed-copy/second-abort-same-answer", "--jobs", "2",
                                 "--max-duration", "1s", "--quiet"},
                                120);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("stopped early"), std::string::npos) << result.output;
}

TEST(UserOutput, ASecondInterruptStopsAtOnceAndDeletesWhatTheRunMade) {
  reference::ReferenceOptions options;
  options.latency_ms = 300;  // a slow server: instances are under way when the signals land
  auto server = reference::ReferenceServer::start(options);
  ASSERT_TRUE(server);
  TempDir dir;
  std::vector<std::string> args = {"--target", (*server)->connection_string(), "--report-dir",
                                   (dir.path() / "reports").string(), "--jobs", "4", "--case-timeout", "10m"};
  for (const auto& a : testing::reference_capabilities()) args.push_back(a);
  testing::Child child(BLOBCONFORM_BINARY, args, dir.path() / "log.txt");
  for (int i = 0; i < 3000 && !fs::exists(dir.path() / "reports" / "events.ndjson"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  child.signal(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_NE(child.output().find("stopping: no new instance starts; waiting for "), std::string::npos) << child.output();
  EXPECT_NE(child.output().find("Press Ctrl-C again to stop at once."), std::string::npos) << child.output();
  auto second = std::chrono::steady_clock::now();
  child.signal(SIGINT);
  int code = child.wait(std::chrono::seconds(60));
  EXPECT_EQ(code, 4) << child.output();
  // At once: the deletes of a few containers at 300 ms each, not the instances' remaining steps.
  EXPECT_LT(std::chrono::steady_clock::now() - second, std::chrono::seconds(10)) << child.output();
  EXPECT_NE(child.output().find("stopping at once: deleting the containers of "), std::string::npos) << child.output();
  std::vector<std::string> left;
  for (const auto& name : (*server)->containers(0)) {
    if (name.rfind("bc-", 0) == 0) left.push_back(name);
  }
  EXPECT_TRUE(left.empty()) << child.output();
}

TEST(UserOutput, AServerThatStopsAnsweringStopsTheRunWithOneMessage) {
  TempDir dir;
  // The reference target as its own process, killed mid-run: every later connection is refused.
  std::string program = (fs::path(BLOBCONFORM_BINARY).parent_path() / "blobconform-reference").string();
  auto server = std::make_unique<testing::Child>(program, std::vector<std::string>{}, dir.path() / "server.log");
  std::string target;
  for (int i = 0; i < 500 && target.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (const auto& line : lines_of(server->output())) {
      if (line.find("AccountName=reference1;") != std::string::npos) target = line;
    }
  }
  ASSERT_FALSE(target.empty()) << server->output();
  std::vector<std::string> args = {"--target", target, "--report-dir", (dir.path() / "reports").string(), "--jobs", "1"};
  for (const auto& a : testing::reference_capabilities()) args.push_back(a);
  testing::Child child(BLOBCONFORM_BINARY, args, dir.path() / "log.txt");
  for (int i = 0; i < 3000 && !fs::exists(dir.path() / "reports" / "events.ndjson"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  server.reset();  // SIGKILL: the server is gone mid-run
  EXPECT_EQ(child.wait(std::chrono::seconds(120)), 4) << child.output();
  EXPECT_NE(child.output().find("stopped early: the target gave no answer to 5 instances in a row"), std::string::npos)
      << child.output();
  auto results = nlohmann::json::parse(read_file(dir.path() / "reports" / "results.json"));
  size_t errors = 0;
  for (const auto& instance : results["instances"]) errors += instance["result"] == "ERROR";
  EXPECT_GE(errors, 5u);
  EXPECT_LE(errors, 7u) << "the run went on after the server had gone";
}

TEST(UserOutput, FuzzFindingsGoUnderTheReportFolderAndReplaySaysWhetherTheyReproduce) {
  auto faulty = start_reference(Fault::TruncatedEscape500);
  auto clean = start_reference();
  ASSERT_TRUE(faulty && clean);
  TempDir dir;
  fs::path project_regressions = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "regressions";
  bool had_regressions = fs::exists(project_regressions);
  auto fuzzed = run_blobconform({"fuzz", "--target", faulty->connection_string(), "--seed", "1", "--requests", "300",
                                 "--report-dir", dir.path().string(), "--quiet"},
                                300);
  EXPECT_EQ(fuzzed.exit_code, 1) << fuzzed.output;
  EXPECT_EQ(fs::exists(project_regressions), had_regressions) << "a finding was written into the project's cases/";
  std::vector<fs::path> bins;
  for (const auto& entry : fs::directory_iterator(dir.path() / "regressions")) {
    if (entry.path().extension() == ".bin") bins.push_back(entry.path());
  }
  ASSERT_FALSE(bins.empty()) << fuzzed.output;
  EXPECT_NE(fuzzed.output.find("run them with "), std::string::npos) << fuzzed.output;
  std::string server_error;
  for (const auto& bin : bins) {
    if (bin.filename().string().find("server-error") != std::string::npos) server_error = bin.string();
  }
  ASSERT_FALSE(server_error.empty()) << fuzzed.output;
  auto still = run_blobconform({"replay", server_error, "--target", faulty->connection_string()}, 60);
  EXPECT_EQ(still.exit_code, 1) << still.output;
  EXPECT_NE(still.output.find("still reproduces: server-error"), std::string::npos) << still.output;
  auto gone = run_blobconform({"replay", server_error, "--target", clean->connection_string()}, 60);
  EXPECT_EQ(gone.exit_code, 0) << gone.output;
  EXPECT_NE(gone.output.find("does not reproduce"), std::string::npos) << gone.output;
}

}  // namespace
}  // namespace blobconform
