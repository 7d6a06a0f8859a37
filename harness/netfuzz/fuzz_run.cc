#include "harness/netfuzz/fuzz_run.h"

#include <cctype>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "harness/cases/loader.h"
#include "harness/engine/step_runner.h"
#include "harness/netfuzz/finding_writer.h"
#include "harness/netfuzz/fuzz_fixture.h"
#include "harness/netfuzz/minimizer.h"
#include "harness/transport/raw_client.h"
#include "harness/wire/encoding.h"

namespace blobconform::netfuzz {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr int kCopyWaitSeconds = 30;  // a fixture step's deadline (a copy completing, polled)
constexpr uint64_t kProgressEvery = 100;

struct Sent {
  std::optional<transport::Exchange> exchange;
  transport::Request request;
  cases::Step step;  // as sent (auth none when the mutated request could not be signed)
  std::map<std::string, std::string> vars;  // the variables it was built with
};

transport::Timeouts fuzz_timeouts() {
  transport::Timeouts timeouts;
  timeouts.connect = std::chrono::seconds(5);
  timeouts.read = kFuzzRequestTimeout;
  timeouts.total = kFuzzRequestTimeout;
  return timeouts;
}

// Every request goes through the step engine: the fixture's steps (fuzz_fixture.h) on the
// keep-alive client, the mutated requests through the raw writer, exactly as drawn.
class FuzzRun {
 public:
  explicit FuzzRun(const FuzzOptions& options)
      : o_(options),
        client_(o_.target.endpoint, o_.tls, fuzz_timeouts()),
        fixture_runner_(access(false), client_, scope_),
        fuzz_runner_(access(true), client_, scope_, capture()) {
    scope_.values["container"] = o_.container;
    scope_.values["account"] = o_.target.account;
    scope_.values["version"] = o_.version;
    scope_.values["endpoint"] = transport::origin(o_.target.endpoint) + o_.target.base_path;
    if (!o_.pending_source_url.empty()) scope_.values["pending_source_url"] = o_.pending_source_url;
  }

  Result<FuzzSummary> run() {
    if (!o_.log_file.empty()) {
      log_.open(o_.log_file, std::ios::binary);
      if (!log_) return fail("--log: cannot write " + o_.log_file);
    }
    if (auto ready = set_up(); !ready) {
      clean_up();
      return ready.error();
    }
    auto began = SteadyClock::now();
    for (uint64_t index = 0;; ++index) {
      if (o_.requests && index >= o_.requests) break;
      if (o_.duration.count() && SteadyClock::now() - began >= o_.duration) break;
      if (o_.stop && *o_.stop) break;
      Draw drawn = draw(o_.seed, index);
      ++summary_.drawn;
      Sent sent;
      auto verdict = try_draw(drawn, &sent);
      log_request(index, drawn, sent);
      if (verdict && !handle_finding(index, drawn, *verdict)) break;
      if (o_.progress && (index + 1) % kProgressEvery == 0) {
        o_.progress("fuzz: " + std::to_string(index + 1) + " requests, " + std::to_string(summary_.findings.size()) +
                    " findings");
      }
    }
    clean_up();
    return summary_;
  }

 private:
  engine::Access access(bool exact) const {
    engine::Access access;
    access.catalog = o_.catalog;
    access.target = &o_.target;
    access.key = o_.key;
    access.user_agent = o_.user_agent;
    access.version = o_.version;
    access.exact = exact;
    return access;
  }

  // The mutated request's exchange, answered or not: the oracles judge both.
  engine::StepEvents capture() {
    engine::StepEvents events;
    events.exchanged = [this](const cases::Step&, engine::Phase, int, bool, const transport::Exchange& exchange) {
      captured_ = exchange;
    };
    return events;
  }

  // ---- sending ------------------------------------------------------------------------------
  Sent send(cases::Step step) {
    Sent sent;
    sent.vars = scope_.values;
    captured_.reset();
    (void)fuzz_runner_.send(step, engine::Phase::Request);
    if (!captured_ && step.auth.scheme != cases::AuthSpec::Scheme::None) {
      step.auth = cases::AuthSpec{};  // a request Shared Key cannot sign (a malformed %-escape) goes unsigned
      step.auth.scheme = cases::AuthSpec::Scheme::None;
      (void)fuzz_runner_.send(step, engine::Phase::Request);
    }
    sent.step = std::move(step);
    if (captured_) {
      sent.request = captured_->request;
      sent.exchange = std::move(captured_);
    }
    return sent;
  }

  // Runs fixture steps in order; the first that does not hold is the error.
  Result<void> run_steps(const std::vector<cases::Step>& steps) {
    for (const auto& step : steps) {
      auto deadline = SteadyClock::now() + std::chrono::seconds(kCopyWaitSeconds);
      auto outcome = fixture_runner_.run(step, engine::Phase::Setup, deadline);
      if (outcome.kind != engine::StepOutcome::Kind::Held) {
        return fail(step.op + " (fuzz setup " + step.pointer + "): " + outcome.reason);
      }
      created_ |= step.op == "create_container";
    }
    return {};
  }

  Result<std::vector<cases::Step>> steps(const json& list, const std::string& name) {
    return cases::read_steps(list, *o_.catalog, "(fuzz " + name + ")");
  }

  Result<void> set_up() {
    bool pending = !o_.pending_source_url.empty();
    for (auto [list, into, name] : {std::tuple{fixture_setup(pending), &setup_, "setup"},
                                   {restore_destination(), &restore_destination_, "restore"},
                                   {restore_pending(), &restore_pending_, "restore"},
                                   {destination_unchanged(), &destination_check_, "check"},
                                   {pending_unchanged(), &pending_check_, "check"}}) {
      auto read = steps(list, name);
      if (!read) return read.error();
      *into = std::move(*read);
    }
    if (!pending) restore_pending_.clear(), pending_check_.clear();
    for (size_t op = 0; op < kBaseOps; ++op) {
      if (auto base = base_step(static_cast<BaseOp>(op), false, *o_.catalog); !base) return base.error();
    }
    return run_steps(setup_);
  }

  void clean_up() {
    if (!created_ || o_.keep) return;
    cases::Step step;
    step.pointer = "(fuzz cleanup)";
    step.op = "delete_container";
    (void)fixture_runner_.send(step, engine::Phase::Cleanup);
  }

  // ---- judging ------------------------------------------------------------------------------
  // An abort goes to the pending copy when there is one and the draw says so (second_destination, a coin toss),
  // else to the completed copy.
  bool aims_at_pending(const Draw& drawn) const {
    return drawn.op == BaseOp::Abort && !pending_check_.empty() && drawn.second_destination;
  }

  static bool unauthenticated(const cases::Step& step) {
    return step.auth.scheme == cases::AuthSpec::Scheme::None || step.auth.tamper;
  }

  std::optional<Verdict> try_draw(const Draw& drawn, Sent* out = nullptr) {
    bool pending = aims_at_pending(drawn);
    auto base = base_step(drawn.op, pending, *o_.catalog);
    if (!base) return std::nullopt;  // set_up() checked that every base request builds
    cases::Step step = std::move(*base);
    for (const auto& m : drawn.mutations) apply(m, step);
    step.auth.tamper = drawn.after_signing;
    Sent sent = send(step);
    ++summary_.sent;
    auto verdict = judge(sent);
    // The state is checked after every request (and restored when it changed) whatever the
    // verdict, so that the next request finds it as set up. No request may change the completed
    // copy; the pending copy only an abort of it that the server could authenticate.
    auto changed = state_changed(destination_check_, restore_destination_, "the completed copy", true);
    bool may_abort_pending = pending && !unauthenticated(sent.step);
    auto changed_pending = state_changed(pending_check_, restore_pending_, "the pending copy", !may_abort_pending);
    if (!verdict) verdict = changed ? changed : changed_pending;
    if (out) *out = std::move(sent);
    return verdict;
  }

  std::optional<Verdict> judge(const Sent& sent) {
    if (!sent.exchange) return std::nullopt;  // not sendable (a template problem): nothing was sent
    return judge_answer(*sent.exchange, unauthenticated(sent.step));
  }

  // Runs a state check; when it does not hold, restores the state and, when `report`, says how it
  // changed. A check that got no answer is left to the oracles that judge answers.
  std::optional<Verdict> state_changed(const std::vector<cases::Step>& check, const std::vector<cases::Step>& restore,
                                       const std::string& what, bool report) {
    if (check.empty()) return std::nullopt;
    auto outcome = fixture_runner_.run(check.front(), engine::Phase::Then, SteadyClock::now());
    if (outcome.kind != engine::StepOutcome::Kind::Mismatch) return std::nullopt;
    (void)run_steps(restore);
    if (!report) return std::nullopt;
    return Verdict{"destination-changed", what + " changed: " + outcome.reason};
  }

  // Whether the target still answers a plain, valid request.
  bool answers() {
    auto outcome = fixture_runner_.run(destination_check_.front(), engine::Phase::Then, SteadyClock::now());
    return outcome.kind != engine::StepOutcome::Kind::Broken;
  }

  // ---- findings -------------------------------------------------------------------------------
  static std::string kinds(const std::vector<Mutation>& mutations) {
    std::set<std::string> names;
    for (const auto& m : mutations) names.insert(kind_name(m.kind));
    std::string out;
    for (const auto& n : names) out += n + ",";
    return out;
  }

  // Records, minimizes and writes a finding; false when the server stopped answering.
  bool handle_finding(uint64_t index, const Draw& drawn, const Verdict& verdict) {
    // The same oracle again, from a draw that contains a known finding's minimal mutations: the
    // same cause, most likely. Not minimized again.
    for (const auto& known : summary_.findings) {
      if (known.oracle != verdict.oracle) continue;
      bool contains = true;
      for (const auto& m : known.draw.mutations) {
        bool found = false;
        for (const auto& d : drawn.mutations) found |= d.kind == m.kind && d.variant == m.variant;
        contains &= found;
      }
      if (contains) return true;
    }
    std::string key = verdict.oracle + "|" + kinds(drawn.mutations) + (drawn.after_signing ? "|after" : "");
    if (!seen_.insert(key).second) return true;
    // Past a few of one oracle and answer, more are counted, not minimized and written.
    std::string kind_of_answer = verdict.oracle + "|" + (verdict.status != 0 ? std::to_string(verdict.status)
                                                                              : verdict.detail.substr(0, verdict.detail.find(' ', 9)));
    if (per_class_[kind_of_answer]++ >= kMaxFindingsPerClass) {
      ++summary_.suppressed;
      return true;
    }
    if (verdict.oracle == "no-response" || verdict.oracle == "server-error") {
      if (!answers()) {
        summary_.findings.push_back({"server-stopped-answering",
                                     "a valid Get Blob Properties got no answer after request " + std::to_string(index),
                                     index, drawn, "", ""});
        return false;
      }
    }
    Draw minimal = drawn;
    minimal.mutations = minimize(drawn.mutations, [&](const std::vector<Mutation>& candidate) {
      Draw attempt = drawn;
      attempt.mutations = candidate;
      auto again = try_draw(attempt);
      return again && again->oracle == verdict.oracle;
    });
    Sent sent;
    auto final_verdict = try_draw(minimal, &sent);
    if (!final_verdict || final_verdict->oracle != verdict.oracle) {  // flaky: keep what was seen first
      minimal = drawn;
      final_verdict = try_draw(minimal, &sent);
      if (!final_verdict) final_verdict = verdict;
    }
    Finding finding{verdict.oracle, final_verdict->detail, index, minimal, "", ""};
    if (!written_.insert(verdict.oracle + "|" + kinds(minimal.mutations)).second) return true;  // same cause
    if (!o_.findings_dir.empty() && sent.exchange) {
      FindingRecord record{&finding, &sent.step, &sent.request, o_.seed};
      auto written = write_finding(o_.findings_dir, record, finding.bytes_file);
      finding.case_file = written ? *written : "(not written: " + written.error().message + ")";
    }
    if (o_.progress) o_.progress("finding: " + finding.oracle + " (" + finding.detail + ") " + finding.case_file);
    summary_.findings.push_back(std::move(finding));
    return true;
  }

  // One NDJSON line per drawn request: the step, and the bytes as sent with what changes from run
  // to run (dates, signatures, request ids, the container, the copy id) replaced by placeholders.
  void log_request(uint64_t index, const Draw& drawn, const Sent& sent) {
    if (!log_) return;
    std::string bytes = transport::serialize_request(sent.request);
    auto replace_all = [&bytes](const std::string& from, const std::string& to) {
      if (from.empty()) return;
      for (size_t at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + to.size())) {
        bytes.replace(at, from.size(), to);
      }
    };
    for (const auto& [name, value] : sent.request.headers) {
      if (wire::iequals(name, "Authorization")) replace_all(value, "<authorization>");
      if (wire::iequals(name, "x-ms-date")) replace_all(value, "<date>");
      if (wire::iequals(name, "x-ms-client-request-id")) replace_all(value, "<request-id>");
    }
    auto var = [&sent](const char* name) {
      auto found = sent.vars.find(name);
      return found == sent.vars.end() ? std::string() : found->second;
    };
    for (auto [name, placeholder] : {std::pair{"copy_id", "<copy-id>"}, {"pending_copy_id", "<pending-copy-id>"},
                                     {"container", "<container>"}}) {
      std::string value = var(name), upper = value;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      replace_all(value, placeholder);
      replace_all(upper, placeholder);  // a mutation may send it in upper case
    }
    json line = {{"index", index}, {"op", base_op_name(drawn.op)}, {"after_signing", drawn.after_signing},
                 {"step", step_json(sent.step)}, {"bytes", wire::base64_encode(bytes)}};
    log_ << line.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }

  const FuzzOptions& o_;
  cases::Scope scope_;
  transport::HttpClient client_;
  engine::StepRunner fixture_runner_, fuzz_runner_;
  std::optional<transport::Exchange> captured_;
  std::vector<cases::Step> setup_, restore_destination_, restore_pending_, destination_check_, pending_check_;
  bool created_ = false;
  std::set<std::string> seen_, written_;
  std::map<std::string, size_t> per_class_;
  std::ofstream log_;
  FuzzSummary summary_;
};

}  // namespace

Result<FuzzSummary> run_fuzz(const FuzzOptions& options) {
  if (!options.key) return fail("fuzz: the target's connection string has no AccountKey");
  if (!options.catalog) return fail("fuzz: no operations");
  return FuzzRun(options).run();
}

}  // namespace blobconform::netfuzz
