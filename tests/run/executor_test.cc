// Every result kind of case-format §7, and the step mechanics (save, then, outcomes, when,
// on_mismatch, cleanup, redaction), against a programmable server: each verdict flips when the
// feature it checks is broken.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/run/runner_fixture.h"

namespace blobconform {
namespace {

using run::ResultKind;
using testing::azure_error;
using testing::blob_server;
using testing::FakeServer;
using testing::kLatest;
using testing::load;
using testing::run_all;

const char* kAbortCase = R"({
  "id": "%ID%", "description": "Abort on a blob gets 409.", "level": "%LEVEL%", "tags": ["wrong-copy-id"],
  "setup": [ { "op": "create_container" }, { "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ],
  "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
  "expect": { "status": 409, "error_code": "CopyIdMismatch" } })";

std::string abort_case(const std::string& level, const std::string& id = "c") {
  std::string text = kAbortCase;
  text.replace(text.find("%ID%"), 4, id);
  text.replace(text.find("%LEVEL%"), 7, level);
  return text;
}

TEST(Executor, PassWhenTheResponseHolds) {
  auto loaded = load("[" + abort_case("must") + "]");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
}

TEST(Executor, FailWhenAMustCaseDoesNotHold) {
  auto loaded = load("[" + abort_case("must") + "]");
  FakeServer server(blob_server(204));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Fail);
  EXPECT_NE(run.only().reason.find("status"), std::string::npos) << run.only().reason;
  EXPECT_EQ(run.only().requirement, "The requirement.");
}

TEST(Executor, NonStrictWhenAShouldCaseDoesNotHold) {
  auto loaded = load("[" + abort_case("should") + "]");
  FakeServer server(blob_server(204));
  EXPECT_EQ(run_all(loaded->catalog, server.port()).only().result, ResultKind::NonStrict);
  FakeServer conforming(blob_server(409, "CopyIdMismatch"));
  EXPECT_EQ(run_all(loaded->catalog, conforming.port()).only().result, ResultKind::Pass);
}

TEST(Executor, InfoCasesRecordWhatWasSeen) {
  auto loaded = load("[" + abort_case("info") + "]");
  FakeServer server(blob_server(204));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Info);
  EXPECT_NE(run.only().actual.find("204"), std::string::npos) << run.only().actual;
}

TEST(Executor, SkipWhenTheTargetLacksACapability) {
  std::string text = abort_case("must");
  text.replace(text.find("\"tags\""), 0, R"("requires": ["pending-copy"], )");
  auto loaded = load("[" + text + "]");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Skip);
  EXPECT_NE(run.only().reason.find("pending-copy"), std::string::npos);
  EXPECT_TRUE(server.seen().empty()) << "a skipped instance sends nothing";
  auto with = run_all(loaded->catalog, server.port(), false, {{"pending-copy", "declared"}});
  EXPECT_EQ(with.only().result, ResultKind::Pass) << with.only().reason;
}

// With a bearer token and no key: a case whose steps carry no auth runs; one that names Shared Key
// needs the key; an instance at a version without bearer tokens (its own, or one a step sends) is
// skipped with the reason.
TEST(Executor, ABearerRunNeedsTheKeyOnlyWhereACaseNamesItAndAVersionThatTakesTokens) {
  auto with = [](std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  const std::string request_end = R"("copy_id": "{{uuid}}" } })";
  std::string named = with(abort_case("must", "named"), request_end, R"("copy_id": "{{uuid}}" }, "auth": "shared-key" })");
  std::string versioned = with(abort_case("must", "versioned"), "\"tags\"", R"("versions": ["2017-07-29", "2017-11-09"], "tags")");
  std::string old_header = with(abort_case("must", "old-header"), request_end,
                                R"("copy_id": "{{uuid}}" }, "headers": {"x-ms-version": "2015-04-05"} })");
  std::string delegated = with(abort_case("must", "delegated"), request_end,
                               R"("copy_id": "{{uuid}}" }, "auth": {"sas": {"kind": "user-delegation", "key": "{{k}}"}} })");
  std::string service = with(abort_case("must", "service"), request_end,
                             R"("copy_id": "{{uuid}}" }, "auth": {"sas": {"kind": "service"}} })");
  auto loaded = load("[" + abort_case("must", "plain") + "," + named + "," + versioned + "," + old_header + "," + delegated +
                     "," + service + "]");
  run::TargetContext bearer;
  bearer.bearer = [] { return Result<std::string>(std::string("t.o.k")); };
  bearer.lacking["shared-key"] = "the connection string has no AccountKey";
  std::map<std::string, std::string> gaps;
  for (const auto& instance : run::expand_instances(loaded->catalog, kLatest)) {
    std::string why = run::missing_capabilities(*instance.test_case, bearer, &loaded->catalog);
    if (why.empty()) why = run::bearer_version_gap(instance, bearer);
    gaps[instance.id] = why;
  }
  EXPECT_EQ(gaps["t/g/plain"], "");
  EXPECT_NE(gaps["t/g/named"].find("shared-key (shared-key: the connection string has no AccountKey)"), std::string::npos)
      << gaps["t/g/named"];
  EXPECT_NE(gaps["t/g/versioned@2017-07-29"].find("a bearer token needs x-ms-version 2017-11-09 or later"), std::string::npos);
  EXPECT_EQ(gaps["t/g/versioned@2017-11-09"], "");
  EXPECT_NE(gaps["t/g/old-header"].find("a bearer token needs x-ms-version 2017-11-09"), std::string::npos);
  // A user-delegation SAS is signed with a delegation key, a service SAS with the account's.
  EXPECT_EQ(gaps["t/g/delegated"], "");
  EXPECT_NE(gaps["t/g/service"].find("shared-key"), std::string::npos);
  // Without a token, a step without auth is signed with the key: the target needs it.
  run::TargetContext keyless;
  EXPECT_NE(run::missing_capabilities(loaded->catalog.groups[0]->cases[0], keyless).find("shared-key"),
            std::string::npos);
  // With the key and a token, unnamed steps sign with the key: no version is too old for them.
  auto key = auth::make_account_key("devstoreaccount1", testing::kDevstoreKey);
  bearer.key = &*key;
  bearer.capabilities["shared-key"] = "test";
  for (const auto& instance : run::expand_instances(loaded->catalog, kLatest)) {
    EXPECT_EQ(run::missing_capabilities(*instance.test_case, bearer, &loaded->catalog), "") << instance.id;
    EXPECT_EQ(run::bearer_version_gap(instance, bearer), "") << instance.id;
  }
}

TEST(Executor, ErrorWhenSetupBreaks) {
  auto loaded = load("[" + abort_case("must") + "]");
  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.method == "PUT" && !request.has_param("comp")) azure_error(response, 500, "InternalError");
    else response.status = 202;
  });
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Error);
  EXPECT_NE(run.only().reason.find("setup failed at /cases/0/setup/0"), std::string::npos) << run.only().reason;
}

TEST(Executor, ErrorOnATransportFailure) {
  auto loaded = load("[" + abort_case("must") + "]");
  uint16_t closed_port;
  {
    FakeServer gone(blob_server(409));
    closed_port = static_cast<uint16_t>(gone.port());
  }
  auto run = run_all(loaded->catalog, closed_port);
  EXPECT_EQ(run.only().result, ResultKind::Error);
  EXPECT_NE(run.only().reason.find("transport error"), std::string::npos) << run.only().reason;
}

TEST(Executor, InconclusiveWhenAPreconditionIsNotMet) {
  auto loaded = load(R"([{
    "id": "c", "description": "A precondition that the server does not meet.", "level": "must", "tags": ["pending-copy"],
    "setup": [ { "op": "create_container" },
               { "op": "get_blob_properties", "args": { "blob": "dst" },
                 "expect": { "headers": { "x-ms-copy-status": "pending" } }, "on_mismatch": "inconclusive" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 204 } }])");
  FakeServer server(blob_server(204));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Inconclusive);
  EXPECT_NE(run.only().reason.find("x-ms-copy-status"), std::string::npos) << run.only().reason;
  // Without on_mismatch the same failure is an ERROR.
  auto strict = load(R"([{
    "id": "c", "description": "A precondition that the server does not meet.", "level": "must", "tags": ["pending-copy"],
    "setup": [ { "op": "create_container" },
               { "op": "get_blob_properties", "args": { "blob": "dst" },
                 "expect": { "headers": { "x-ms-copy-status": "pending" } } } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 204 } }])");
  EXPECT_EQ(run_all(strict->catalog, server.port()).only().result, ResultKind::Error);
}

TEST(Executor, OutcomesFirstHoldingGradeDecides) {
  auto loaded = load(R"([{
    "id": "c", "description": "Graded outcomes.", "level": "must", "tags": ["wrong-copy-id"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "outcomes": [ { "grade": "pass", "expect": { "status": 409, "error_code": "CopyIdMismatch" } },
                  { "grade": "inconclusive", "expect": { "status": 409 }, "reason": "another 409" },
                  { "grade": "info", "expect": { "status": 400 }, "reason": "a 400 is informative" },
                  { "grade": "fail", "expect": { "status": 500 }, "reason": "a server error" } ] }])");
  FakeServer pass(blob_server(409, "CopyIdMismatch"));
  EXPECT_EQ(run_all(loaded->catalog, pass.port()).only().result, ResultKind::Pass);
  FakeServer inconclusive(blob_server(409, "NoPendingCopyOperation"));
  auto second = run_all(loaded->catalog, inconclusive.port());
  EXPECT_EQ(second.only().result, ResultKind::Inconclusive);
  EXPECT_EQ(second.only().reason, "another 409");
  FakeServer info(blob_server(400, "InvalidQueryParameterValue"));
  EXPECT_EQ(run_all(loaded->catalog, info.port()).only().result, ResultKind::Info);
  FakeServer graded_fail(blob_server(500, "InternalError"));
  EXPECT_EQ(run_all(loaded->catalog, graded_fail.port()).only().result, ResultKind::Fail);
  FakeServer none(blob_server(204));
  auto unmatched = run_all(loaded->catalog, none.port());
  EXPECT_EQ(unmatched.only().result, ResultKind::Fail);
  EXPECT_EQ(unmatched.only().reason, "the response matched none of the outcomes");
}

TEST(Executor, SavedValuesFlowIntoLaterStepsAndThenRunsOnlyAfterAPass) {
  auto loaded = load(R"([{
    "id": "c", "description": "The copy id saved from Copy Blob is sent by the abort.", "level": "must",
    "tags": ["completed-copy"],
    "setup": [ { "op": "create_container" },
               { "op": "copy_blob", "args": { "blob": "dst", "source_blob": "src" },
                 "save": { "copy_id": "header:x-ms-copy-id" } } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{copy_id}}" } },
    "expect": { "status": 409 },
    "then": [ { "op": "get_blob_properties", "args": { "blob": "dst" },
                "expect": { "headers": { "x-ms-copy-id": "{{copy_id}}" } } } ] }])");
  std::string copy_source;
  FakeServer server([&](const httplib::Request& request, httplib::Response& response) {
    if (request.has_header("x-ms-copy-source")) {
      copy_source = request.get_header_value("x-ms-copy-source");
      response.status = 202;
      response.set_header("x-ms-copy-id", "aaaaaaaa-0000-4000-8000-000000000001");
    } else if (request.has_param("copyid")) {
      if (request.get_param_value("copyid") == "aaaaaaaa-0000-4000-8000-000000000001") azure_error(response, 409, "NoPendingCopyOperation");
      else azure_error(response, 409, "CopyIdMismatch");
    } else if (request.method == "HEAD" || request.method == "GET") {
      response.status = 200;
      response.set_header("x-ms-copy-id", "aaaaaaaa-0000-4000-8000-000000000001");
    } else {
      response.status = request.method == "DELETE" ? 202 : 201;
    }
  });
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  EXPECT_EQ(copy_source, "http://127.0.0.1:" + std::to_string(server.port()) + "/devstoreaccount1/bc-test-0000/src");
  auto seen = server.seen();
  EXPECT_NE(std::find_if(seen.begin(), seen.end(), [](const std::string& s) { return s.rfind("HEAD ", 0) == 0; }), seen.end())
      << "then ran";
  EXPECT_EQ(seen.back().rfind("DELETE /devstoreaccount1/bc-test-0000?restype=container", 0), 0u) << seen.back();
}

TEST(Executor, AThenStepThatDoesNotHoldFailsTheCase) {
  auto loaded = load(R"([{
    "id": "c", "description": "The blob is unchanged afterwards.", "level": "must", "tags": ["completed-copy"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 409 },
    "then": [ { "op": "get_blob_properties", "args": { "blob": "dst" },
                "expect": { "status": 200, "headers": { "content-length": "5" } } } ] }])");
  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.has_param("copyid")) azure_error(response, 409, "NoPendingCopyOperation");
    else if (request.method == "HEAD") { response.status = 200; response.set_header("Content-Length", "0"); }
    else response.status = request.method == "DELETE" ? 202 : 201;
  });
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Fail);
  EXPECT_NE(run.only().reason.find("/cases/0/then/0"), std::string::npos) << run.only().reason;
}

TEST(Executor, ThenIsSkippedWhenTheRequestFails) {
  auto loaded = load(R"([{
    "id": "c", "description": "Then does not run after a failed request.", "level": "must", "tags": ["completed-copy"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": { "status": 409 },
    "then": [ { "op": "get_blob_properties", "args": { "blob": "dst" } } ] }])");
  FakeServer server(blob_server(204));
  auto run = run_all(loaded->catalog, server.port());
  EXPECT_EQ(run.only().result, ResultKind::Fail);
  for (const auto& s : server.seen()) EXPECT_NE(s.rfind("HEAD ", 0), 0u) << "then ran after a FAIL";
}

TEST(Executor, WhenListsPickTheVariantOfTheInstanceVersion) {
  auto loaded = load(R"([{
    "id": "c", "description": "The error code header is required from 2017-07-29.", "level": "must",
    "tags": ["version"], "versions": ["2015-04-05", "2017-07-29"],
    "setup": [ { "op": "create_container" } ],
    "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
    "expect": [ { "when": "<2017-07-29", "status": 409 },
                { "when": ">=2017-07-29", "status": 409, "headers": { "x-ms-version": "{{version}}" } } ] }])");
  FakeServer server([](const httplib::Request& request, httplib::Response& response) {
    if (request.has_param("copyid")) {
      azure_error(response, 409, "CopyIdMismatch");
      response.set_header("x-ms-version", "2015-04-05");  // always the old version
    } else {
      response.status = request.method == "DELETE" ? 202 : 201;
    }
  });
  auto run = run_all(loaded->catalog, server.port());
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_EQ(run.results[0].id, "t/g/c@2015-04-05");
  EXPECT_EQ(run.results[0].result, ResultKind::Pass) << run.results[0].reason;
  EXPECT_EQ(run.results[1].result, ResultKind::Fail) << "the >=2017-07-29 variant applies there";
  auto requests = server.requests();
  bool saw_old = false;
  for (const auto& r : requests) saw_old |= r.get_header_value("x-ms-version") == "2015-04-05";
  EXPECT_TRUE(saw_old) << "the instance version is sent";
}

TEST(Executor, KeepLeavesTheContainer) {
  auto loaded = load("[" + abort_case("must") + "]");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  run_all(loaded->catalog, server.port(), /*keep=*/true);
  for (const auto& s : server.seen()) EXPECT_NE(s.rfind("DELETE", 0), 0u) << s;
}

TEST(Executor, RecordedExchangesHaveNoSignature) {
  auto loaded = load("[" + abort_case("must") + "]");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto run = run_all(loaded->catalog, server.port());
  ASSERT_FALSE(run.only().exchanges.empty());
  std::string signature;
  for (const auto& r : server.requests()) {
    std::string authorization = r.get_header_value("Authorization");
    ASSERT_EQ(authorization.rfind("SharedKey devstoreaccount1:", 0), 0u);
    signature = authorization.substr(std::string("SharedKey devstoreaccount1:").size());
  }
  for (const auto& e : run.only().exchanges) {
    for (const auto& [name, value] : e.exchange.request.headers) {
      EXPECT_EQ(value.find(signature), std::string::npos) << name;
      if (name == "Authorization") {
        EXPECT_EQ(value, "SharedKey devstoreaccount1:REDACTED");
      }
    }
  }
}

// A target that stops answering ends the run after kUnansweredInARow instances in a row got no
// answer; an instance skipped in between (it sent nothing) neither counts nor starts the count again.
TEST(Executor, ASkippedInstanceDoesNotRestartTheUnansweredCount) {
  std::string cases = "[";
  for (int i = 0; i < 12; ++i) {
    std::string one = abort_case("must", "c" + std::to_string(i));
    if (i == 3) one.replace(one.find("\"tags\""), 0, "\"requires\": [\"https\"], ");
    cases += (i ? "," : "") + one;
  }
  auto loaded = load(cases + "]");
  int port = 0;
  {
    FakeServer gone(blob_server(409, "CopyIdMismatch"));
    port = gone.port();
  }  // nothing listens there any more: every connection is refused
  auto outcome = run_all(loaded->catalog, port);
  EXPECT_TRUE(outcome.stopped_early);
  size_t errors = 0, skipped = 0;
  for (const auto& r : outcome.results) {
    errors += r.result == ResultKind::Error;
    skipped += r.result == ResultKind::Skip;
  }
  EXPECT_EQ(skipped, 1u);
  EXPECT_EQ(errors, run::kUnansweredInARow) << "the skip restarted the count";
}

TEST(Executor, ResultsComeInSelectionOrderWhateverTheJobs) {
  std::string many = "[";
  for (int i = 0; i < 12; ++i) many += (i ? "," : "") + abort_case("must", "c" + std::to_string(i));
  auto loaded = load(many + "]");
  FakeServer server(blob_server(409, "CopyIdMismatch"));
  auto outcome = run_all(loaded->catalog, server.port(), false, {}, nullptr, 4);
  ASSERT_EQ(outcome.results.size(), 12u);
  for (size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(outcome.results[i].id, "t/g/c" + std::to_string(i));
    EXPECT_EQ(outcome.results[i].container, "bc-test-" + std::string(i < 10 ? "000" : "00") + std::to_string(i));
    EXPECT_EQ(outcome.results[i].result, ResultKind::Pass);
  }
}

}  // namespace
}  // namespace blobconform
