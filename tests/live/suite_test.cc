// The whole suite against a real Azurite that the test starts on a free port, given to the
// program only as a connection string; and the embedded Azurite's start and stop.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <httplib.h>

#include <regex>
#include <thread>

#include "harness/auth/shared_key.h"
#include "harness/target/azurite.h"
#include "harness/target/azurite_users.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"
#include "tests/support/command.h"
#include "tests/support/live_azurite.h"
#include "tests/support/process.h"

namespace blobconform {
namespace {

using nlohmann::json;
using testing::kDevstoreKey;

class LiveAzurite : public testing::AzuriteSuite {};

TEST_F(LiveAzurite, AcceptsOurSharedKeySignatureAndRejectsATamperedOne) {
  auto good = send("PUT", "/devstoreaccount1/sharedkeylive?restype=container");
  ASSERT_TRUE(good.response) << good.transport_error;
  EXPECT_EQ(good.response->status, 201) << good.response->body;
  auto tampered = send("PUT", "/devstoreaccount1/sharedkeylive2?restype=container", true, true);
  ASSERT_TRUE(tampered.response) << tampered.transport_error;
  EXPECT_EQ(tampered.response->status, 403);
  auto cleanup = send("DELETE", "/devstoreaccount1/sharedkeylive?restype=container");
  ASSERT_TRUE(cleanup.response);
  EXPECT_EQ(cleanup.response->status, 202);
}

TEST_F(LiveAzurite, RunsEveryCaseGivenOnlyAConnectionStringAndWritesBothReports) {
  testing::TempDir reports;
  std::string target = testing::azurite_connection_string(azurite_->port());
  auto listed = testing::run_blobconform({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  size_t listed_count = std::count(listed.output.begin(), listed.output.end(), '\n') - 1;  // the count line

  const std::string baseline = std::string(BLOBCONFORM_SOURCE_DIR) + "/reports/baselines/azurite-3.37.0.json";
  // No --baseline: the shipped one is chosen by the Server header of this Azurite, which the test
  // (not the run) started. Every deviation of Azurite is in it: the run is as expected.
  auto run = testing::run_blobconform({"run", "--target", target, "--report-dir", reports.path().string(), "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.output;

  json results = json::parse(testing::read_file(reports.path() / "results.json"));
  json known = json::parse(testing::read_file(baseline));
  EXPECT_EQ(results["instances"].size(), listed_count);
  EXPECT_EQ(results["target"]["server"], "Azurite-Blob/3.37.0");
  EXPECT_EQ(results["harness"]["name"], "blobconform");
  EXPECT_EQ(results["baseline"], baseline);  // the results name the baseline the gate used
  size_t passed = 0;
  for (const auto& instance : results["instances"]) {
    std::string result = instance["result"];
    passed += result == "PASS";
    // Azurite cannot hold a copy pending: the pending-copy cases skip, saying why.
    if (instance["id"].get<std::string>().find("/pending-copy/") != std::string::npos) {
      EXPECT_EQ(result, "SKIP") << instance["id"];
      EXPECT_NE(instance["reason"].get<std::string>().find("Azurite completes every copy at once"), std::string::npos)
          << instance["reason"];
    }
    // Shared Key signing works for every version from 2015-02-21 on (Azurite signs an empty
    // Content-Length differently before that: its deviation), so nothing there ends ERROR but
    // what the baseline says does (an operation Azurite does not implement, such as Put Blob From URL).
    const auto& expected = known["expected"];
    std::string id = instance["id"], case_id = instance["case"];
    bool known_error = (expected.contains(id) && expected[id]["result"] == "ERROR") ||
                       (expected.contains(case_id) && expected[case_id]["result"] == "ERROR");
    if (instance["version"].get<std::string>() >= "2015-02-21" && !known_error) {
      EXPECT_NE(result, "ERROR") << instance["id"] << ": " << instance["reason"];
    }
    for (const auto& exchange : instance["exchanges"]) {
      for (const auto& header : exchange["request"]["headers"]) {
        if (header[0] == "Authorization") {
          EXPECT_TRUE(std::regex_match(header[1].get<std::string>(), std::regex("(SharedKey(Lite)? ([a-z0-9]+:)?|Basic |Bearer )REDACTED")))
              << header[1];
        }
      }
    }
  }
  EXPECT_GT(passed, 0u);
  std::string everything = testing::read_file(reports.path() / "results.json") + testing::read_file(reports.path() / "junit.xml") + run.output;
  EXPECT_EQ(everything.find(kDevstoreKey), std::string::npos) << "the account key leaked into a report";

  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file((reports.path() / "junit.xml").c_str()));
  EXPECT_EQ(junit.child("testsuites").attribute("tests").as_ullong(), listed_count);

  // The other reports of a full run: events as it went, the CI summary, the HTML page.
  auto events = testing::read_file(reports.path() / "events.ndjson");
  EXPECT_EQ(static_cast<size_t>(std::count(events.begin(), events.end(), '\n')), listed_count + 2);
  auto summary = testing::read_file(reports.path() / "summary.md");
  EXPECT_NE(summary.find("Azurite-Blob/3.37.0"), std::string::npos) << summary.substr(0, 300);
  EXPECT_NE(summary.find("known deviation"), std::string::npos) << summary.substr(0, 600);
  auto html = testing::read_file(reports.path() / "report.html");
  EXPECT_NE(html.find("abort-copy/pending-copy"), std::string::npos);
  EXPECT_EQ(html.find(kDevstoreKey), std::string::npos);

  // Every container the run made is gone.
  auto list = send("GET", "/devstoreaccount1?comp=list");
  ASSERT_TRUE(list.response);
  EXPECT_EQ(list.response->body.find("<Name>bc-"), std::string::npos) << list.response->body;
}

TEST(EmbeddedAzurite, IsStartedWhenNothingListensAndStoppedAtExit) {
  std::string server;
  auto state = target::probe_port("127.0.0.1", 10000, &server);
  ASSERT_TRUE(state.ok());
  if (*state != target::PortState::Free) GTEST_SKIP() << "port 10000 is in use here";
  testing::TempDir reports;
  auto run = testing::run_blobconform({"run", "--target", "UseDevelopmentStorage=true", "--filter",
                                       "abort-copy/completed-copy/**", "--report-dir", reports.path().string()});
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.output;
  EXPECT_NE(run.output.find("starting Azurite"), std::string::npos) << run.output;
  auto pid_at = run.output.find("Azurite pid ");
  ASSERT_NE(pid_at, std::string::npos) << run.output;
  pid_t pid = std::stoi(run.output.substr(pid_at + 12));
  EXPECT_NE(kill(pid, 0), 0) << "Azurite (pid " << pid << ") outlived blobconform";
  auto after = target::probe_port("127.0.0.1", 10000, &server);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, target::PortState::Free);
  EXPECT_TRUE(std::filesystem::exists(reports.path() / "junit.xml"));
  EXPECT_TRUE(std::filesystem::exists(reports.path() / "results.json"));
}

// Two default runs: the first starts the embedded Azurite, the second finds and uses it; the first,
// done first, waits for the second before stopping it. The test itself holds the first (as a user
// of the port) until the second has registered, so the order does not rest on timing.
TEST(EmbeddedAzurite, ASharedOneIsStoppedByItsLastUser) {
  std::string server;
  auto state = target::probe_port("127.0.0.1", 10000, &server);
  ASSERT_TRUE(state.ok());
  if (*state != target::PortState::Free) GTEST_SKIP() << "port 10000 is in use here";
  testing::TempDir dir;
  auto gate = std::make_unique<target::AzuriteUsers>(10000);
  testing::Child first(BLOBCONFORM_BINARY,
                       {"run", "--target", "UseDevelopmentStorage=true", "--filter", "abort-copy/completed-copy/**",
                        "--jobs", "1", "--report-dir", (dir.path() / "a").string()},
                       dir.path() / "a.log");
  ASSERT_TRUE(testing::wait_for([&] { return first.output().find("waiting for 1 other run") != std::string::npos; }))
      << first.output();
  // The second run outlasts the first: a lease must expire (15 s).
  testing::Child second(BLOBCONFORM_BINARY,
                        {"run", "--target", "UseDevelopmentStorage=true", "--filter", "abort-copy/lease/expired-lease-id",
                         "--report-dir", (dir.path() / "b").string()},
                        dir.path() / "b.log");
  const auto registered = std::filesystem::temp_directory_path() / "blobconform-azurite-10000.users" /
                          std::to_string(second.pid());
  ASSERT_TRUE(testing::wait_for([&] { return std::filesystem::exists(registered); })) << second.output();
  gate.reset();
  EXPECT_EQ(second.wait(std::chrono::seconds(300)), 0) << second.output();
  EXPECT_EQ(second.output().find("starting Azurite"), std::string::npos) << second.output();  // it used the first's
  EXPECT_EQ(first.wait(std::chrono::seconds(60)), 0) << first.output();
  auto after = target::probe_port("127.0.0.1", 10000, &server);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, target::PortState::Free);
}

TEST(EmbeddedAzurite, RefusesPort10000WhenSomethingElseHoldsIt) {
  std::string server;
  auto state = target::probe_port("127.0.0.1", 10000, &server);
  ASSERT_TRUE(state.ok());
  if (*state != target::PortState::Free) GTEST_SKIP() << "port 10000 is in use here";
  httplib::Server other;
  other.Get("/.*", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Server", "not-azurite/1.0");
    res.set_content("hello", "text/plain");
  });
  ASSERT_TRUE(other.bind_to_port("127.0.0.1", 10000));
  std::thread serving([&] { other.listen_after_bind(); });
  auto run = testing::run_blobconform({"run", "--target", "UseDevelopmentStorage=true"});
  other.stop();
  serving.join();
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("not Azurite 3.37.0 (Server: not-azurite/1.0)"), std::string::npos) << run.output;
}

TEST(Target, UnreachableTargetExitsThree) {
  uint16_t port = target::free_loopback_port();  // nothing listens there
  auto run = testing::run_blobconform({"run", "--target", testing::azurite_connection_string(port)});
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(run.output.find("does not answer"), std::string::npos) << run.output;
}

TEST(Target, BadConnectionStringNamesTheFieldAndExitsTwo) {
  auto run = testing::run_blobconform({"run", "--target", "AccountName=x;AccountKey=%%%;BlobEndpoint=http://127.0.0.1:1/x"});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("AccountKey"), std::string::npos) << run.output;
}

TEST(Baseline, AStaleEntryIsAnErrorBeforeAnythingRuns) {
  testing::TempDir dir;
  auto file = dir.path() / "stale.json";
  testing::write_file(file, R"({"format": 1, "target": "t", "expected": {
      "abort-copy/no-such-group/gone": {"result": "FAIL", "reason": "a case that was removed"}}})");
  auto run = testing::run_blobconform({"run", "--target", testing::azurite_connection_string(1), "--baseline", file.string()});
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("abort-copy/no-such-group/gone"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace blobconform
