#include "harness/engine/step_runner.h"

#include <algorithm>
#include <thread>

#include "harness/check/error_body.h"
#include "harness/check/regex.h"

namespace blobconform::engine {
namespace {

using cases::Step;
using SteadyClock = std::chrono::steady_clock;

bool retryable(const Step& step, const std::string& method, Phase phase, const transport::Exchange& exchange) {
  if (phase != Phase::Setup && phase != Phase::Cleanup) return false;
  if (method != "GET" && method != "HEAD" && method != "DELETE" && step.op != "create_container") return false;
  if (!exchange.response) return exchange.transport_error.find("reset") != std::string::npos;
  int status = exchange.response->status;
  return status == 408 || status == 429 || status == 500 || status == 503;
}

}  // namespace

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::Setup: return "setup";
    case Phase::Request: return "request";
    case Phase::Then: return "then";
    case Phase::Cleanup: return "cleanup";
    case Phase::RaceCheck: return "race-check";
  }
  return "setup";
}

StepRunner::StepRunner(Access access, transport::HttpClient& client, cases::Scope& scope, StepEvents events)
    : access_(std::move(access)), client_(client), scope_(scope), events_(std::move(events)) {
  const auto& target = *access_.target;
  context_.account = target.account;
  context_.base_path = target.base_path;
  context_.host_header = transport::host_header(target.endpoint);
  context_.origin = target.endpoint.scheme + "://" + context_.host_header;
  context_.version = access_.version;
  context_.user_agent = access_.user_agent;
  context_.key = access_.key;
  context_.bearer = access_.bearer;
  context_.no_role_bearer = access_.no_role_bearer;
}

Result<transport::Exchange> StepRunner::send(const Step& step, Phase phase, int attempt) {
  for (int retry = 0;; ++retry) {
    context_.now = wire::Clock::now();
    auto built = step.scheme.empty() ? cases::build_request(step, *access_.catalog, scope_, context_)
                                     : build_over_plain_http(step);
    if (!built) return built.error();
    built->request.exact |= access_.exact;
    client_request_id_ = built->client_request_id;
    if (events_.built) events_.built(*built);
    transport::Exchange exchange = client_.send(built->request);
    if (events_.exchanged) events_.exchanged(step, phase, attempt + retry, retry > 0, exchange);
    if (retry < kMaxRetries && retryable(step, built->request.method, phase, exchange)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kRetryBackoffMs << retry));
      continue;
    }
    if (!exchange.response) return fail("transport error: " + exchange.transport_error);
    if (events_.answered) {
      if (auto refused = events_.answered(step, phase, *exchange.response)) return fail(*refused);
    }
    return exchange;
  }
}

// A step with "scheme": "http": built for the account's plain-HTTP endpoint (its Host and URLs),
// and sent there.
Result<cases::BuiltRequest> StepRunner::build_over_plain_http(const Step& step) const {
  const auto& http = access_.target->http_endpoint;
  if (!http) return fail(step.pointer + "/scheme: no plain-HTTP endpoint of the account is known (--http-endpoint)");
  cases::RequestContext context = context_;
  context.host_header = transport::host_header(*http);
  context.origin = transport::origin(*http);
  context.in_clear = !transport::is_loopback(*http);
  auto built = cases::build_request(step, *access_.catalog, scope_, context);
  if (built) built->request.endpoint = *http;
  return built;
}

StepOutcome StepRunner::run(const Step& step, Phase phase, SteadyClock::time_point deadline) {
  StepOutcome outcome;
  double interval = step.poll ? step.poll->interval_s : 0;
  if (step.poll) {
    deadline = std::min(deadline, SteadyClock::now() + std::chrono::milliseconds(int64_t(step.poll->timeout_s * 1000)));
  } else {
    deadline = SteadyClock::now();  // one attempt
  }
  for (int attempt = 1;; ++attempt) {
    auto exchange = send(step, phase, attempt);
    if (!exchange) {
      outcome.kind = StepOutcome::Kind::Broken;
      outcome.reason = exchange.error().message;
      return outcome;
    }
    const transport::Response& response = *exchange->response;
    bool refused = !step.expect && (response.status < 200 || response.status >= 300);
    if (auto saved = refused ? std::string() : save(step, response); !saved.empty()) {
      // The value a later step needs is not in the answer: the answer, whole, says why.
      outcome.kind = StepOutcome::Kind::Mismatch;
      outcome.actual = check::describe(response);
      outcome.reason = saved + " (it answered " + outcome.actual + ")";
    } else if (step.expect) {
      outcome = evaluate(*step.expect, step.pointer + "/expect", response);
      if (outcome.kind != StepOutcome::Kind::Mismatch) return outcome;
    } else {
      if (!refused) return StepOutcome{};
      outcome.kind = StepOutcome::Kind::Mismatch;
      outcome.expected = "a 2xx status";
      outcome.actual = check::describe(response);
      outcome.reason = "expected a 2xx status, got " + outcome.actual;
    }
    if (!step.poll || SteadyClock::now() >= deadline) return outcome;
    auto remaining = std::chrono::duration<double>(deadline - SteadyClock::now()).count();
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(interval, std::max(remaining, 0.0))));
    interval = std::min(interval * 2, step.poll->max_interval_s);
  }
}

StepOutcome StepRunner::evaluate(const cases::ExpectSpec& expect, const std::string& pointer,
                                 const transport::Response& response) {
  StepOutcome outcome;
  const auto* variant = cases::select_variant(expect, access_.version);
  if (!variant) {
    outcome.kind = StepOutcome::Kind::Broken;
    outcome.reason = pointer + ": no \"when\" holds for version " + access_.version;
    return outcome;
  }
  check::Expectation expectation = variant->expect;
  std::string broken;
  check::edit_texts(expectation, [&](std::string& text, bool pattern) {
    if (text.find("{{") == std::string::npos) return true;
    auto filled = fill_text(text);
    if (!filled) {
      broken = pointer + ": " + filled.error().message;
      return false;
    }
    if (pattern) {
      if (auto compiled = check::compile_regex(*filled); !compiled) {
        broken = pointer + ": /" + *filled + "/: " + compiled.error().message;
        return false;
      }
    }
    text = std::move(*filled);
    return true;
  });
  if (!broken.empty()) {
    outcome.kind = StepOutcome::Kind::Broken;
    outcome.reason = broken;
    return outcome;
  }
  outcome.expected = check::describe(expectation);
  outcome.actual = check::describe(response);
  outcome.mismatches = check::evaluate(expectation, response, check::Context{access_.version});
  if (!outcome.mismatches.empty()) {
    outcome.kind = StepOutcome::Kind::Mismatch;
    const auto& first = outcome.mismatches.front();
    outcome.reason = first.field + ": expected " + first.expected + ", got " + first.actual;
    if (outcome.mismatches.size() > 1) outcome.reason += " (+" + std::to_string(outcome.mismatches.size() - 1) + " more)";
  }
  return outcome;
}

std::string StepRunner::save(const Step& step, const transport::Response& response) {
  for (const auto& [name, source] : step.save) {
    std::optional<std::string> value;
    if (source == "status") {
      value = std::to_string(response.status);
    } else if (source == "body") {
      value = response.body;
    } else if (source.rfind("header:", 0) == 0) {
      value = transport::find_header(response.headers, source.substr(7));
    } else if (source.rfind("xml:", 0) == 0) {
      auto text = check::xml_text(response.body, source.substr(4));
      if (text) value = *text;
    }
    if (!value) return step.pointer + "/save/" + name + ": the response has no " + source;
    scope_.values[name] = *value;
  }
  return {};
}

// A text of an expectation with its variables filled: the scope's, and the client request id the
// step sent.
Result<std::string> StepRunner::fill_text(const std::string& text) const {
  return cases::substitute(text, [&](const std::string& name, std::string& value) {
    if (name == "client_request_id") {
      value = client_request_id_;
      return true;
    }
    auto found = scope_.values.find(name);
    if (found == scope_.values.end()) return false;
    value = found->second;
    return true;
  });
}

}  // namespace blobconform::engine
