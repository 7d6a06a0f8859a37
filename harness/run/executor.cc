#include "harness/run/executor.h"

#include <chrono>
#include <functional>
#include <set>

#include "harness/auth/service_version.h"
#include "harness/cases/variables.h"
#include "harness/engine/step_runner.h"
#include "harness/run/copy_race.h"
#include "harness/run/redaction.h"
#include "harness/wire/encoding.h"

namespace blobconform::run {
namespace {

using cases::AuthSpec;
using cases::ExpectSpec;
using cases::Step;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

using engine::Phase;
using engine::StepOutcome;

class InstanceRun {
 public:
  InstanceRun(const Instance& instance, const InstanceContext& context)
      : instance_(instance),
        case_(*instance.test_case),
        context_(context),
        runner_(access(), *context.client, scope_, events()) {}

  InstanceResult run() {
    auto started = SteadyClock::now();
    secrets_.add(context_.target->secrets);
    fill_identity();
    std::string missing = missing_capabilities(case_, *context_.target, context_.catalog);
    if (missing.empty()) missing = bearer_version_gap(instance_, *context_.target);
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
      if (!filled) return finish(ResultKind::Error, case_.field_pointer("let") + "/" + name + ": " + filled.error().message);
      scope_.values[name] = *filled;
    }

    for (const Step& step : case_.setup) {
      if (out_of_time()) return;
      StepOutcome outcome = run_step(step, Phase::Setup);
      if (outcome.kind == StepOutcome::Kind::Held) continue;
      if (out_of_time()) return;  // a poll cut short by the case timeout
      result_.expected = outcome.expected;
      result_.actual = outcome.actual;
      result_.mismatches = outcome.mismatches;
      if (outcome.kind == StepOutcome::Kind::Mismatch && step.inconclusive_on_mismatch) {
        return finish(ResultKind::Inconclusive, "precondition not met at " + step.pointer + ": " + outcome.reason);
      }
      if (outcome.kind == StepOutcome::Kind::Mismatch) race_.in_question(step, last_answered_);
      std::string what = step.op.empty() ? step.pointer : step.pointer + " (" + step.op + ")";
      return finish(ResultKind::Error, "setup failed at " + what + ": " + outcome.reason);
    }

    if (out_of_time() || !judge_request()) return;

    for (const Step& step : case_.then) {
      if (out_of_time()) return;
      StepOutcome outcome = run_step(step, Phase::Then);
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
    auto exchange = send(step, Phase::Request);
    if (!exchange) {
      finish(ResultKind::Error, "request: " + exchange_error_);
      return false;
    }
    const transport::Response& response = *exchange->response;
    race_.in_question(step, last_answered_);
    result_.actual = check::describe(response);
    if (auto saved = runner_.save(step, response); !saved.empty()) {
      // The answer lacks what the case reads from it (a header, an XML element): the server's
      // deviation, graded as the case's level says.
      result_.expected = "the answer to carry what " + step.pointer + "/save reads";
      finish(by_level_when_not_held(), "request: " + saved + " (it answered " + result_.actual + ")");
      return false;
    }

    if (case_.expect) {
      auto verdict = runner_.evaluate(*case_.expect, case_.pointer + "/expect", response);
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
      auto verdict = runner_.evaluate(outcome.expect, case_.pointer + "/outcomes/" + std::to_string(i) + "/expect", response);
      if (verdict.kind == StepOutcome::Kind::Broken) {
        finish(ResultKind::Error, verdict.reason);
        return false;
      }
      expected.push_back(std::string(cases::grade_name(outcome.grade)) + ": " + verdict.expected);
      if (verdict.kind != StepOutcome::Kind::Held) continue;
      result_.expected = join(expected, " | ");
      if (outcome.grade == cases::Grade::Pass) {
        finish(case_.level == cases::Level::Info ? ResultKind::Info : ResultKind::Pass, outcome.reason);
        return case_.level != cases::Level::Info;
      }
      if (outcome.grade == cases::Grade::Inconclusive) finish(ResultKind::Inconclusive, outcome.reason);
      else if (outcome.grade == cases::Grade::Info) finish(ResultKind::Info, outcome.reason);
      else finish(case_.level == cases::Level::Info ? ResultKind::Info : by_level_when_not_held(),
                  outcome.reason.empty() ? "the response matched an outcome graded fail" : outcome.reason);
      return false;
    }
    result_.expected = join(expected, " | ");
    finish(by_level_when_not_held(), "the response matched none of the outcomes");
    return false;
  }

  // Under a method that races for a pending copy (copy_race.h), a verdict against the server is
  // checked against the destination once more: a copy that concluded on its own no later than the
  // request was answered ends the instance INCONCLUSIVE, with the observed status and times.
  void judge_race() {
    if (!context_.target->pending_copy_races) return;
    if (result_.result != ResultKind::Fail && result_.result != ResultKind::NonStrict &&
        result_.result != ResultKind::Error) {
      return;
    }
    auto blob = race_.blob(case_);
    if (!blob) return;
    Step step;
    step.pointer = "(race check)";
    step.op = "get_blob_properties";
    step.args["blob"] = *blob;
    auto exchange = send(step, Phase::RaceCheck);
    if (!exchange) return;
    if (auto lost = race_.lost(exchange->response->headers, result_.reason)) finish(ResultKind::Inconclusive, *lost);
  }

  static std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
    return out;
  }

  engine::Access access() const {
    engine::Access access;
    access.catalog = context_.catalog;
    access.target = context_.target->target;
    access.key = context_.target->key;
    access.bearer = context_.target->bearer;
    access.no_role_bearer = context_.target->no_role_bearer;
    access.user_agent = context_.target->user_agent;
    access.version = instance_.version;
    return access;
  }

  // What the engine tells the instance: secrets to hide, exchanges to record (a poll keeps its
  // last), and each answer, which is refused when it echoes another request's client request id.
  engine::StepEvents events() {
    engine::StepEvents events;
    events.built = [this](const cases::BuiltRequest& built) {
      secrets_.add(built.secrets);
      context_.target->sent_ids->add(built.client_request_id);
    };
    events.exchanged = [this](const Step& step, Phase phase, int attempt, bool retry, const transport::Exchange& exchange) {
      if (context_.budget) context_.budget->count(exchange_bytes(exchange));
      if (exchange.response) secrets_.add_carried_by(exchange.response->body);
      std::string name = retry ? "retry" : engine::phase_name(phase);
      RecordedExchange recorded{name, step.pointer, redact(exchange, secrets_), attempt};
      if (attempt > 1 && !retry && !result_.exchanges.empty() && result_.exchanges.back().pointer == step.pointer &&
          result_.exchanges.back().phase == name) {
        result_.exchanges.back() = std::move(recorded);
      } else {
        result_.exchanges.push_back(std::move(recorded));
      }
    };
    events.answered = [this](const Step& step, Phase phase, const transport::Response& response) -> std::optional<std::string> {
      const std::string& sent = runner_.client_request_id();
      if (auto echoed = transport::find_header(response.headers, "x-ms-client-request-id");
          echoed && *echoed != sent && context_.target->sent_ids->contains(*echoed)) {
        auto shown = [](const std::string& id) { return id.size() > 80 ? id.substr(0, 80) + "..." : id; };
        return "the response carries the x-ms-client-request-id of another request of this run (\"" + shown(*echoed) +
               "\", not \"" + shown(sent) + "\"): an answer to another request";
      }
      if (step.op == "create_container" && response.status == 201 &&
          (step.args.find("container") == step.args.end() || step.args.at("container") == json("{{container}}"))) {
        created_container_ = true;
      }
      last_answered_ = transport::find_header(response.headers, "Date").value_or("");
      if (phase == Phase::Setup) race_.saw_setup(step, response.headers);
      return std::nullopt;
    };
    return events;
  }

  // A container the instance creates carries the run's id in its metadata (never blobs: cases
  // check blob metadata), so that `cleanup` can tell the run's leftovers from anything else.
  const Step& tagged(const Step& step) {
    if (step.op != "create_container" || context_.run_id.empty()) return step;
    tagged_ = step;
    tagged_.headers.emplace_back(std::string("x-ms-meta-") + kRunIdMetadata, context_.run_id);
    return tagged_;
  }

  // Sends one step through the engine; on failure, the reason with every secret hidden.
  std::optional<transport::Exchange> send(const Step& step, Phase phase) {
    auto exchange = runner_.send(tagged(step), phase);
    if (!exchange) {
      exchange_error_ = scrub(exchange.error().message, secrets_);
      return std::nullopt;
    }
    return std::move(*exchange);
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

  std::string host_header() const { return transport::host_header(context_.target->target->endpoint); }

  StepOutcome run_step(const Step& step, Phase phase) {
    if (!step.is_fixture()) return runner_.run(tagged(step), phase, case_deadline_);
    StepOutcome outcome;
    if (auto done = context_.fixtures->perform(step, context_.container); !done) {
      outcome.kind = StepOutcome::Kind::Broken;
      outcome.reason = done.error().message;
    }
    return outcome;
  }

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
    auto exchange = send(step, Phase::Cleanup);
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
  engine::StepRunner runner_;
  Step tagged_;  // tagged()'s copy
  bool created_container_ = false;
  SteadyClock::time_point case_deadline_ = SteadyClock::now() + context_.case_timeout;
  std::string exchange_error_;
  std::string last_answered_;  // the Date of the last answer
  CopyRace race_;
  Secrets secrets_;
};

// Whether `holds` holds for a step of `c` (setup, request, then; fixture steps aside).
bool any_step(const cases::Case& c, const std::function<bool(const Step&)>& holds) {
  for (const auto& s : c.setup)
    if (!s.is_fixture() && holds(s)) return true;
  for (const auto& s : c.then)
    if (!s.is_fixture() && holds(s)) return true;
  return holds(c.request);
}

// A user-delegation SAS: signed with a key Get User Delegation Key gave, not the account's.
bool delegated(const Step& s) {
  auto kind = s.auth.sas.find("kind");
  return kind != s.auth.sas.end() && kind->second == "user-delegation";
}

// Whether a step of `c` signs with the account's key: Shared Key (Lite) named, a service or account SAS, a source URL
// with a SAS (a blob_sas_url arg), or a step without `auth` unless the run signs those with its
// bearer token.
bool uses_shared_key(const cases::Case& c, bool bearer, const cases::Catalog* catalog) {
  auto signs_a_source = [catalog](const Step& s) {
    if (!catalog || s.op.empty()) return false;
    auto op = catalog->operations.find(s.op);
    if (op == catalog->operations.end()) return false;
    for (const auto& [name, spec] : op->second.args) {
      if (spec.kind == "blob_sas_url" && s.args.count(name)) return true;
    }
    return false;
  };
  return any_step(c, [&](const Step& s) {
    return s.auth.scheme == AuthSpec::Scheme::SharedKey || s.auth.scheme == AuthSpec::Scheme::SharedKeyLite ||
           (s.auth.scheme == AuthSpec::Scheme::Sas && !delegated(s)) ||
           (s.auth.scheme == AuthSpec::Scheme::Default && !bearer) ||
           signs_a_source(s);
  });
}

bool uses_shared_key_lite(const cases::Case& c) {
  return any_step(c, [](const Step& s) { return s.auth.scheme == AuthSpec::Scheme::SharedKeyLite; });
}

}  // namespace

std::string missing_capabilities(const cases::Case& test_case, const TargetContext& target, const cases::Catalog* catalog) {
  std::vector<std::string> needed = test_case.capabilities_required;
  bool bearer_default = target.bearer && !target.key;
  if (uses_shared_key(test_case, bearer_default, catalog)) needed.push_back("shared-key");
  if (uses_shared_key_lite(test_case)) needed.push_back("shared-key-lite");
  // A bearer step without a literal token sends the run's, or its claims.
  if (any_step(test_case, [](const Step& s) {
        return s.auth.scheme == AuthSpec::Scheme::Bearer && !s.auth.token && !s.auth.without_role;
      })) {
    needed.push_back("bearer-token");
  }
  if (any_step(test_case, [](const Step& s) { return s.auth.scheme == AuthSpec::Scheme::Bearer && s.auth.without_role; })) {
    needed.push_back("identity-without-role");
  }
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

std::string bearer_version_gap(const Instance& instance, const TargetContext& target) {
  if (!target.bearer || target.key) return {};  // unnamed steps sign with the key when there is one
  constexpr const char* kBearerSince = "2017-11-09";
  // The instance's version, or one a step sets in its x-ms-version header.
  auto too_old = [&](const Step& s) {
    if (s.auth.scheme != AuthSpec::Scheme::Default) return false;
    std::string version = instance.version;
    for (const auto& [name, value] : s.headers) {
      if (wire::iequals(name, "x-ms-version")) version = value.value_or("");
    }
    return !auth::version_at_least(version, kBearerSince);
  };
  if (!any_step(*instance.test_case, too_old)) return {};
  return std::string("a bearer token needs x-ms-version ") + kBearerSince +
         " or later, and a step of this instance signs with the run's token at an older version or none";
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
