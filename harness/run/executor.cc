#include "harness/run/executor.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "harness/cases/expectation_json.h"
#include "harness/cases/lint.h"
#include "harness/cases/request_builder.h"
#include "harness/cases/variables.h"
#include "harness/check/error_body.h"
#include "harness/run/redaction.h"
#include "harness/wire/http_date.h"

namespace blobconform::run {
namespace {

using cases::AuthSpec;
using cases::ExpectSpec;
using cases::Step;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// What happened to one step.
struct StepOutcome {
  enum class Kind { Held, Mismatch, Broken } kind = Kind::Held;
  std::string reason;
  std::vector<check::Mismatch> mismatches;
  std::string expected, actual;
};

class InstanceRun {
 public:
  InstanceRun(const Instance& instance, const InstanceContext& context)
      : instance_(instance), case_(*instance.test_case), context_(context) {}

  InstanceResult run() {
    auto started = SteadyClock::now();
    secrets_.add(context_.target->secrets);
    fill_identity();
    std::string missing = missing_capabilities(case_, *context_.target);
    if (!missing.empty()) {
      finish(ResultKind::Skip, missing);
    } else {
      run_steps();
      judge_race();
      cleanup();
    }
    scrub_result();
    result_.duration = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
    return std::move(result_);
  }

 private:
  // The verdict's texts may quote variables that hold a secret (a source URL with its SAS).
  void scrub_result() {
    result_.reason = scrub(std::move(result_.reason), secrets_);
    result_.expected = scrub(std::move(result_.expected), secrets_);
    result_.actual = scrub(std::move(result_.actual), secrets_);
    for (auto& mismatch : result_.mismatches) {
      mismatch.expected = scrub(std::move(mismatch.expected), secrets_);
      mismatch.actual = scrub(std::move(mismatch.actual), secrets_);
    }
  }

  void fill_identity() {
    result_.id = instance_.id;
    result_.case_id = case_.id;
    result_.group = case_.group->name;
    result_.file = case_.group->file;
    result_.description = case_.description;
    result_.level = cases::level_name(case_.level);
    result_.tags = case_.tags;
    if (!case_.spec.empty()) {
      result_.spec_url = case_.spec.front().url;
      result_.requirement = case_.spec.front().quote;
    }
    result_.version = instance_.version;
    result_.container = context_.container;
  }

  void finish(ResultKind kind, std::string reason) {
    result_.result = kind;
    result_.reason = std::move(reason);
  }

  ResultKind by_level_when_not_held() const {
    switch (case_.level) {
      case cases::Level::Must: return ResultKind::Fail;
      case cases::Level::Should: return ResultKind::NonStrict;
      case cases::Level::Info: return ResultKind::Info;
    }
    return ResultKind::Fail;
  }

  void run_steps() {
    const auto& target = *context_.target->target;
    scope_.values["container"] = context_.container;
    scope_.values["account"] = target.account;
    scope_.values["endpoint"] = target.endpoint.scheme + "://" + host_header() + target.base_path;
    scope_.values["version"] = instance_.version;
    for (const auto& [name, value] : context_.fixtures->variables(context_.container)) scope_.values[name] = value;
    for (const auto& [name, value] : case_.let) {
      auto filled = cases::substitute(value, scope_);
      if (!filled) return finish(ResultKind::Error, case_.pointer + "/let/" + name + ": " + filled.error().message);
      scope_.values[name] = *filled;
    }

    for (const Step& step : case_.setup) {
      if (out_of_time()) return;
      StepOutcome outcome = run_step(step, "setup");
      if (outcome.kind == StepOutcome::Kind::Held) continue;
      if (out_of_time()) return;  // a poll cut short by the case timeout
      result_.expected = outcome.expected;
      result_.actual = outcome.actual;
      result_.mismatches = outcome.mismatches;
      if (outcome.kind == StepOutcome::Kind::Mismatch && step.inconclusive_on_mismatch) {
        return finish(ResultKind::Inconclusive, "precondition not met at " + step.pointer + ": " + outcome.reason);
      }
      if (outcome.kind == StepOutcome::Kind::Mismatch) race_step_ = {&step, last_answered_};
      std::string what = step.op.empty() ? step.pointer : step.pointer + " (" + step.op + ")";
      return finish(ResultKind::Error, "setup failed at " + what + ": " + outcome.reason);
    }

    if (out_of_time() || !judge_request()) return;

    for (const Step& step : case_.then) {
      if (out_of_time()) return;
      StepOutcome outcome = run_step(step, "then");
      if (outcome.kind == StepOutcome::Kind::Held) continue;
      if (out_of_time()) return;
      result_.expected = outcome.expected;
      result_.actual = outcome.actual;
      result_.mismatches = outcome.mismatches;
      if (outcome.kind == StepOutcome::Kind::Broken) {
        return finish(ResultKind::Error, "then step " + step.pointer + " broke: " + outcome.reason);
      }
      return finish(by_level_when_not_held(), "after the request, " + step.pointer + " did not hold: " + outcome.reason);
    }
  }

  // The request under test: never retried, never polled. Returns true when `then` may run.
  bool judge_request() {
    const Step& step = case_.request;
    auto exchange = send(step, "request");
    if (!exchange) {
      finish(ResultKind::Error, "request: " + exchange_error_);
      return false;
    }
    const transport::Response& response = *exchange->response;
    race_step_ = {&step, last_answered_};
    result_.actual = check::describe(response);
    if (auto saved = save(step, response); !saved.empty()) {
      // The answer lacks what the case reads from it (a header, an XML element): the server's
      // deviation, graded as the case's level says.
      result_.expected = "the answer to carry what " + step.pointer + "/save reads";
      finish(by_level_when_not_held(), "request: " + saved + " (it answered " + result_.actual + ")");
      return false;
    }

    if (case_.expect) {
      auto verdict = evaluate(*case_.expect, case_.pointer + "/expect", response);
      result_.expected = verdict.expected;
      if (verdict.kind == StepOutcome::Kind::Broken) {
        finish(ResultKind::Error, verdict.reason);
        return false;
      }
      result_.mismatches = verdict.mismatches;
      if (verdict.kind == StepOutcome::Kind::Held) {
        finish(case_.level == cases::Level::Info ? ResultKind::Info : ResultKind::Pass,
               case_.level == cases::Level::Info ? "recorded: " + result_.actual : "");
        return case_.level != cases::Level::Info;
      }
      finish(by_level_when_not_held(), verdict.reason);
      return false;
    }

    std::vector<std::string> expected;
    for (size_t i = 0; i < case_.outcomes.size(); ++i) {
      const auto& outcome = case_.outcomes[i];
      auto verdict = evaluate(outcome.expect, case_.pointer + "/outcomes/" + std::to_string(i) + "/expect", response);
      if (verdict.kind == StepOutcome::Kind::Broken) {
        finish(ResultKind::Error, verdict.reason);
        return false;
      }
      expected.push_back(outcome.grade + ": " + verdict.expected);
      if (verdict.kind != StepOutcome::Kind::Held) continue;
      result_.expected = join(expected, " | ");
      if (outcome.grade == "pass") {
        finish(case_.level == cases::Level::Info ? ResultKind::Info : ResultKind::Pass, outcome.reason);
        return case_.level != cases::Level::Info;
      }
      if (outcome.grade == "inconclusive") finish(ResultKind::Inconclusive, outcome.reason);
      else if (outcome.grade == "info") finish(ResultKind::Info, outcome.reason);
      else finish(case_.level == cases::Level::Info ? ResultKind::Info : by_level_when_not_held(),
                  outcome.reason.empty() ? "the response matched an outcome graded fail" : outcome.reason);
      return false;
    }
    result_.expected = join(expected, " | ");
    finish(by_level_when_not_held(), "the response matched none of the outcomes");
    return false;
  }

  // Under a method that races for a pending copy, a verdict against the server (or a setup step
  // that did not get its answer) may only mean that the copy concluded on its own between the
  // check that saw it pending and that request. The destination is looked at once more: when its
  // copy concluded no later than the request was answered, the instance ends INCONCLUSIVE with the
  // observed status and times, never FAIL or ERROR.
  void judge_race() {
    if (!context_.target->pending_copy_races || !race_step_.step) return;
    if (result_.result != ResultKind::Fail && result_.result != ResultKind::NonStrict &&
        result_.result != ResultKind::Error) {
      return;
    }
    const auto& required = case_.capabilities_required;
    auto blob = race_step_.step->args.find("blob");
    if (std::find(required.begin(), required.end(), "pending-copy") == required.end() ||
        blob == race_step_.step->args.end() || race_step_.answered.empty()) {
      return;
    }
    Step step;
    step.pointer = "(race check)";
    step.op = "get_blob_properties";
    step.args["blob"] = blob->second;
    auto exchange = send(step, "race-check");
    if (!exchange) return;
    const auto& headers = exchange->response->headers;
    auto status = transport::find_header(headers, "x-ms-copy-status");
    auto completion = transport::find_header(headers, "x-ms-copy-completion-time");
    if (!status || (*status != "success" && *status != "failed") || !completion) return;  // it ended on its own
    auto concluded = wire::parse_rfc1123(*completion);
    auto answered = wire::parse_rfc1123(race_step_.answered);
    if (!concluded || !answered || *concluded > *answered) return;
    finish(ResultKind::Inconclusive,
           "the race for a pending copy was lost: the copy started " + copy_started_ + ", was last seen pending " +
               (last_pending_.empty() ? std::string("never") : last_pending_) + ", concluded (" + *status + ") " +
               *completion + ", and " + race_step_.step->pointer + " was answered " + race_step_.answered +
               "; the verdict would have been: " + result_.reason);
  }

  static std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
    return out;
  }

  // Substitutes the variables of an expectation and judges the response with it.
  StepOutcome evaluate(const ExpectSpec& expect, const std::string& pointer, const transport::Response& response) {
    StepOutcome outcome;
    const auto* variant = cases::select_variant(expect, instance_.version);
    if (!variant) {
      outcome.kind = StepOutcome::Kind::Broken;
      outcome.reason = pointer + ": no \"when\" holds for version " + instance_.version;
      return outcome;
    }
    auto filled = fill_json(variant->expect);
    if (!filled) {
      outcome.kind = StepOutcome::Kind::Broken;
      outcome.reason = pointer + ": " + filled.error().message;
      return outcome;
    }
    auto expectation = cases::expectation_from_json(*filled, pointer);
    if (!expectation) {
      outcome.kind = StepOutcome::Kind::Broken;
      outcome.reason = expectation.error().message;
      return outcome;
    }
    outcome.expected = check::describe(*expectation);
    outcome.actual = check::describe(response);
    outcome.mismatches = check::evaluate(*expectation, response, check::Context{instance_.version});
    if (!outcome.mismatches.empty()) {
      outcome.kind = StepOutcome::Kind::Mismatch;
      const auto& first = outcome.mismatches.front();
      outcome.reason = first.field + ": expected " + first.expected + ", got " + first.actual;
      if (outcome.mismatches.size() > 1) outcome.reason += " (+" + std::to_string(outcome.mismatches.size() - 1) + " more)";
    }
    return outcome;
  }

  Result<json> fill_json(const json& j) const {
    if (j.is_string()) {
      auto filled = cases::substitute(j.get<std::string>(), [&](const std::string& name, std::string& value) {
        if (name == "client_request_id") {
          value = client_request_id_;
          return true;
        }
        auto found = scope_.values.find(name);
        if (found == scope_.values.end()) return false;
        value = found->second;
        return true;
      });
      if (!filled) return filled.error();
      return json(*filled);
    }
    if (j.is_object() || j.is_array()) {
      json copy = j;
      for (auto& item : copy) {
        auto filled = fill_json(item);
        if (!filled) return filled.error();
        item = std::move(*filled);
      }
      return copy;
    }
    return j;
  }

  // Builds, signs and sends a step; records the exchange. nullptr-like on a transport error.
  std::optional<transport::Exchange> send(const Step& given, const std::string& phase, int attempt = 1) {
    // A container the instance creates carries the run's id in its metadata (never blobs: cases
    // check blob metadata), so that `cleanup` can tell the run's leftovers from anything else.
    Step tagged;
    const Step* step_ptr = &given;
    if (given.op == "create_container" && !context_.run_id.empty()) {
      tagged = given;
      tagged.headers.emplace_back(std::string("x-ms-meta-") + kRunIdMetadata, context_.run_id);
      step_ptr = &tagged;
    }
    const Step& step = *step_ptr;
    const auto& target = *context_.target->target;
    cases::RequestContext request_context;
    request_context.account = target.account;
    request_context.base_path = target.base_path;
    request_context.origin = target.endpoint.scheme + "://" + host_header();
    request_context.host_header = host_header();
    request_context.version = instance_.version;
    request_context.user_agent = context_.target->user_agent;
    request_context.key = context_.target->key;
    for (int retry = 0;; ++retry) {
      request_context.now = wire::Clock::now();
      auto built = cases::build_request(step, *context_.catalog, scope_, request_context);
      if (!built) {
        exchange_error_ = built.error().message;
        return std::nullopt;
      }
      secrets_.add(built->secrets);
      client_request_id_ = built->client_request_id;
      context_.target->sent_ids->add(client_request_id_);
      transport::Exchange exchange = context_.client->send(built->request);
      if (context_.budget) context_.budget->count(exchange_bytes(exchange));
      RecordedExchange recorded{retry ? "retry" : phase, step.pointer, redact(exchange, secrets_), attempt + retry};
      if (attempt > 1 && !retry && !result_.exchanges.empty() && result_.exchanges.back().pointer == step.pointer &&
          result_.exchanges.back().phase == phase) {
        result_.exchanges.back() = std::move(recorded);  // a poll keeps its last exchange
      } else {
        result_.exchanges.push_back(std::move(recorded));
      }
      if (retry < kMaxRetries && retryable(step, built->request.method, phase, exchange)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kRetryBackoffMs << retry));
        continue;
      }
      if (!exchange.response) {
        exchange_error_ = "transport error: " + scrub(exchange.transport_error, secrets_);
        return std::nullopt;
      }
      if (auto echoed = transport::find_header(exchange.response->headers, "x-ms-client-request-id");
          echoed && *echoed != client_request_id_ && context_.target->sent_ids->contains(*echoed)) {
        auto shown = [](const std::string& id) { return id.size() > 80 ? id.substr(0, 80) + "..." : id; };
        exchange_error_ = "the response carries the x-ms-client-request-id of another request of this run (\"" +
                          shown(*echoed) + "\", not \"" + shown(client_request_id_) + "\"): an answer to another request";
        return std::nullopt;
      }
      if (step.op == "create_container" && exchange.response->status == 201 &&
          (step.args.find("container") == step.args.end() ||
           step.args.at("container") == nlohmann::json("{{container}}"))) {
        created_container_ = true;
      }
      last_answered_ = transport::find_header(exchange.response->headers, "Date").value_or("");
      if (phase == "setup") note_copy_times(step, exchange.response->headers);
      return exchange;
    }
  }

  // Setup and cleanup requests that change nothing when repeated (GET, HEAD, DELETE, Create
  // Container) are retried on 408, 429, 500 and 503 and on a connection reset, as the Azure SDKs
  // do; copies, leases and the request under test never are.
  static bool retryable(const Step& step, const std::string& method, const std::string& phase,
                        const transport::Exchange& exchange) {
    if (phase != "setup" && phase != "cleanup") return false;
    if (method != "GET" && method != "HEAD" && method != "DELETE" && step.op != "create_container") return false;
    if (!exchange.response) return exchange.transport_error.find("reset") != std::string::npos;
    int status = exchange.response->status;
    return status == 408 || status == 429 || status == 500 || status == 503;
  }

  static uint64_t exchange_bytes(const transport::Exchange& exchange) {
    uint64_t bytes = exchange.request.target.size() + exchange.request.body.size();
    for (const auto& [name, value] : exchange.request.headers) bytes += name.size() + value.size() + 4;
    if (exchange.response) {
      bytes += exchange.response->body.size();
      for (const auto& [name, value] : exchange.response->headers) bytes += name.size() + value.size() + 4;
    }
    return bytes;
  }

  // Times of the setup's copy, for the race verdict: when it started and when it was last pending.
  void note_copy_times(const Step& step, const transport::HeaderList& headers) {
    auto date = transport::find_header(headers, "Date").value_or("(no Date)");
    if (step.op == "copy_blob") copy_started_ = date;
    if (transport::find_header(headers, "x-ms-copy-status") == std::optional<std::string>("pending")) {
      last_pending_ = date;
    }
  }

  std::string host_header() const { return transport::host_header(context_.target->target->endpoint); }

  // Takes the step's `save` sources; returns a reason when one is absent.
  std::string save(const Step& step, const transport::Response& response) {
    for (const auto& [name, source] : step.save) {
      std::optional<std::string> value;
      if (source == "status") {
        value = std::to_string(response.status);
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

  StepOutcome run_step(const Step& step, const std::string& phase) {
    StepOutcome outcome;
    if (step.is_fixture()) {
      auto done = context_.fixtures->perform(step, context_.container);
      if (!done) {
        outcome.kind = StepOutcome::Kind::Broken;
        outcome.reason = done.error().message;
      }
      return outcome;
    }
    double interval = step.poll ? step.poll->interval_s : 0;
    auto deadline = SteadyClock::now() + std::chrono::milliseconds(step.poll ? int64_t(step.poll->timeout_s * 1000) : 0);
    if (step.poll && SteadyClock::now() + std::chrono::milliseconds(int64_t(step.poll->timeout_s * 1000)) > case_deadline_) {
      deadline = std::min(deadline, case_deadline_);  // a poll never outlasts the case's own time
    }
    for (int attempt = 1;; ++attempt) {
      auto exchange = send(step, phase, attempt);
      if (!exchange) {
        outcome.kind = StepOutcome::Kind::Broken;
        outcome.reason = exchange_error_;
        return outcome;
      }
      const transport::Response& response = *exchange->response;
      bool refused = !step.expect && (response.status < 200 || response.status >= 300);
      if (auto saved = refused ? std::string() : save(step, response); !saved.empty()) {
        // The value a later step needs is not in the answer: the answer, whole, says why.
        outcome.kind = StepOutcome::Kind::Mismatch;
        outcome.actual = check::describe(response);
        outcome.reason = saved + " (it answered " + outcome.actual + ")";
        if (!step.poll || SteadyClock::now() >= deadline) return outcome;
      } else if (step.expect) {
        outcome = evaluate(*step.expect, step.pointer + "/expect", response);
        if (outcome.kind != StepOutcome::Kind::Mismatch || !step.poll || SteadyClock::now() >= deadline) return outcome;
      } else {
        if (response.status >= 200 && response.status < 300) return StepOutcome{};
        outcome.kind = StepOutcome::Kind::Mismatch;
        outcome.expected = "a 2xx status";
        outcome.actual = check::describe(response);
        outcome.reason = "expected a 2xx status, got " + outcome.actual;
        if (!step.poll || SteadyClock::now() >= deadline) return outcome;
      }
      auto remaining = std::chrono::duration<double>(deadline - SteadyClock::now()).count();
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(interval, std::max(remaining, 0.0))));
      interval = std::min(interval * 2, step.poll->max_interval_s);
    }
  }

  // Deletes the instance's container (if the case made it) unless --keep; never anything else.
  // The per-case timeout: past it the instance ends ERROR before its next step (each step is bounded
  // by the transport's total timeout and its own poll timeout).
  bool out_of_time() {
    if (SteadyClock::now() < case_deadline_) return false;
    finish(ResultKind::Error, "the instance ran longer than its case timeout of " +
                                  std::to_string(context_.case_timeout.count()) + " s");
    return true;
  }

  // Deletes the instance's container, and only when this instance created it.
  void cleanup() {
    if (context_.keep || !context_.target->key || !created_container_) return;
    Step step;
    step.pointer = "(cleanup)";
    step.op = "delete_container";
    step.headers.emplace_back("x-ms-version", context_.cleanup_version);
    if (!context_.catalog->operations.count(step.op)) return;
    auto exchange = send(step, "cleanup");
    if (exchange && exchange->response->status != 202 && exchange->response->status != 404 &&
        exchange->response->status != 200) {
      result_.reason += (result_.reason.empty() ? "" : "; ") + std::string("cleanup: Delete Container answered ") +
                        std::to_string(exchange->response->status);
    }
  }

  const Instance& instance_;
  const cases::Case& case_;
  const InstanceContext& context_;
  InstanceResult result_;
  cases::Scope scope_;
  std::string client_request_id_;
  bool created_container_ = false;
  SteadyClock::time_point case_deadline_ = SteadyClock::now() + context_.case_timeout;
  std::string exchange_error_;
  // For judge_race: Date headers of the setup's copy, and the step whose answer is in question.
  std::string copy_started_ = "(unseen)", last_pending_, last_answered_;
  struct {
    const Step* step = nullptr;
    std::string answered;
  } race_step_;
  Secrets secrets_;
};

bool uses_shared_key(const cases::Case& c) {
  auto uses = [](const Step& s) {
    return !s.is_fixture() && (s.auth.scheme == AuthSpec::Scheme::SharedKey || s.auth.scheme == AuthSpec::Scheme::Sas);
  };
  for (const auto& s : c.setup)
    if (uses(s)) return true;
  for (const auto& s : c.then)
    if (uses(s)) return true;
  return uses(c.request);
}

bool uses_shared_key_lite(const cases::Case& c) {
  auto uses = [](const Step& s) { return s.auth.scheme == AuthSpec::Scheme::SharedKeyLite; };
  for (const auto& s : c.setup)
    if (uses(s)) return true;
  for (const auto& s : c.then)
    if (uses(s)) return true;
  return uses(c.request);
}

}  // namespace

std::string missing_capabilities(const cases::Case& test_case, const TargetContext& target) {
  std::vector<std::string> needed = test_case.capabilities_required;
  if (uses_shared_key(test_case)) needed.push_back("shared-key");
  if (uses_shared_key_lite(test_case)) needed.push_back("shared-key-lite");
  std::set<std::string> missing;
  for (const auto& name : needed) {
    if (!target.capabilities.count(name)) missing.insert(name);
  }
  if (missing.empty()) return {};
  std::string text = "the target lacks ";
  bool first = true;
  for (const auto& name : missing) {
    text += (first ? "" : ", ") + name;
    first = false;
  }
  std::vector<std::string> why;
  for (const auto& name : missing) {
    auto found = target.lacking.find(name);
    if (found != target.lacking.end()) why.push_back(name + ": " + found->second);
    else if (name == "shared-key") why.push_back("the connection string has no AccountKey");
    else if (name == "pending-copy") why.push_back("no way to hold a copy pending is configured (--pending-copy)");
  }
  for (size_t i = 0; i < why.size(); ++i) text += (i == 0 ? " (" : "; ") + why[i] + (i + 1 == why.size() ? ")" : "");
  return text;
}

void Budget::count(uint64_t sent_bytes) {
  uint64_t r = ++requests, b = (bytes += sent_bytes);
  if ((max_requests && r >= max_requests) || (max_bytes && b >= max_bytes)) exhausted = true;
}

std::string Budget::why() const {
  if (max_requests && requests >= max_requests) return "the --max-requests budget (" + std::to_string(max_requests) + ") was reached";
  if (max_bytes && bytes >= max_bytes) return "the --max-bytes budget (" + std::to_string(max_bytes) + ") was reached";
  return {};
}

InstanceResult execute_instance(const Instance& instance, const InstanceContext& context) {
  return InstanceRun(instance, context).run();
}

}  // namespace blobconform::run
