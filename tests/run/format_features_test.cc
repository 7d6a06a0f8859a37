// The case-format features of §1 and §3-§5 end to end, through run_instances and the executor,
// against a programmable server: poll (setup and then, until it holds and at the timeout),
// on_mismatch evidence, each outcome grade, `when` variants per instance, raw_query, raw_headers,
// removing a header with null, fixture steps, and several case folders with merged operations.
// Each test asserts the exact result and what the server saw, so it flips when its feature breaks.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <utility>

#include "tests/run/runner_fixture.h"

namespace blobconform {
namespace {

using run::ResultKind;
using testing::azure_error;
using testing::blob_server;
using testing::FakeServer;
using testing::load;
using testing::load_and_lint;
using testing::run_all;

constexpr const char* kContainerPath = "/devstoreaccount1/bc-test-0000";

size_t count_requests(FakeServer& server, const std::string& method, const std::string& target) {
  size_t n = 0;
  for (const auto& s : server.seen()) n += s == method + " " + target;
  return n;
}

// The request the server saw with this method whose target contains `part`; fails the test if none.
std::optional<httplib::Request> find_request(FakeServer& server, const std::string& method, const std::string& part) {
  for (const auto& r : server.requests())
    if (r.method == method && r.target.find(part) != std::string::npos) return r;
  ADD_FAILURE() << "the server saw no " << method << " with " << part;
  return std::nullopt;
}

std::string all(const cases::Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += cases::to_string(p) + "\n";
  return out;
}

bool abort_was_sent(FakeServer& server) {
  for (const auto& r : server.requests())
    if (r.has_param("comp")) return true;
  return false;
}

const run::RecordedExchange* exchange_of(const run::InstanceResult& result, const std::string& pointer) {
  for (const auto& e : result.exchanges)
    if (e.pointer == pointer) return &e;
  return nullptr;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// poll (§3.4): the step repeats until its expect holds; at the timeout the last response is judged.

// A blob whose copy completes after `heads_before_ready` HEADs (never when negative): until then
// HEAD answers 404 (when `not_found_first`) or 200 with the copy pending and its progress at n/100,
// n counting the HEADs. Everything else succeeds; abort answers 409 CopyIdMismatch.
FakeServer::Handler copying_blob_server(std::atomic<int>& heads, int heads_before_ready, bool not_found_first) {
  return [&heads, heads_before_ready, not_found_first](const httplib::Request& request, httplib::Response& response) {
    if (request.method == "HEAD") {
      int n = ++heads;
      if (heads_before_ready >= 0 && n > heads_before_ready) {
        response.status = 200;
        response.set_header("x-ms-copy-status", "success");
        response.set_header("x-ms-copy-progress", "100/100");
      } else if (not_found_first) {
        response.status = 404;
        response.set_header("x-ms-error-code", "BlobNotFound");
      } else {
        response.status = 200;
        response.set_header("x-ms-copy-status", "pending");
        response.set_header("x-ms-copy-progress", std::to_string(n) + "/100");
      }
      return;
    }
    blob_server(409, "CopyIdMismatch")(request, response);
  };
}

const char* kPollStep = R"({ "op": "get_blob_properties", "args": { "blob": "dst" },
    "poll": { "timeout_s": %TIMEOUT%, "interval_s": 0.05 },
    "expect": { "status": 200, "headers": { "x-ms-copy-status": "success", "x-ms-copy-progress": "100/100" } } })";

std::string poll_in_setup_case(const std::string& timeout_s) {
  return R"([{ "id": "c", "description": "Polls the destination until its copy has completed.", "level": "must",
    "tags": ["completed-copy"],
    "setup": [ { "op": "create_container" }, )" + replaced(kPollStep, "%TIMEOUT%", timeout_s) + R"( ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 409 } }])";
}

std::string poll_in_then_case(const std::string& timeout_s) {
  return R"([{ "id": "c", "description": "After the abort the copy completes.", "level": "must",
    "tags": ["completed-copy"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 409 },
    "then": [ )" + replaced(kPollStep, "%TIMEOUT%", timeout_s) + R"( ] }])";
}

TEST(FormatFeatures, PollOnASetupStepRepeatsUntilTheExpectHolds) {
  auto loaded = load(poll_in_setup_case("5"));
  std::atomic<int> heads{0};
  FakeServer server(copying_blob_server(heads, 3, /*not_found_first=*/true));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  EXPECT_EQ(heads.load(), 4) << "three 404s, then the 200 that holds, then no more";
  const auto* polled = exchange_of(run.only(), "/cases/0/setup/1");
  ASSERT_NE(polled, nullptr);
  EXPECT_EQ(polled->attempts, 4);
  EXPECT_EQ(polled->exchange.response->status, 200) << "the poll keeps its last exchange";
  EXPECT_TRUE(abort_was_sent(server)) << "the request ran after the poll held";
}

TEST(FormatFeatures, PollOnAThenStepRepeatsUntilTheExpectHolds) {
  auto loaded = load(poll_in_then_case("5"));
  std::atomic<int> heads{0};
  FakeServer server(copying_blob_server(heads, 3, /*not_found_first=*/true));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  EXPECT_EQ(heads.load(), 4);
  const auto* polled = exchange_of(run.only(), "/cases/0/then/0");
  ASSERT_NE(polled, nullptr);
  EXPECT_EQ(polled->attempts, 4);
}

// At the timeout the last response is judged: the progress in the mismatch is that of the last HEAD.
TEST(FormatFeatures, PollOnASetupStepThatNeverHoldsIsAnErrorAtTheTimeout) {
  auto loaded = load(poll_in_setup_case("0.5"));
  std::atomic<int> heads{0};
  FakeServer server(copying_blob_server(heads, -1, /*not_found_first=*/false));
  auto started = std::chrono::steady_clock::now();
  auto run = run_all(loaded->catalog, server.port());
  auto elapsed = std::chrono::steady_clock::now() - started;
  const auto& result = run.only();
  EXPECT_EQ(result.result, ResultKind::Error) << result.reason;
  EXPECT_NE(result.reason.find("setup failed at /cases/0/setup/1"), std::string::npos) << result.reason;
  // 0.5 s at intervals of 0.05, 0.1, 0.2 s... : a handful of HEADs, never a busy loop.
  EXPECT_GE(heads.load(), 2) << "polled at least once more";
  EXPECT_LE(heads.load(), 10);
  EXPECT_GE(elapsed, std::chrono::milliseconds(500)) << "the poll gave up before its timeout";
  EXPECT_LT(elapsed, std::chrono::seconds(4)) << "the poll ran past its timeout";
  bool judged_last = false;
  for (const auto& m : result.mismatches) {
    judged_last |= m.field == "header x-ms-copy-progress" && m.actual == "\"" + std::to_string(heads.load()) + "/100\"";
  }
  EXPECT_TRUE(judged_last) << "the last of " << heads.load() << " responses is judged";
  EXPECT_FALSE(abort_was_sent(server)) << "the request never runs after a broken setup";
}

// poll.max_interval_s (project extension): the interval stops doubling there, so a poll that
// waits for a deadline sees it within that interval. 0.5 s at a fixed 0.05 s is about ten HEADs;
// doubling from 0.05 s (the test above) would send five.
TEST(FormatFeatures, PollStopsDoublingAtItsMaxInterval) {
  std::string text = poll_in_setup_case("0.5");
  text = replaced(text, R"("interval_s": 0.05 })", R"("interval_s": 0.05, "max_interval_s": 0.05 })");
  auto loaded = load(text);
  std::atomic<int> heads{0};
  FakeServer server(copying_blob_server(heads, -1, /*not_found_first=*/false));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Error) << run.only().reason;
  EXPECT_GE(heads.load(), 8) << "the interval kept doubling past max_interval_s";
  EXPECT_LE(heads.load(), 12);
}

TEST(FormatFeatures, PollOnAThenStepThatNeverHoldsFailsAtTheTimeout) {
  auto loaded = load(poll_in_then_case("0.5"));
  std::atomic<int> heads{0};
  FakeServer server(copying_blob_server(heads, -1, /*not_found_first=*/false));
  auto started = std::chrono::steady_clock::now();
  auto run = run_all(loaded->catalog, server.port());
  auto elapsed = std::chrono::steady_clock::now() - started;
  const auto& result = run.only();
  EXPECT_EQ(result.result, ResultKind::Fail) << result.reason;
  EXPECT_NE(result.reason.find("/cases/0/then/0 did not hold"), std::string::npos) << result.reason;
  EXPECT_GE(heads.load(), 2) << "polled at least once more";
  EXPECT_LE(heads.load(), 10);
  EXPECT_GE(elapsed, std::chrono::milliseconds(500));
  EXPECT_LT(elapsed, std::chrono::seconds(4));
  bool judged_last = false;
  for (const auto& m : result.mismatches) {
    judged_last |= m.field == "header x-ms-copy-progress" && m.actual == "\"" + std::to_string(heads.load()) + "/100\"";
  }
  EXPECT_TRUE(judged_last) << "the last of " << heads.load() << " responses is judged";
}

// ---------------------------------------------------------------------------------------------
// on_mismatch: "inconclusive" (§3.4): the report shows what was observed. (executor_test checks
// the result kind and that the reason names the field; these check the observed values.)

const char* kPreconditionCase = R"([{
  "id": "c", "description": "Aborts a copy that must still be pending.", "level": "must", "tags": ["pending-copy"],
  "setup": [ { "op": "create_container" },
             { "op": "get_blob_properties", "args": { "blob": "dst" },
               "expect": { "status": 200, "headers": { "x-ms-copy-status": "pending" } },
               "on_mismatch": "inconclusive" } ],
  "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
  "expect": { "status": 204 } }])";

TEST(FormatFeatures, InconclusiveSetupReportsTheHeaderItSaw) {
  auto loaded = load(kPreconditionCase);
  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.method == "HEAD") {
      response.status = 200;
      response.set_header("x-ms-copy-status", "success");  // the copy completed too early
      return;
    }
    blob_server(204)(request, response);
  });
  auto run = run_all(loaded->catalog, server.port());
  const auto& result = run.only();
  EXPECT_EQ(result.result, ResultKind::Inconclusive) << result.reason;
  EXPECT_EQ(result.reason.rfind("precondition not met at /cases/0/setup/1: ", 0), 0u) << result.reason;
  EXPECT_NE(result.reason.find("got \"success\""), std::string::npos) << "the reason shows the header seen: " << result.reason;
  EXPECT_EQ(result.actual.rfind("200", 0), 0u) << result.actual;
  ASSERT_EQ(result.mismatches.size(), 1u);
  EXPECT_EQ(result.mismatches[0].field, "header x-ms-copy-status");
  EXPECT_EQ(result.mismatches[0].actual, "\"success\"");
  const auto* seen = exchange_of(result, "/cases/0/setup/1");
  ASSERT_NE(seen, nullptr) << "the report keeps the exchange of the precondition";
  EXPECT_EQ(transport::find_header(seen->exchange.response->headers, "x-ms-copy-status").value_or(""), "success");
  EXPECT_FALSE(abort_was_sent(server)) << "the request under test is not sent";
}

TEST(FormatFeatures, InconclusiveSetupReportsTheStatusItSaw) {
  auto loaded = load(kPreconditionCase);
  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.method == "HEAD") {
      response.status = 404;
      response.set_header("x-ms-error-code", "BlobNotFound");
      return;
    }
    blob_server(204)(request, response);
  });
  auto run = run_all(loaded->catalog, server.port());
  const auto& result = run.only();
  EXPECT_EQ(result.result, ResultKind::Inconclusive) << result.reason;
  EXPECT_NE(result.reason.find("got 404"), std::string::npos) << "the reason shows the status seen: " << result.reason;
  EXPECT_EQ(result.actual.rfind("404", 0), 0u) << result.actual;
  EXPECT_NE(result.actual.find("BlobNotFound"), std::string::npos) << result.actual;
  EXPECT_FALSE(abort_was_sent(server));
}

// ---------------------------------------------------------------------------------------------
// outcomes (§5): the first outcome that holds decides, whatever its grade. Both outcomes below
// hold for 409 CopyIdMismatch; only the second holds for 409 NoPendingCopyOperation.

std::string two_outcomes_case(const std::string& first_grade, const std::string& second_grade) {
  return R"([{
    "id": "c", "description": "Graded outcomes.", "level": "must", "tags": ["wrong-copy-id"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "outcomes": [ { "grade": ")" + first_grade + R"(", "expect": { "status": 409, "error_code": "CopyIdMismatch" },
                    "reason": "the first outcome" },
                  { "grade": ")" + second_grade + R"(", "expect": { "status": "4xx" }, "reason": "the second outcome" } ] }])";
}

struct Graded {
  ResultKind result;
  std::string reason;
};

Graded graded(const cases::Catalog& catalog, const std::string& error_code) {
  FakeServer server(blob_server(409, error_code));
  auto run = run_all(catalog, server.port());
  return {run.only().result, run.only().reason};
}

// Expectations are compiled at load with their {{variables}} in place; each step fills them in.
std::string pattern_case(const std::string& word) {
  return R"([{
    "id": "c", "description": "A pattern with a variable.", "level": "must", "tags": ["wrong-copy-id"],
    "let": { "word": ")" + word + R"(" },
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 409, "headers": { "x-ms-error-code": { "matches": "^{{word}}IdMismatch$" } } } }])";
}

TEST(FormatFeatures, AVariableInAPatternIsFilledWhenTheStepIsJudged) {
  auto loaded = load(pattern_case("Copy"));
  const auto& variant = loaded->catalog.groups[0]->cases[0].expect->variants[0];
  ASSERT_EQ(variant.expect.headers.size(), 1u);
  EXPECT_EQ(variant.expect.headers[0].matches, "^{{word}}IdMismatch$");  // compiled, still a template
  EXPECT_EQ(graded(loaded->catalog, "CopyIdMismatch").result, ResultKind::Pass);
  EXPECT_EQ(graded(loaded->catalog, "NoPendingCopyOperation").result, ResultKind::Fail);
  // A value that makes the pattern invalid is the case's fault: ERROR, not a verdict on the server.
  auto broken = graded(load(pattern_case("("))->catalog, "CopyIdMismatch");
  EXPECT_EQ(broken.result, ResultKind::Error);
  EXPECT_NE(broken.reason.find("/cases/0/expect: /^(IdMismatch$/: "), std::string::npos) << broken.reason;
}

TEST(FormatFeatures, AHoldingPassOutcomeDecidesBeforeALaterFail) {
  auto loaded = load(two_outcomes_case("pass", "fail"));
  auto first = graded(loaded->catalog, "CopyIdMismatch");
  EXPECT_EQ(first.result, ResultKind::Pass) << first.reason;
  auto second = graded(loaded->catalog, "NoPendingCopyOperation");
  EXPECT_EQ(second.result, ResultKind::Fail);
  EXPECT_EQ(second.reason, "the second outcome");
}

TEST(FormatFeatures, AHoldingInconclusiveInfoOrFailOutcomeDecidesBeforeALaterPass) {
  for (auto [grade, kind] : {std::pair{"inconclusive", ResultKind::Inconclusive}, std::pair{"info", ResultKind::Info},
                             std::pair{"fail", ResultKind::Fail}}) {
    auto loaded = load(two_outcomes_case(grade, "pass"));
    auto first = graded(loaded->catalog, "CopyIdMismatch");
    EXPECT_EQ(first.result, kind) << grade;
    EXPECT_EQ(first.reason, "the first outcome") << grade;
    EXPECT_EQ(graded(loaded->catalog, "NoPendingCopyOperation").result, ResultKind::Pass) << grade;
  }
}

// A response that matches none: FAIL for must (executor_test), NON-STRICT for should, INFO for info.
std::string unmatched_outcomes_case(const std::string& level) {
  return R"([{
    "id": "c", "description": "Graded outcomes.", "level": ")" + level + R"(", "tags": ["wrong-copy-id"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "outcomes": [ { "grade": "pass", "expect": { "status": 409, "error_code": "CopyIdMismatch" } },
                  { "grade": "inconclusive", "expect": { "status": 409 }, "reason": "another 409" } ] }])";
}

TEST(FormatFeatures, AResponseMatchingNoOutcomeIsNonStrictForShould) {
  auto loaded = load(unmatched_outcomes_case("should"));
  FakeServer server(blob_server(204));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::NonStrict);
  EXPECT_EQ(run.only().reason, "the response matched none of the outcomes");
  EXPECT_EQ(run.only().actual.rfind("204", 0), 0u) << run.only().actual;
}

TEST(FormatFeatures, AResponseMatchingNoOutcomeIsInfoForInfo) {
  auto loaded = load(unmatched_outcomes_case("info"));
  FakeServer server(blob_server(204));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Info);
  EXPECT_EQ(run.only().reason, "the response matched none of the outcomes");
  EXPECT_EQ(run.only().actual.rfind("204", 0), 0u) << run.only().actual;
}

// ---------------------------------------------------------------------------------------------
// `expect` lists with `when` (§5): each instance is judged by the variant of its own version. The
// server answers by the x-ms-version it receives, so both instances pass only when each picks its
// own variant (executor_test checks the same with one PASS and one FAIL).

TEST(FormatFeatures, EachVersionInstanceIsJudgedByItsOwnWhenVariant) {
  auto loaded = load(R"([{
    "id": "c", "description": "The answer changed in 2019-12-12.", "level": "must", "tags": ["version"],
    "versions": ["2015-04-05", "2019-12-12"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": [ { "when": "<2019-12-12", "status": 409, "error_code": "CopyIdMismatch" },
                { "when": ">=2019-12-12", "status": 400, "error_code": "InvalidHeaderValue" } ] }])");
  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.has_param("comp")) {
      if (request.get_header_value("x-ms-version") < "2019-12-12") azure_error(response, 409, "CopyIdMismatch");
      else azure_error(response, 400, "InvalidHeaderValue");
      return;
    }
    blob_server(201)(request, response);
  });
  auto run = run_all(loaded->catalog, server.port());
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_EQ(run.results[0].id, "t/g/c@2015-04-05");
  EXPECT_EQ(run.results[0].result, ResultKind::Pass) << run.results[0].reason;
  EXPECT_NE(run.results[0].expected.find("CopyIdMismatch"), std::string::npos) << run.results[0].expected;
  EXPECT_EQ(run.results[1].id, "t/g/c@2019-12-12");
  EXPECT_EQ(run.results[1].result, ResultKind::Pass) << run.results[1].reason;
  EXPECT_NE(run.results[1].expected.find("InvalidHeaderValue"), std::string::npos) << run.results[1].expected;
}

// ---------------------------------------------------------------------------------------------
// raw_query, raw_headers and null (§3.1 step 3-4): what the server receives.

TEST(FormatFeatures, RawQueryIsSentAsWrittenAndInOrder) {
  // "%zz" is no valid escape, so the step cannot be Shared-Key signed: it goes without auth.
  auto loaded = load(R"([{
    "id": "c", "description": "A malformed copy id is refused.", "level": "must", "tags": ["uri"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" },
                 "raw_query": [["copyid", "not%zzvalid"], ["comp", "copy"]], "auth": "none" },
    "expect": { "status": 409 } }])");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  auto abort = find_request(server, "PUT", "comp=copy");
  ASSERT_TRUE(abort);
  // Not re-encoded (%25zz), not merged with the template's comp=copy&copyid=<uuid>, not reordered.
  EXPECT_EQ(abort->target, std::string(kContainerPath) + "/dst?copyid=not%zzvalid&comp=copy");
  EXPECT_FALSE(abort->has_header("Authorization"));
}

TEST(FormatFeatures, DuplicatedRawHeadersAllArriveInOrder) {
  auto loaded = load(R"([{
    "id": "c", "description": "Two copy actions.", "level": "must", "tags": ["headers"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" },
                 "headers": { "x-ms-copy-action": null },
                 "raw_headers": [["x-ms-copy-action", "abort"], ["x-ms-copy-action", "ABORT"]] },
    "expect": { "status": 409 } }])");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  auto abort = find_request(server, "PUT", "comp=copy");
  ASSERT_TRUE(abort);
  std::vector<std::string> actions;
  auto [begin, end] = abort->headers.equal_range("x-ms-copy-action");
  for (auto it = begin; it != end; ++it) actions.push_back(it->second);
  EXPECT_EQ(actions, (std::vector<std::string>{"abort", "ABORT"}));
  EXPECT_TRUE(abort->has_header("Authorization")) << "raw headers are signed with Shared Key";
}

TEST(FormatFeatures, AHeaderRemovedWithNullIsNotSent) {
  auto loaded = load(R"([{
    "id": "c", "description": "An abort without x-ms-version.", "level": "must", "tags": ["version"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" },
                 "headers": { "x-ms-version": null } },
    "expect": { "status": 409 } }])");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  auto abort = find_request(server, "PUT", "comp=copy");
  ASSERT_TRUE(abort);
  EXPECT_FALSE(abort->has_header("x-ms-version")) << "the harness added back a removed header";
  auto create = find_request(server, "PUT", "restype=container");
  ASSERT_TRUE(create);
  EXPECT_EQ(create->get_header_value("x-ms-version"), testing::kLatest) << "other steps keep it";
}

// ---------------------------------------------------------------------------------------------
// Fixture steps (§3.5). Lint knows one fixture, pending_source; a test double registers under its
// name and records each action, with how many requests the server had seen by then.

struct FixtureCall {
  std::string action;
  std::optional<int64_t> bytes;
  size_t requests_before;
  bool operator==(const FixtureCall&) const = default;
};

run::Fixtures recording_fixture(const std::string& name, std::vector<FixtureCall>& calls, FakeServer& server,
                                std::map<std::string, std::string> variables = {}) {
  run::Fixtures fixtures;
  fixtures.add(
      name,
      [&calls, &server](const cases::Step& step, const std::string&) -> Result<void> {
        calls.push_back({step.action, step.bytes, server.seen().size()});
        return {};
      },
      std::move(variables));
  return fixtures;
}

const char* kFixtureCase = R"([{
  "id": "c", "description": "Aborts while the source is gated.", "level": "must", "tags": ["pending-copy"],
  "requires": ["pending-copy-control"],
  "setup": [ { "op": "create_container" },
             { "fixture": "%FIXTURE%", "action": "send", "bytes": 10 },
             { "fixture": "%FIXTURE%", "action": "release" } ],
  "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
  "expect": { "status": 409 } }])";

TEST(FormatFeatures, FixtureStepsRunTheRegisteredHandlerInOrder) {
  auto loaded = load(replaced(kFixtureCase, "%FIXTURE%", "pending_source"));
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  std::vector<FixtureCall> calls;
  auto fixtures = recording_fixture("pending_source", calls, server);
  auto run = run_all(loaded->catalog, server.port(), false, {{"pending-copy-control", "test"}}, &fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  // Both after Create Container (one request) and before the abort.
  EXPECT_EQ(calls, (std::vector<FixtureCall>{{"send", 10, 1}, {"release", std::nullopt, 1}}));
  EXPECT_TRUE(abort_was_sent(server));
}

TEST(FormatFeatures, AnUnregisteredFixtureIsAnErrorNamingIt) {
  auto loaded = load(replaced(kFixtureCase, "%FIXTURE%", "pending_source"));
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port(), false, {{"pending-copy-control", "test"}});  // no fixtures, as on a target without a gate
  EXPECT_EQ(run.only().result, ResultKind::Error);
  EXPECT_EQ(run.only().reason,
            "setup failed at /cases/0/setup/1: fixture \"pending_source\" is not available on this target");
  EXPECT_FALSE(abort_was_sent(server));
}

TEST(FormatFeatures, AFixtureHandlerErrorIsAnError) {
  auto loaded = load(replaced(kFixtureCase, "%FIXTURE%", "pending_source"));
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  run::Fixtures fixtures;
  int calls = 0;
  fixtures.add("pending_source", [&calls](const cases::Step&, const std::string&) -> Result<void> {
    ++calls;
    return fail("the gated source has gone");
  });
  auto run = run_all(loaded->catalog, server.port(), false, {{"pending-copy-control", "test"}}, &fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Error);
  EXPECT_EQ(run.only().reason, "setup failed at /cases/0/setup/1: the gated source has gone");
  EXPECT_EQ(calls, 1) << "the first failing fixture step ends setup";
  EXPECT_FALSE(abort_was_sent(server));
}

TEST(FormatFeatures, FixtureVariablesAreSubstitutedIntoSteps) {
  auto loaded = load(R"([{
    "id": "c", "description": "Copies from the gated source.", "level": "must", "tags": ["pending-copy"],
    "setup": [ { "op": "create_container" },
               { "op": "copy_blob", "args": { "blob": "dst", "source_url": "{{pending_source_url}}" } } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 409 } }])");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  std::vector<FixtureCall> calls;
  auto fixtures = recording_fixture("pending_source", calls, server,
                                    {{"pending_source_url", "http://127.0.0.1:9/gated/source?sig=x"}});
  auto run = run_all(loaded->catalog, server.port(), false, {}, &fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  auto copy = find_request(server, "PUT", "/dst");
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->get_header_value("x-ms-copy-source"), "http://127.0.0.1:9/gated/source?sig=x");
}

// The schema accepts any fixture name; lint accepts only the documented pending_source. The runner
// itself performs whatever fixture is registered under the step's name.
TEST(FormatFeatures, OtherFixtureNamesPassTheSchemaButNotLint) {
  testing::TempDir dir;
  testing::write_case_folder(dir.path(), replaced(kFixtureCase, "%FIXTURE%", "probe"));
  cases::Problems load_problems;
  auto catalog = cases::load_catalog({{dir.path().string()}, (testing::kProject / "cases" / "schema").string()},
                                     load_problems);
  EXPECT_TRUE(load_problems.empty()) << all(load_problems);
  auto lint = cases::lint_catalog(catalog, {testing::kLatest});
  ASSERT_EQ(lint.size(), 2u) << all(lint);
  EXPECT_EQ(lint[0].pointer, "/cases/0/setup/1/fixture");
  EXPECT_EQ(lint[0].reason, "unknown fixture \"probe\" (pending_source, clock)");
  EXPECT_EQ(lint[1].pointer, "/cases/0/setup/2/fixture");

  FakeServer server(blob_server(409, "CopyIdMismatch"));
  std::vector<FixtureCall> calls;
  auto fixtures = recording_fixture("probe", calls, server);
  auto run = run_all(catalog, server.port(), false, {{"pending-copy-control", "test"}}, &fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  EXPECT_EQ(calls, (std::vector<FixtureCall>{{"send", 10, 1}, {"release", std::nullopt, 1}}));
}

// ---------------------------------------------------------------------------------------------
// Several case folders (§1): operations of all folders are merged; a name defined twice, like a
// case id loaded twice, is a problem naming the file and the field.

const char* kHeadContainerOperations = R"({ "format": 1, "operations": {
  "head_container": { "description": "Get Container Properties", "method": "HEAD", "path": "/{{container}}",
                      "query": { "restype": "container" },
                      "args": { "container": { "default": "{{container}}" } } } %MORE% } })";

const char* kHeadContainerCase = R"([{
  "id": "c", "description": "The container exists after Create Container.", "level": "must", "tags": ["response"],
  "setup": [ { "op": "create_container" } ],
  "request": { "op": "head_container" },
  "expect": { "status": 200 } }])";

TEST(FormatFeatures, AnOperationFromAnotherCaseFolderIsUsable) {
  testing::TempDir a, b;
  testing::write_case_folder(a.path(), kHeadContainerCase);
  testing::write_file(b.path() / "operations.json", replaced(kHeadContainerOperations, "%MORE%", ""));
  cases::Catalog catalog;
  auto problems = load_and_lint({a.path().string(), b.path().string()}, catalog);
  for (const auto& p : problems) ADD_FAILURE() << cases::to_string(p);
  ASSERT_TRUE(catalog.operations.count("head_container"));
  EXPECT_EQ(catalog.operations.at("head_container").file, (b.path() / "operations.json").string());
  EXPECT_TRUE(catalog.operations.count("create_container")) << "the first folder's operations stay";

  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.method == "HEAD" && request.get_param_value("restype") == "container") response.status = 200;
    else blob_server(409)(request, response);
  });
  auto run = run_all(catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  EXPECT_EQ(count_requests(server, "HEAD", std::string(kContainerPath) + "?restype=container"), 1u);
}

TEST(FormatFeatures, AnOperationDefinedInTwoFoldersIsALoadProblem) {
  testing::TempDir a, b;
  testing::write_case_folder(a.path(), kHeadContainerCase);
  testing::write_file(b.path() / "operations.json",
                      replaced(kHeadContainerOperations, "%MORE%",
                               R"(, "create_container": { "method": "PUT", "path": "/{{container}}" })"));
  cases::Catalog catalog;
  auto problems = load_and_lint({a.path().string(), b.path().string()}, catalog);
  ASSERT_EQ(problems.size(), 1u) << all(problems);
  EXPECT_EQ(problems[0].file, (b.path() / "operations.json").string());
  EXPECT_EQ(problems[0].pointer, "/operations/create_container");
  EXPECT_EQ(problems[0].reason,
            "operation \"create_container\" is already defined in " + (a.path() / "operations.json").string());
  EXPECT_EQ(catalog.operations.at("create_container").file, (a.path() / "operations.json").string())
      << "the first definition is kept, never silently replaced";
}

TEST(FormatFeatures, ACaseIdLoadedTwiceIsALoadProblem) {
  testing::TempDir a, b;
  testing::write_case_folder(a.path(), kHeadContainerCase);
  testing::write_file(b.path() / "operations.json", replaced(kHeadContainerOperations, "%MORE%", ""));
  testing::write_case_folder(b.path(), kHeadContainerCase, /*with_project_files=*/false);
  cases::Catalog catalog;
  auto problems = load_and_lint({a.path().string(), b.path().string()}, catalog);
  ASSERT_EQ(problems.size(), 1u) << all(problems);
  EXPECT_EQ(problems[0].file, (b.path() / "t" / "g.json").string());
  EXPECT_EQ(problems[0].pointer, "/cases/0/id");
  EXPECT_EQ(problems[0].reason,
            "duplicate case id \"t/g/c\" (also in " + (a.path() / "t" / "g.json").string() + ")");
}

}  // namespace
}  // namespace blobconform
