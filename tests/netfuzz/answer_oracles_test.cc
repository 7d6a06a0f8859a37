// The answer oracles: each fires on its answer and on nothing else, and a finding's case, loaded by
// the case loader, grades every answer as the fuzzer does (one definition for both).
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/netfuzz/answer_oracles.h"
#include "tests/support/command.h"

namespace blobconform::netfuzz {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string error_xml(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>m</Message></Error>";
}

struct Sample {
  const char* what;
  int status;
  transport::HeaderList headers;
  std::string body;
  bool unauthenticated;
  const char* oracle;  // "" for none
};

std::vector<Sample> samples() {
  const transport::HeaderList id = {{"x-ms-request-id", "r"}};
  const transport::HeaderList id_code = {{"x-ms-request-id", "r"}, {"x-ms-error-code", "InvalidQueryParameterValue"}};
  return {
      {"503", 503, id, "", false, "server-error"},
      {"500 to an unsigned request", 500, id, "", true, "server-error"},
      {"500 OperationTimedOut to a timeout that was not used up", 500, id, error_xml("OperationTimedOut"), false, "server-error"},
      {"a status above 599", 650, id, "", false, "server-error"},
      {"202 signed", 202, id, "", false, ""},
      {"202 unsigned", 202, id, "", true, "unauthenticated-success"},
      {"304 unsigned", 304, id, "", true, ""},
      {"400 without a request id", 400, {{"x-ms-error-code", "X"}}, "", false, "error-without-request-id"},
      {"403 unsigned without a request id", 403, {}, "", true, "error-without-request-id"},
      {"400, header and XML agree", 400, id_code, error_xml("InvalidQueryParameterValue"), false, ""},
      {"400, header and XML differ", 400, id_code, error_xml("InvalidHeaderValue"), false, "error-code-mismatch"},
      {"403 unsigned, header and XML differ", 403, id_code, error_xml("AuthenticationFailed"), true,
       "error-code-mismatch"},
      {"404 to a HEAD: no body", 404, id_code, "", false, ""},
      {"400, XML without a header", 400, id, error_xml("InvalidUri"), false, ""},
      {"400, a body that is not XML", 400, id_code, "Bad Request", false, ""},
  };
}

transport::Exchange answered(const Sample& s) {
  transport::Exchange exchange;
  exchange.response = transport::Response{s.status, "", "HTTP/1.1", s.headers, s.body};
  return exchange;
}

TEST(AnswerOracles, EachFiresOnItsAnswerAndOnNothingElse) {
  for (const auto& s : samples()) {
    auto verdict = judge_answer(answered(s), s.unauthenticated);
    EXPECT_EQ(verdict ? verdict->oracle : "", s.oracle) << s.what;
    if (verdict) {
      EXPECT_EQ(verdict->status, s.status) << s.what;
      EXPECT_EQ(verdict->detail.rfind("answered " + std::to_string(s.status), 0), 0u) << verdict->detail;
    }
  }
  transport::Exchange none;
  none.transport_error = "connection closed before the status line";
  auto verdict = judge_answer(none, false);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->oracle, "no-response");
  EXPECT_EQ(verdict->detail, none.transport_error);
}

// A timeout of 0 or less is used up before the request starts: the front end's 500
// OperationTimedOut to it is the service's answer, not a finding; to any other request it is one.
TEST(AnswerOracles, TheFrontEndsAnswerToAUsedUpTimeoutIsNoFinding) {
  struct Row {
    const char* target;
    transport::HeaderList headers;
    std::string body;
    const char* oracle;
  } rows[] = {
      {"/a/c/b?comp=copy&timeout=0", {{"x-ms-request-id", "r"}}, error_xml("OperationTimedOut"), ""},
      {"/a/c/b?timeout=-5&comp=copy", {{"x-ms-request-id", "r"}, {"x-ms-error-code", "OperationTimedOut"}}, "", ""},
      {"/a/c/b?comp=copy&timeout=30", {{"x-ms-request-id", "r"}}, error_xml("OperationTimedOut"), "server-error"},
      {"/a/c/b?comp=copy&timeout=0", {{"x-ms-request-id", "r"}}, error_xml("InternalError"), "server-error"},
      {"/a/c/b?comp=copy&timeout=0", {}, error_xml("OperationTimedOut"), "server-error"},
  };
  for (const auto& row : rows) {
    transport::Exchange exchange;
    exchange.request.target = row.target;
    exchange.response = transport::Response{500, "", "HTTP/1.1", row.headers, row.body};
    auto verdict = judge_answer(exchange, false);
    EXPECT_EQ(verdict ? verdict->oracle : "", row.oracle) << row.target << " " << row.body;
  }
}

// The outcomes as a finding's case holds them: loaded and linted like any case, and graded (the
// first outcome that holds) exactly as judge_answer judges.
TEST(AnswerOracles, AFindingsCaseGradesEveryAnswerAsTheFuzzerDoes) {
  for (bool unauthenticated : {false, true}) {
    json c = {{"id", "finding"},
              {"description", "A finding's outcomes."},
              {"level", "must"},
              {"spec", json::array({{{"url", "https://www.rfc-editor.org/rfc/rfc9110"}, {"quote", "q"}, {"evidence", "doc"}}})},
              {"request", {{"op", "get_blob_properties"}, {"args", {{"blob", "b"}}}}},
              {"outcomes", answer_outcomes(unauthenticated)}};
    json group = {{"format", 1}, {"group", "g"}, {"description", "Answer oracles."}, {"cases", json::array({c})}};
    testing::TempDir dir;
    testing::write_file(dir.path() / "mine" / "g.json", group.dump(2));
    const fs::path project = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
    cases::Problems problems;
    auto catalog =
        cases::load_catalog({{(dir.path() / "mine").string()}, (project / "schema").string(), {project.string()}},
                            problems);
    if (problems.empty()) problems = cases::lint_catalog(catalog, cases::LintOptions{});
    ASSERT_TRUE(problems.empty()) << cases::to_string(problems.front());
    const cases::Case* loaded = nullptr;
    for (const auto& g : catalog.groups)
      if (g->name == "g") loaded = &g->cases.at(0);
    ASSERT_NE(loaded, nullptr);

    for (const auto& s : samples()) {
      if (s.unauthenticated != unauthenticated) continue;
      const transport::Response response = *answered(s).response;
      const cases::OutcomeSpec* decided = nullptr;
      for (const auto& outcome : loaded->outcomes) {
        if (check::evaluate(outcome.expect.variants.at(0).expect, response, {}).empty()) {
          decided = &outcome;
          break;
        }
      }
      auto verdict = judge_answer(answered(s), unauthenticated);
      if (s.status > 599) {  // no outcome holds: the case fails too, without naming the oracle
        EXPECT_EQ(decided, nullptr) << s.what;
        EXPECT_TRUE(verdict) << s.what;
        continue;
      }
      ASSERT_NE(decided, nullptr) << s.what;
      EXPECT_EQ(decided->grade == cases::Grade::Fail, verdict.has_value()) << s.what;
      if (verdict) {
        EXPECT_EQ(decided->reason.rfind(verdict->oracle + ": ", 0), 0u) << decided->reason;
      }
    }
  }
}

}  // namespace
}  // namespace blobconform::netfuzz
