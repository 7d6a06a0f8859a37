#include "harness/netfuzz/answer_oracles.h"

#include <algorithm>
#include <vector>

#include "harness/auth/canonicalized_resource.h"
#include "harness/cases/expectation_json.h"
#include "harness/check/expectation.h"

namespace blobconform::netfuzz {
namespace {

using nlohmann::json;

struct Oracle {
  const char* name;  // empty: the outcome passes
  const char* reason;
  const char* expect;
  bool only_unauthenticated = false;
};

// In order: the first that holds decides.
const Oracle kOracles[] = {
    {"server-error", "a 5xx answer", R"({ "status": "5xx" })"},
    {"unauthenticated-success", "a 2xx answer though the signature does not match", R"({ "status": "2xx" })", true},
    {"error-without-request-id", "an error without x-ms-request-id",
     R"({ "status": "4xx", "headers": { "x-ms-request-id": { "present": false } } })"},
    {"", "refused as a client error",
     R"({ "status": "4xx", "headers": { "x-ms-error-code": { "agrees_with_xml": "Code" } } })"},
    {"error-code-mismatch", "x-ms-error-code differs from the XML Code", R"({ "status": "4xx" })"},
    {"", "accepted, or not an error", R"({ "status": ["1xx", "2xx", "3xx"] })"},
};

struct Compiled {
  std::string oracle;
  check::Expectation expect;
};

std::vector<Compiled> compile(bool unauthenticated) {
  std::vector<Compiled> out;
  for (const auto& o : kOracles) {
    if (o.only_unauthenticated && !unauthenticated) continue;
    auto expect = cases::expectation_from_json(json::parse(o.expect), "/outcomes");
    out.push_back({o.name, std::move(expect.value())});  // fixed texts: a unit test reads them all
  }
  return out;
}

// A timeout of 0 or less in the request's query: the front end answers 500 OperationTimedOut by
// design, the time being used up before the request starts (azure-front-end.md §1).
bool timeout_used_up(const std::string& target) {
  auto question = target.find('?');
  if (question == std::string::npos) return false;
  auto query = auth::parse_query(std::string_view(target).substr(question + 1));
  if (!query) return false;
  return std::any_of(query->begin(), query->end(), [](const auth::QueryParameter& p) {
    return p.name == "timeout" && (p.value == "0" || (p.value.size() > 1 && p.value[0] == '-'));
  });
}

// Its code in the XML body, or in x-ms-error-code alone (a HEAD), never two codes.
bool operation_timed_out(const transport::Response& response) {
  static const check::Expectation in_xml = cases::expectation_from_json(json::parse(R"({ "status": 500,
      "headers": { "x-ms-request-id": { "present": true }, "x-ms-error-code": { "agrees_with_xml": "Code" } },
      "body": { "xml": { "Code": "OperationTimedOut" } } })"), "/outcomes").value();
  static const check::Expectation in_header = cases::expectation_from_json(json::parse(R"({ "status": 500,
      "headers": { "x-ms-request-id": { "present": true }, "x-ms-error-code": "OperationTimedOut" }, "body": { "empty": true } })"),
      "/outcomes").value();
  return check::evaluate(in_xml, response, {}).empty() || check::evaluate(in_header, response, {}).empty();
}

}  // namespace

json answer_outcomes(bool unauthenticated) {
  json outcomes = json::array();
  for (const auto& o : kOracles) {
    if (o.only_unauthenticated && !unauthenticated) continue;
    bool fails = *o.name != '\0';
    outcomes.push_back({{"grade", fails ? "fail" : "pass"},
                        {"expect", json::parse(o.expect)},
                        {"reason", fails ? std::string(o.name) + ": " + o.reason : std::string(o.reason)}});
  }
  return outcomes;
}

std::optional<Verdict> judge_answer(const transport::Exchange& exchange, bool unauthenticated) {
  if (!exchange.response) return Verdict{"no-response", exchange.transport_error};
  static const std::vector<Compiled> kSigned = compile(false), kUnsigned = compile(true);
  const transport::Response& response = *exchange.response;
  std::optional<transport::Response> as_5xx;  // RFC 9110 §15: a status above 599 is treated as a 5xx
  if (response.status > 599) {
    as_5xx = response;
    as_5xx->status = 500;
  }
  if (timeout_used_up(exchange.request.target) && operation_timed_out(response)) {
    return std::nullopt;
  }
  for (const auto& outcome : unauthenticated ? kUnsigned : kSigned) {
    if (!check::evaluate(outcome.expect, as_5xx ? *as_5xx : response, {}).empty()) continue;
    if (outcome.oracle.empty()) return std::nullopt;
    return Verdict{outcome.oracle, "answered " + check::describe(response), response.status};
  }
  // Not reached: the outcomes cover every status from 100 to 599.
  return Verdict{"server-error", "answered " + check::describe(response), response.status};
}

}  // namespace blobconform::netfuzz
