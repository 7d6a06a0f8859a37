// Safe on real accounts, shown against the reference target: a sentinel container that shares the
// run prefix's stem (with content, metadata and a lease) is byte-identical after a full run, a fuzz
// run, runs interrupted by SIGINT and SIGTERM mid-setup and while copies are pending, budget-stopped
// runs and a cleanup; no container of a run is left; cleanup takes only run leftovers; retries
// happen where they may and are visible; fuzzing a remote target needs consent.
#include <gtest/gtest.h>

#include <csignal>
#include <regex>

#include "harness/auth/shared_key.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"
#include "tests/reference/suite_runs.h"
#include "tests/support/process.h"

namespace blobconform {
namespace {

using reference::ReferenceServer;
using testing::run_blobconform;
using testing::TempDir;

// Signed requests to the reference target's first account, as a user's own tool would send them.
class Account {
 public:
  explicit Account(const ReferenceServer& server)
      : port_(server.port()), key_(*auth::make_account_key("reference1", reference::default_accounts()[0].key_base64)),
        client_({"http", "127.0.0.1", static_cast<uint16_t>(port_)}, {}, {}) {}

  transport::Response send(const std::string& method, const std::string& path, transport::HeaderList extra = {},
                           std::string body = "") {
    transport::Request request;
    request.method = method;
    request.target = "/reference1" + path;
    request.headers = {{"Host", "127.0.0.1:" + std::to_string(port_)},
                       {"x-ms-version", "2021-12-02"},
                       {"x-ms-date", wire::format_rfc1123(wire::Clock::now())},
                       {"Content-Length", std::to_string(body.size())}};
    for (auto& header : extra) request.headers.push_back(std::move(header));
    request.body = std::move(body);
    EXPECT_TRUE(auth::sign_request(request, key_, auth::SharedKeyScheme::SharedKey, "", false));
    auto exchange = client_.send(request);
    EXPECT_TRUE(exchange.response) << exchange.transport_error;
    return exchange.response.value_or(transport::Response{});
  }

  // The sentinel: a container named with the run prefix's stem, two blobs, metadata and a lease.
  void make_sentinel() {
    ASSERT_EQ(send("PUT", "/bc-sentinel?restype=container").status, 201);
    ASSERT_EQ(send("PUT", "/bc-sentinel/data.bin", {{"x-ms-blob-type", "BlockBlob"}, {"x-ms-meta-keep", "yes"}},
                   "sentinel bytes")
                  .status,
              201);
    ASSERT_EQ(send("PUT", "/bc-sentinel/leased.bin", {{"x-ms-blob-type", "BlockBlob"}}, "leased bytes").status, 201);
    ASSERT_EQ(send("PUT", "/bc-sentinel/leased.bin?comp=lease",
                   {{"x-ms-lease-action", "acquire"}, {"x-ms-lease-duration", "-1"}})
                  .status,
              201);
  }

  // Everything about the sentinel a run could change, as text.
  std::string sentinel() {
    std::string out;
    for (const char* blob : {"/bc-sentinel/data.bin", "/bc-sentinel/leased.bin"}) {
      auto head = send("HEAD", blob);
      out += std::string(blob) + " " + std::to_string(head.status) + "\n";
      for (const auto& [name, value] : head.headers) {
        if (name != "Date" && name != "x-ms-request-id") out += name + ": " + value + "\n";
      }
      out += send("GET", blob).body + "\n";
    }
    return out;
  }

  // Containers whose names have a run's shape: what a run must not leave behind.
  std::vector<std::string> run_containers() {
    auto listed = send("GET", "/?comp=list&prefix=bc-");
    std::vector<std::string> out;
    std::regex name("<Name>(bc-[0-9a-f]{8}-[^<]*)</Name>");
    for (std::sregex_iterator it(listed.body.begin(), listed.body.end(), name), end; it != end; ++it) {
      out.push_back((*it)[1]);
    }
    return out;
  }

 private:
  int port_;
  auth::AccountKey key_;
  transport::HttpClient client_;
};

std::vector<std::string> suite_args(const ReferenceServer& server, const std::filesystem::path& reports) {
  std::vector<std::string> args = {"--target", server.connection_string(), "--report-dir", reports.string(), "--quiet"};
  for (const auto& a : testing::reference_capabilities()) args.push_back(a);
  return args;
}

TEST(Safety, RunsFuzzRunsAndCleanupLeaveTheSentinelAsItWas) {
  auto server = ReferenceServer::start({});
  ASSERT_TRUE(server);
  Account account(**server);
  account.make_sentinel();
  const std::string before = account.sentinel();
  TempDir dir;
  run_blobconform(suite_args(**server, dir.path() / "run"), 600);
  EXPECT_EQ(account.sentinel(), before);
  EXPECT_TRUE(account.run_containers().empty());
  run_blobconform({"fuzz", "--target", (*server)->connection_string(), "--requests", "300", "--findings-dir",
                   (dir.path() / "findings").string(), "--quiet"});
  EXPECT_EQ(account.sentinel(), before);
  EXPECT_TRUE(account.run_containers().empty());

  // A crashed run's leftover (a run's name shape) goes; the sentinel stays.
  ASSERT_EQ(account.send("PUT", "/bc-deadbeef-0001?restype=container").status, 201);
  auto dry = run_blobconform({"cleanup", "--target", (*server)->connection_string(), "--older-than", "0s", "--dry-run"});
  EXPECT_NE(dry.output.find("would delete bc-deadbeef-0001"), std::string::npos) << dry.output;
  EXPECT_EQ(account.run_containers().size(), 1u);
  auto young = run_blobconform({"cleanup", "--target", (*server)->connection_string(), "--older-than", "1h"});
  EXPECT_NE(young.output.find("deleted 0 container(s); 1 newer than 1h kept"), std::string::npos) << young.output;
  auto cleaned = run_blobconform({"cleanup", "--target", (*server)->connection_string(), "--older-than", "0s"});
  EXPECT_EQ(cleaned.exit_code, 0) << cleaned.output;
  EXPECT_NE(cleaned.output.find("deleted bc-deadbeef-0001"), std::string::npos) << cleaned.output;
  EXPECT_TRUE(account.run_containers().empty());
  EXPECT_EQ(account.sentinel(), before);
}

TEST(Safety, AnInterruptedRunCleansUpOnItsWayOut) {
  reference::ReferenceOptions options;
  options.latency_ms = 40;  // a remote account's pace: a signal lands mid-run
  auto server = ReferenceServer::start(options);
  ASSERT_TRUE(server);
  Account account(**server);
  account.make_sentinel();
  const std::string before = account.sentinel();
  struct Point {
    int signal;
    int after_ms;
    const char* filter;  // what runs when the signal lands
  };
  // Mid-setup (the first requests of the first instances), and while the gated source holds
  // copies pending (one instance at a time, a few hundred milliseconds each).
  for (const Point& point : {Point{SIGINT, 300, "**"}, Point{SIGTERM, 300, "**"},
                             Point{SIGINT, 900, "abort-copy/pending-copy/**"},
                             Point{SIGTERM, 900, "abort-copy/pending-copy/**"}}) {
    TempDir dir;
    auto args = suite_args(**server, dir.path() / "reports");
    args.insert(args.end(), {"--filter", point.filter, "--jobs", "1"});
    testing::Child child(BLOBCONFORM_BINARY, args, dir.path() / "log.txt");
    // The run has begun when its events file has; the signal lands `after_ms` into it.
    for (int i = 0; i < 3000 && !std::filesystem::exists(dir.path() / "reports" / "events.ndjson"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(point.after_ms));
    child.signal(point.signal);
    int code = child.wait(std::chrono::seconds(180));
    std::string what = std::string(point.signal == SIGINT ? "SIGINT" : "SIGTERM") + " after " +
                       std::to_string(point.after_ms) + " ms on " + point.filter;
    EXPECT_EQ(code, 4) << what << "\n" << child.output();
    EXPECT_NE(child.output().find("stopped early"), std::string::npos) << what << "\n" << child.output();
    EXPECT_TRUE(account.run_containers().empty()) << what;
    EXPECT_EQ(account.sentinel(), before) << what;
  }
}

TEST(Safety, BudgetsStopARunCleanly) {
  reference::ReferenceOptions options;
  options.latency_ms = 10;  // the whole run takes longer than the duration budget
  auto server = ReferenceServer::start(options);
  ASSERT_TRUE(server);
  Account account(**server);
  struct Budget {
    std::vector<std::string> args;
    const char* says;
  };
  for (const Budget& budget : {Budget{{"--max-requests", "40"}, "the --max-requests budget (40) was reached"},
                               Budget{{"--max-bytes", "30000"}, "the --max-bytes budget (30000) was reached"},
                               Budget{{"--max-duration", "1s"}, "the --max-duration budget (1 s) was reached"}}) {
    TempDir dir;
    auto args = suite_args(**server, dir.path());
    args.insert(args.end(), budget.args.begin(), budget.args.end());
    // 4 at a time: the whole suite must outlast a second (--jobs 16, the default at this latency,
    // would finish everything but the 15-second lease wait in less).
    args.insert(args.end(), {"--jobs", "4"});
    auto result = run_blobconform(args, 300);
    EXPECT_EQ(result.exit_code, 4) << budget.says << "\n" << result.output;
    EXPECT_NE(result.output.find(std::string("stopped early: ") + budget.says), std::string::npos) << result.output;
    auto results = nlohmann::json::parse(testing::read_file(dir.path() / "results.json"), nullptr, false);
    ASSERT_TRUE(results.is_object());
    EXPECT_TRUE(results["stopped_early"].get<bool>());
    EXPECT_LT(results["instances"].size(), 100u) << budget.says;
    EXPECT_TRUE(account.run_containers().empty()) << budget.says;
  }
}

TEST(Safety, IdempotentSetupAndCleanupAreRetriedTheRequestUnderTestNever) {
  reference::ReferenceOptions options;
  options.fault = reference::Fault::Busy503;
  auto server = ReferenceServer::start(options);
  ASSERT_TRUE(server);
  TempDir dir;
  auto args = suite_args(**server, dir.path());
  args.insert(args.end(), {"--filter", "abort-copy/lease-rules/**"});
  auto result = run_blobconform(args, 300);
  auto results = nlohmann::json::parse(testing::read_file(dir.path() / "results.json"), nullptr, false);
  ASSERT_TRUE(results.is_object()) << result.output;
  size_t retries = 0;
  for (const auto& instance : results["instances"]) {
    for (const auto& exchange : instance["exchanges"]) retries += exchange["phase"] == "retry";
    std::string id = instance["id"], outcome = instance["result"];
    if (id == "abort-copy/lease-rules/delete-container-with-leased-blob") {
      // Its request under test is a Delete Container: the 503 stands.
      EXPECT_EQ(outcome, "FAIL") << instance["reason"];
      EXPECT_NE(instance["reason"].get<std::string>().find("got 503"), std::string::npos) << instance["reason"];
    } else {
      EXPECT_TRUE(outcome == "PASS" || outcome == "INFO") << id << ": " << instance["reason"];
    }
  }
  // Each instance's Create Container and (but for the one above) Delete Container were retried once.
  EXPECT_GE(retries, 2 * results["instances"].size() - 1);
}

TEST(Safety, FuzzingARemoteTargetNeedsConsent) {
  auto remote = "DefaultEndpointsProtocol=http;AccountName=a;AccountKey=" + reference::default_accounts()[0].key_base64 +
                ";BlobEndpoint=http://192.0.2.1:10000/a;";
  auto refused = run_blobconform({"fuzz", "--target", remote, "--requests", "10"});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("give --allow-remote-fuzz"), std::string::npos) << refused.output;
}

}  // namespace
}  // namespace blobconform
