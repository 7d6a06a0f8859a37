// The harness against a hostile server: the reference target answers every Abort Copy Blob
// request with garbage of one kind (hostile.h) and everything else normally. For each kind, the
// blobconform program must end normally (exit 1), every instance that sent an abort must end
// ERROR with a reason naming the problem, every other instance must end as on the clean target,
// results.json must be well-formed, and the program's memory must stay bounded. Then HTTPS: a
// certificate that fails verification is refused with the failure named (exit 3), and with
// --insecure a TLS server that answers garbage ends every instance ERROR, never a crash.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "harness/transport/http_client.h"
#include "tests/reference/hostile.h"
#include "tests/reference/hostile/tls_server.h"
#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

using reference::Hostile;
using testing::TempDir;
using namespace std::chrono_literals;

// The selection: a few dozen instances, most of which abort (the completed-copy, wrong-copy-id
// and header cases), some of which do not (most copy-blob cases), so both halves of the claim
// are exercised.
const std::vector<std::string> kSelection = {"--filter", "abort-copy/completed-copy/**", "--filter",
                                             "abort-copy/wrong-copy-id/**",  "--filter",
                                             "abort-copy/headers/**",        "--filter",
                                             "abort-copy/copy-blob/**"};
constexpr size_t kMinAbortInstances = 20;
constexpr size_t kMinOtherInstances = 3;

// The bound on the program's peak RSS. What the harness may hold at once for its responses: per
// job (4 on loopback) one body at kMaxResponseBodyBytes (16 MiB) plus its copy in the recorded
// exchange, i.e. 128 MiB, on top of the program itself (about 20 MiB measured): 256 MiB leaves
// room and is still far below what believing a 10 GB Content-Length or an endless head would take.
constexpr long kMaxRssKiB = 256 * 1024;
// AddressSanitizer's shadow memory, allocator and quarantine: the same clean run measured 18 MiB
// plain and 175-215 MiB under ASan, so a sanitized build gets this much more.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kSanitizerRssAllowanceKiB = 256 * 1024;
#else
constexpr long kSanitizerRssAllowanceKiB = 0;
#endif
// And a hostile run may not grow past the clean run of the same build by more than those
// per-job response bodies (4 jobs x 16 MiB).
constexpr long kMaxRssGrowthKiB = 4 * static_cast<long>(transport::kMaxResponseBodyBytes / 1024);

// The slow drip against timeouts short enough for CI: one byte every kDripInterval, inside the
// read timeout by half of it, so that only the total timeout can end the exchange.
constexpr auto kDripInterval = 750ms;
constexpr int kDripReadTimeoutMs = 1500;
constexpr int kDripTotalTimeoutMs = 3000;

constexpr const char* kRssMarker = "blobconform-max-rss-kib=";

struct MeasuredRun {
  testing::CommandResult command;
  nlohmann::json report;
  std::map<std::string, nlohmann::json> instances;  // by id
  long max_rss_kib = -1;
};

// Runs the program under /usr/bin/time (its peak RSS) against `connection_string`.
MeasuredRun run_measured(const std::string& connection_string, std::vector<std::string> extra) {
  TempDir reports;
  std::vector<std::string> args = {"-f", std::string(kRssMarker) + "%M", BLOBCONFORM_BINARY, "--target",
                                   connection_string, "--report-dir", reports.path().string(), "--quiet"};
  for (auto& a : testing::reference_capabilities()) args.push_back(a);
  for (auto& a : extra) args.push_back(std::move(a));
  MeasuredRun run;
  run.command = testing::run_command("/usr/bin/time", args, 600);
  // /usr/bin/time reports "Command exited with non-zero status N" first; the program's own code
  // is what time exits with.
  if (auto at = run.command.output.rfind(kRssMarker); at != std::string::npos) {
    run.max_rss_kib = std::atol(run.command.output.c_str() + at + std::string_view(kRssMarker).size());
  }
  run.report = nlohmann::json::parse(testing::read_file(reports.path() / "results.json"), nullptr, false);
  if (run.report.is_object() && run.report.contains("instances") && run.report["instances"].is_array()) {
    for (const auto& instance : run.report["instances"]) {
      if (instance.is_object() && instance.contains("id") && instance["id"].is_string()) {
        run.instances[instance["id"].get<std::string>()] = instance;
      }
    }
  }
  return run;
}

MeasuredRun run_against(const reference::ReferenceServer& server, std::vector<std::string> extra) {
  for (auto& a : kSelection) extra.push_back(a);
  return run_measured(server.connection_string(), std::move(extra));
}

// Whether an instance sent an Abort Copy Blob request, read from its recorded exchanges.
bool sent_an_abort(const nlohmann::json& instance) {
  for (const auto& exchange : instance.value("exchanges", nlohmann::json::array())) {
    const auto& request = exchange["request"];
    if (reference::is_abort_copy_request(request.value("method", ""), request.value("target", ""))) return true;
  }
  return false;
}

// results.json as a reader needs it: instances with an id, a result and a reason, counts that
// add up to them, a run that was not cut short.
void expect_well_formed(const MeasuredRun& run, bool stopped_early = false) {
  ASSERT_TRUE(run.report.is_object()) << run.command.output;
  ASSERT_TRUE(run.report.contains("instances") && run.report["instances"].is_array());
  ASSERT_TRUE(run.report.contains("counts") && run.report["counts"].is_object());
  size_t counted = 0;
  for (const auto& [result, n] : run.report["counts"].items()) counted += n.get<size_t>();
  EXPECT_EQ(counted, run.report["instances"].size());
  EXPECT_EQ(run.instances.size(), run.report["instances"].size()) << "instance ids are not unique";
  for (const auto& instance : run.report["instances"]) {
    EXPECT_TRUE(instance["result"].is_string() && instance["reason"].is_string()) << instance.dump().substr(0, 300);
  }
  EXPECT_EQ(run.report.value("stopped_early", !stopped_early), stopped_early);
}

void expect_bounded_memory(const MeasuredRun& run, long clean_rss_kib, const std::string& what) {
  ASSERT_GT(run.max_rss_kib, 0) << "no RSS measured:\n" << run.command.output;
  std::cout << what << ": peak RSS " << run.max_rss_kib << " KiB (clean run " << clean_rss_kib << " KiB)\n";
  EXPECT_LE(run.max_rss_kib, kMaxRssKiB + kSanitizerRssAllowanceKiB) << what;
  EXPECT_LE(run.max_rss_kib, clean_rss_kib + kMaxRssGrowthKiB) << what;
}

bool program_has_option(const std::string& option) {
  static const std::string help = testing::run_blobconform({"--help"}, 60).output;
  return help.find(option) != std::string::npos;
}

// One hostile mode: what the reason of each abort instance must contain, and what the program
// needs besides the selection.
struct ModeCase {
  Hostile mode;
  std::string reason;
  std::vector<std::string> extra_args;
  std::chrono::milliseconds drip_interval = reference::kDefaultDripInterval;
};

std::string mode_name(const ::testing::TestParamInfo<ModeCase>& info) {
  std::string name;
  for (char c : std::string(reference::hostile_info(info.param.mode).name)) name += c == '-' ? '_' : c;
  return name;
}

class HostileTarget : public ::testing::TestWithParam<ModeCase> {
 protected:
  static void SetUpTestSuite() {
    auto server = reference::ReferenceServer::start({});
    ASSERT_TRUE(server) << server.error().message;
    clean_ = new MeasuredRun(run_against(**server, {}));
  }
  static void TearDownTestSuite() {
    delete clean_;
    clean_ = nullptr;
  }
  static inline MeasuredRun* clean_ = nullptr;
};

TEST_P(HostileTarget, AbortsEndErrorWithTheReasonTheRestAsOnTheCleanTarget) {
  const ModeCase& mode = GetParam();
  const std::string name = reference::hostile_info(mode.mode).name;
  if (mode.mode == Hostile::SlowDrip && !program_has_option("--timeout-read-ms")) {
    GTEST_SKIP() << "blobconform has no --timeout-read-ms: the drip would take minutes at the default timeouts";
  }
  ASSERT_NE(clean_, nullptr);
  ASSERT_EQ(clean_->command.exit_code, 0) << clean_->command.output;
  size_t aborts = 0, others = 0;
  for (const auto& [id, instance] : clean_->instances) (sent_an_abort(instance) ? aborts : others)++;
  ASSERT_GE(aborts, kMinAbortInstances);
  ASSERT_GE(others, kMinOtherInstances);

  reference::ReferenceOptions options;
  options.hostile = mode.mode;
  options.drip_interval = mode.drip_interval;
  auto server = reference::ReferenceServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  auto run = run_against(**server, mode.extra_args);

  EXPECT_EQ(run.command.exit_code, 1) << run.command.output;
  EXPECT_EQ(run.command.output.find("AddressSanitizer"), std::string::npos) << run.command.output;
  EXPECT_EQ(run.command.output.find("runtime error"), std::string::npos) << run.command.output;
  expect_well_formed(run);
  ASSERT_EQ(run.instances.size(), clean_->instances.size()) << run.command.output;
  for (const auto& [id, clean] : clean_->instances) {
    const auto found = run.instances.find(id);
    ASSERT_NE(found, run.instances.end()) << id;
    const std::string result = found->second["result"], reason = found->second["reason"];
    if (sent_an_abort(clean)) {
      EXPECT_EQ(result, "ERROR") << id << ": " << reason;
      EXPECT_NE(reason.find(mode.reason), std::string::npos) << id << ": " << reason;
    } else {
      EXPECT_EQ(result, clean["result"].get<std::string>()) << id << ": " << reason;
    }
  }
  expect_bounded_memory(run, clean_->max_rss_kib, name);
  if (auto any = std::find_if(run.instances.begin(), run.instances.end(),
                              [](const auto& entry) { return entry.second["result"] == "ERROR"; });
      any != run.instances.end()) {
    const std::string reason = any->second["reason"];
    std::cout << name << ": e.g. " << any->first << ": " << reason.substr(0, 300) << "\n";
  }
}

INSTANTIATE_TEST_SUITE_P(
    EachMode, HostileTarget,
    ::testing::Values(
        ModeCase{Hostile::TruncatedResponse, "connection closed by the server within the response head", {}},
        ModeCase{Hostile::EndlessHeaders,
                 "response head exceeds " + std::to_string(transport::kMaxResponseHeaderBytes) + " bytes", {}},
        ModeCase{Hostile::SlowDrip,
                 "total timeout of " + std::to_string(kDripTotalTimeoutMs) + " ms exceeded",
                 // More jobs than usual: the instances mostly wait, so the run takes half as long.
                 {"--timeout-read-ms", std::to_string(kDripReadTimeoutMs), "--timeout-total-ms",
                  std::to_string(kDripTotalTimeoutMs), "--jobs", "8"},
                 kDripInterval},
        ModeCase{Hostile::HugeContentLength,
                 "Content-Length " + std::to_string(reference::kHugeContentLength) + " exceeds the limit of " +
                     std::to_string(transport::kMaxResponseBodyBytes) + " bytes",
                 {}},
        ModeCase{Hostile::BrokenChunking, "chunked body: invalid chunk size", {}},
        ModeCase{Hostile::Reset, "connection reset by peer", {}},
        // One instance at a time: the foreign id the target picks for a request sent on a fresh
        // connection (the raw writer's) is then another request of the same instance, which is
        // what the harness can recognize.
        ModeCase{Hostile::ForeignClientRequestId, "carries the x-ms-client-request-id of another request",
                 {"--jobs", "1"}}),
    mode_name);

// ---- The hostile front itself, through the harness's client, without the program ----

transport::Request request(const reference::ReferenceServer& server, const std::string& method,
                           const std::string& target, const std::string& client_request_id) {
  transport::Request r;
  r.method = method;
  r.target = target;
  r.headers = {{"Host", "127.0.0.1:" + std::to_string(server.port())},
               {"x-ms-version", "2026-06-06"},  // unauthenticated: 401 (from 2019-12-12), the id echoed (from 2019-02-02)
               {"x-ms-client-request-id", client_request_id},
               {"Content-Length", "0"}};
  return r;
}

TEST(HostileFront, EveryModeHitsAbortCopyOnlyAndTheServerGoesOn) {
  transport::Timeouts timeouts;
  timeouts.connect = 2000ms;
  timeouts.read = 1000ms;
  timeouts.total = 2000ms;
  for (const auto& info : reference::all_hostile_modes()) {
    if (info.mode == Hostile::None) continue;
    reference::ReferenceOptions options;
    options.hostile = info.mode;
    options.drip_interval = 500ms;
    auto server = reference::ReferenceServer::start(options);
    ASSERT_TRUE(server) << server.error().message;
    transport::Endpoint endpoint{"http", "127.0.0.1", static_cast<uint16_t>((*server)->port())};
    transport::HttpClient client(endpoint, {}, timeouts);
    // Unauthenticated: the service answers 401 either way, which is all the front needs.
    auto other = client.send(request(**server, "PUT", "/reference1/c/b?comp=lease", "id-before"));
    ASSERT_TRUE(other.response) << info.name << ": " << other.transport_error;
    EXPECT_EQ(other.response->status, 401) << info.name;
    auto abort = client.send(request(**server, "PUT", "/reference1/c/b?comp=copy&copyid=x", "id-of-the-abort"));
    if (info.mode == Hostile::ForeignClientRequestId) {
      ASSERT_TRUE(abort.response) << abort.transport_error;
      EXPECT_EQ(transport::find_header(abort.response->headers, "x-ms-client-request-id"), "id-before");
    } else {
      EXPECT_FALSE(abort.response) << info.name;
      EXPECT_FALSE(abort.transport_error.empty()) << info.name;
    }
    if (info.mode == Hostile::SlowDrip) {
      EXPECT_NE(abort.transport_error.find("total timeout"), std::string::npos) << abort.transport_error;
    }
    auto after = client.send(request(**server, "GET", "/reference1/c/b", "id-after"));
    ASSERT_TRUE(after.response) << info.name << ": " << after.transport_error;
    EXPECT_EQ(transport::find_header(after.response->headers, "x-ms-client-request-id"), "id-after") << info.name;
  }
}

TEST(HostileFront, AbortCopyIsRecognizedByMethodAndComp) {
  EXPECT_TRUE(reference::is_abort_copy_request("PUT", "/a/c/b?comp=copy&copyid=1"));
  EXPECT_TRUE(reference::is_abort_copy_request("PUT", "/a/c/b?copyid=1&comp=%63opy"));
  EXPECT_FALSE(reference::is_abort_copy_request("GET", "/a/c/b?comp=copy"));
  EXPECT_FALSE(reference::is_abort_copy_request("PUT", "/a/c/b?comp=lease"));
  EXPECT_FALSE(reference::is_abort_copy_request("PUT", "/a/c/b"));
}

TEST(HostileModes, EveryNameParsesBackAndUnknownNamesDoNot) {
  for (const auto& info : reference::all_hostile_modes()) {
    EXPECT_EQ(reference::parse_hostile(info.name), info.mode) << info.name;
  }
  EXPECT_FALSE(reference::parse_hostile("no-such-mode"));
}

// ---- HTTPS ----

std::string https_target(uint16_t port) {
  return "DefaultEndpointsProtocol=https;AccountName=reference1;AccountKey=" +
         reference::default_accounts()[0].key_base64 + ";BlobEndpoint=https://127.0.0.1:" + std::to_string(port) +
         "/reference1;";
}

struct FlawCase {
  testing::CertificateFlaw flaw;
  bool trusted;             // the certificate given as --ca-file
  std::string named_as;     // in the program's message (OpenSSL's verification error)
};

TEST(HostileTls, ACertificateThatFailsVerificationIsRefusedWithTheFailureNamed) {
  const std::vector<FlawCase> flaws = {
      {testing::CertificateFlaw::SelfSigned, false, "signed certificate"},  // "self-signed" (3.x), "self signed" (1.1)
      {testing::CertificateFlaw::WrongName, true, "IP address mismatch"},
      {testing::CertificateFlaw::Expired, true, "certificate has expired"},
  };
  for (const auto& flaw : flaws) {
    auto certificate = testing::make_certificate(flaw.flaw);
    ASSERT_TRUE(certificate.cert);
    TempDir dir;
    ASSERT_TRUE(certificate.write_pem(dir.path() / "cert.pem"));
    testing::TlsGarbageServer server(certificate, testing::TlsGarbageServer::Garbage::NotHttp);
    ASSERT_NE(server.port(), 0);
    std::vector<std::string> args = {"--target", https_target(server.port()), "--report-dir",
                                     (dir.path() / "reports").string(), "--quiet", "--filter",
                                     "abort-copy/completed-copy/**"};
    if (flaw.trusted) args.insert(args.end(), {"--ca-file", (dir.path() / "cert.pem").string()});
    auto run = testing::run_blobconform(args, 120);
    EXPECT_EQ(run.exit_code, 3) << flaw.named_as << ":\n" << run.output;
    EXPECT_NE(run.output.find("TLS certificate verification failed"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find(flaw.named_as), std::string::npos) << run.output;
    std::cout << "refused: " << run.output.substr(0, run.output.find('\n')) << "\n";
  }
}

struct GarbageCase {
  testing::TlsGarbageServer::Garbage garbage;
  std::string reason;
};

TEST(HostileTls, InsecureAgainstATlsServerThatAnswersGarbageEndsEveryInstanceError) {
  auto certificate = testing::make_certificate(testing::CertificateFlaw::SelfSigned);
  ASSERT_TRUE(certificate.cert);
  const std::vector<GarbageCase> cases = {
      {testing::TlsGarbageServer::Garbage::NotHttp, "status line does not start with HTTP/"},
      {testing::TlsGarbageServer::Garbage::NotTls, "TLS read failed while reading headers"},
      {testing::TlsGarbageServer::Garbage::Reset, "connection reset by peer"},
  };
  for (const auto& garbage : cases) {
    testing::TlsGarbageServer server(certificate, garbage.garbage);
    ASSERT_NE(server.port(), 0);
    // Two jobs: with more, every selected instance may have started before the fifth unanswered
    // one ends (the default for a target whose probe failed is 16).
    auto run = run_measured(https_target(server.port()), {"--insecure", "--jobs", "2", "--filter",
                                                          "abort-copy/completed-copy/**", "--filter",
                                                          "abort-copy/wrong-copy-id/**"});
    // Nothing but garbage: the run stops once kUnansweredInARow instances in a row got no answer.
    EXPECT_EQ(run.command.exit_code, 4) << garbage.reason << ":\n" << run.command.output;
    EXPECT_NE(run.command.output.find("stopped early: the target gave no answer to 5 instances in a row"),
              std::string::npos)
        << run.command.output;
    EXPECT_EQ(run.command.output.find("AddressSanitizer"), std::string::npos) << run.command.output;
    expect_well_formed(run, true);
    EXPECT_GE(run.instances.size(), 5u);
    EXPECT_LT(run.instances.size(), 13u);  // not every selected instance: 4 (completed-copy) + 9 (wrong-copy-id)
    EXPECT_GT(server.garbage_answers(), 0);
    for (const auto& [id, instance] : run.instances) {
      const std::string reason = instance["reason"];
      EXPECT_EQ(instance["result"], "ERROR") << id << ": " << reason;
      EXPECT_NE(reason.find(garbage.reason), std::string::npos) << id << ": " << reason;
    }
    if (!run.instances.empty()) {
      std::cout << "TLS garbage: " << run.instances.begin()->second["reason"].get<std::string>().substr(0, 300) << "\n";
    }
  }
}

}  // namespace
}  // namespace blobconform
