#include "harness/netfuzz/fuzz_run.h"

#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness/auth/redaction.h"
#include "harness/cases/request_builder.h"
#include "harness/cases/variables.h"
#include "harness/check/error_body.h"
#include "harness/netfuzz/finding_writer.h"
#include "harness/netfuzz/minimizer.h"
#include "harness/transport/raw_client.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"

namespace blobconform::netfuzz {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr int kCopyWaitSeconds = 30;
constexpr uint64_t kProgressEvery = 100;

// What the destination looks like to Get Blob Properties: an abort that finds no pending copy
// must leave all of it as it was.
struct Snapshot {
  int status = 0;
  std::string etag, copy_status, copy_id, length, lease;
  bool operator==(const Snapshot&) const = default;
  std::string describe() const {
    return std::to_string(status) + " etag " + etag + ", copy " + copy_status + " " + copy_id + ", length " + length +
           ", lease " + lease;
  }
};

struct Sent {
  std::optional<transport::Exchange> exchange;
  transport::Request request;
  cases::Step step;  // as sent (auth none when the mutated request could not be signed)
  std::map<std::string, std::string> vars;  // the variables it was built with
};


class FuzzRun {
 public:
  explicit FuzzRun(const FuzzOptions& options) : o_(options) {
    const auto& endpoint = o_.target.endpoint;
    host_ = transport::host_header(endpoint);
    origin_ = transport::origin(endpoint);
    vars_["container"] = o_.container;
    vars_["account"] = o_.target.account;
    vars_["version"] = o_.version;
    vars_["endpoint"] = origin_ + o_.target.base_path;
    timeouts_.connect = std::chrono::seconds(5);
    timeouts_.read = kFuzzRequestTimeout;
    timeouts_.total = kFuzzRequestTimeout;
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
  // ---- sending ------------------------------------------------------------------------------
  Result<transport::Request> build(cases::Step& step) {
    cases::Scope scope;
    scope.values = vars_;
    scope.new_uuid = cases::new_uuid_v4;
    cases::RequestContext context;
    context.account = o_.target.account;
    context.base_path = o_.target.base_path;
    context.origin = origin_;
    context.host_header = host_;
    context.version = o_.version;
    context.user_agent = o_.user_agent;
    context.now = wire::Clock::now();
    context.key = o_.key;
    auto built = cases::build_request(step, *o_.catalog, scope, context);
    if (!built && step.auth.scheme != cases::AuthSpec::Scheme::None) {
      step.auth = cases::AuthSpec{};  // a request Shared Key cannot sign (a malformed %-escape) goes unsigned
      step.auth.scheme = cases::AuthSpec::Scheme::None;
      built = cases::build_request(step, *o_.catalog, scope, context);
    }
    if (!built) return built.error();
    return built->request;
  }

  Sent send(cases::Step step) {
    Sent sent;
    sent.vars = vars_;
    auto request = build(step);
    sent.step = std::move(step);
    if (!request) return sent;
    request->exact = true;
    sent.request = *request;
    sent.exchange = transport::send_raw(o_.target.endpoint, o_.tls, timeouts_, *request);
    return sent;
  }

  // A setup step through an operation of operations.json; true when it got a 2xx.
  Result<transport::Response> operation(const std::string& op, std::map<std::string, json> args) {
    cases::Step step;
    step.pointer = "(fuzz setup " + op + ")";
    step.op = op;
    step.args = std::move(args);
    auto sent = send(step);
    if (!sent.exchange) return fail(op + ": the request cannot be built");
    if (!sent.exchange->response) return fail(op + ": " + sent.exchange->transport_error);
    return *sent.exchange->response;
  }

  // ---- the destination ------------------------------------------------------------------------
  Result<Snapshot> snapshot(const std::string& blob = "dst") {
    auto response = operation("get_blob_properties", {{"blob", blob}});
    if (!response) return response.error();
    auto header = [&](const char* name) { return transport::find_header(response->headers, name).value_or(""); };
    return Snapshot{response->status, header("ETag"), header("x-ms-copy-status"), header("x-ms-copy-id"),
                    header("Content-Length"), header("x-ms-lease-state")};
  }

  // A fresh completed copy in dst; its copy id becomes {{copy_id}}.
  Result<bool> make_destination() {
    auto copied = operation("copy_blob", {{"blob", "dst"}, {"source_blob", "src"}});
    if (!copied) return copied.error();
    auto id = transport::find_header(copied->headers, "x-ms-copy-id");
    if (copied->status != 202 || !id) return fail("copy_blob: expected 202 with x-ms-copy-id, got " + std::to_string(copied->status));
    vars_["copy_id"] = *id;
    auto deadline = SteadyClock::now() + std::chrono::seconds(kCopyWaitSeconds);
    for (;;) {
      auto now = snapshot();
      if (!now) return now.error();
      if (now->copy_status == "success") {
        baseline_ = *now;
        return true;
      }
      if (SteadyClock::now() >= deadline) return fail("the setup copy did not complete: " + now->describe());
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }

  // A copy held pending by the gated source in "pending"; its copy id becomes {{pending_copy_id}}.
  Result<bool> make_pending() {
    auto copied = operation("copy_blob", {{"blob", "pending"}, {"source_url", o_.pending_source_url}});
    if (!copied) return copied.error();
    auto id = transport::find_header(copied->headers, "x-ms-copy-id");
    if (copied->status != 202 || !id) return fail("copy_blob (pending): got " + std::to_string(copied->status));
    vars_["pending_copy_id"] = *id;
    auto now = snapshot("pending");
    if (!now) return now.error();
    if (now->copy_status != "pending") return fail("the gated source's copy is not pending: " + now->describe());
    pending_baseline_ = *now;
    return true;
  }

  Result<bool> set_up() {
    for (auto [op, args] : std::vector<std::pair<std::string, std::map<std::string, json>>>{
             {"create_container", {}},
             {"put_blob", {{"blob", "src"}, {"body", "hello"}}},
             {"put_blob", {{"blob", "scratch"}, {"body", "scratch"}}}}) {
      auto response = operation(op, args);
      if (!response) return response.error();
      if (response->status / 100 != 2) return fail(op + ": got " + std::to_string(response->status));
      created_ |= op == "create_container";
    }
    if (auto made = make_destination(); !made) return made;
    if (o_.pending_source_url.empty()) return true;
    return make_pending();
  }

  void clean_up() {
    if (created_ && !o_.keep) (void)operation("delete_container", {});
  }

  // ---- judging ------------------------------------------------------------------------------
  // Aborts go to the completed copy, or every other one to the pending copy when there is one.
  bool aims_at_pending(const Draw& drawn) const {
    return drawn.op == BaseOp::Abort && !pending_baseline_.copy_id.empty() && drawn.second_destination;
  }

  std::optional<Verdict> try_draw(const Draw& drawn, Sent* out = nullptr) {
    bool pending = aims_at_pending(drawn);
    cases::Step step = base_step(drawn.op, drawn.op != BaseOp::Abort ? "scratch" : pending ? "pending" : "dst");
    if (pending) (*step.raw_query)[1].second = "{{pending_copy_id}}";
    for (const auto& m : drawn.mutations) apply(m, step);
    step.auth.tamper = drawn.after_signing;
    Sent sent = send(step);
    ++summary_.sent;
    auto verdict = judge(sent);
    // The destination is checked (and restored when it changed) whatever the verdict, so that
    // the next request finds it as the baseline says.
    std::optional<Verdict> changed;
    if (pending) changed = pending_changed(sent);
    else if (drawn.op == BaseOp::Abort) changed = destination_changed();
    if (!verdict) verdict = changed;
    if (out) *out = std::move(sent);
    return verdict;
  }

  std::optional<Verdict> judge(const Sent& sent) {
    if (!sent.exchange) return std::nullopt;  // not sendable (a template problem): nothing was sent
    bool unauthenticated = sent.step.auth.scheme == cases::AuthSpec::Scheme::None || sent.step.auth.tamper;
    return judge_answer(*sent.exchange, unauthenticated);
  }

  std::optional<Verdict> destination_changed() {
    auto now = snapshot();
    if (!now || *now == baseline_) return std::nullopt;
    Verdict verdict{"destination-changed", "from " + baseline_.describe() + " to " + now->describe()};
    (void)operation("delete_blob", {{"blob", "dst"}});
    if (!make_destination()) return verdict;
    return verdict;
  }

  // The pending copy may be aborted by a request the server accepts; by one whose signature does
  // not match, never. Either way a fresh pending copy replaces a changed one.
  std::optional<Verdict> pending_changed(const Sent& sent) {
    auto now = snapshot("pending");
    if (!now || *now == pending_baseline_) return std::nullopt;
    bool unauthenticated = sent.step.auth.scheme == cases::AuthSpec::Scheme::None || sent.step.auth.tamper;
    std::optional<Verdict> verdict;
    if (unauthenticated) {
      verdict = Verdict{"destination-changed", "the pending copy went from " + pending_baseline_.describe() + " to " +
                                                   now->describe() + " after a request whose signature does not match"};
    }
    (void)operation("delete_blob", {{"blob", "pending"}});
    (void)make_pending();
    return verdict;
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
    std::string kind_of_answer = verdict.oracle + "|" + verdict.detail.substr(0, verdict.detail.find(' ', 9));
    if (per_class_[kind_of_answer]++ >= kMaxFindingsPerClass) {
      ++summary_.suppressed;
      return true;
    }
    if (verdict.oracle == "no-response" || verdict.oracle == "server-error") {
      if (!snapshot()) {
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
    replace_all(o_.container, "<container>");
    auto var = [&sent](const char* name) {
      auto found = sent.vars.find(name);
      return found == sent.vars.end() ? std::string() : found->second;
    };
    replace_all(var("copy_id"), "<copy-id>");
    replace_all(var("pending_copy_id"), "<pending-copy-id>");
    json line = {{"index", index}, {"op", static_cast<int>(drawn.op)}, {"after_signing", drawn.after_signing},
                 {"step", step_json(sent.step)}, {"bytes", wire::base64_encode(bytes)}};
    log_ << line.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }

  const FuzzOptions& o_;
  std::string host_, origin_;
  std::map<std::string, std::string> vars_;
  transport::Timeouts timeouts_;
  Snapshot baseline_, pending_baseline_;
  bool created_ = false;
  std::set<std::string> seen_, written_;
  std::map<std::string, size_t> per_class_;
  std::ofstream log_;
  FuzzSummary summary_;
};

}  // namespace

std::optional<Verdict> judge_answer(const transport::Exchange& exchange, bool unauthenticated) {
  if (!exchange.response) return Verdict{"no-response", exchange.transport_error};
  const auto& response = *exchange.response;
  std::string status = std::to_string(response.status);
  if (response.status >= 500) return Verdict{"server-error", "answered " + status};
  if (response.status >= 400) {
    if (!transport::find_header(response.headers, "x-ms-request-id")) {
      return Verdict{"error-without-request-id", "answered " + status + " without x-ms-request-id"};
    }
    auto header = transport::find_header(response.headers, "x-ms-error-code");
    auto body = check::parse_error_body(response.body);
    if (header && body && *header != body->code) {
      return Verdict{"error-code-mismatch", "x-ms-error-code " + *header + " but the XML Code is " + body->code};
    }
  } else if (response.status >= 200 && response.status < 300 && unauthenticated) {
    return Verdict{"unauthenticated-success", "answered " + status + " though the signature does not match"};
  }
  return std::nullopt;
}

Result<FuzzSummary> run_fuzz(const FuzzOptions& options) {
  if (!options.key) return fail("fuzz: the target's connection string has no AccountKey");
  if (!options.catalog) return fail("fuzz: no operations");
  return FuzzRun(options).run();
}

}  // namespace blobconform::netfuzz
