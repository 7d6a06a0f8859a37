#include "harness/cases/lint.h"

#include "harness/wire/encoding.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "harness/cases/per_file_threads.h"
#include "harness/cases/variables.h"
#include "harness/check/version.h"

namespace blobconform::cases {
namespace {

using nlohmann::json;

const std::set<std::string> kFixtureActions = {"release", "send", "fail", "progress"};
const std::set<std::string> kSasFields = {"kind", "resource", "permissions", "version", "start", "expiry",
                                          "protocol", "ip", "identifier", "services", "resource_types",
                                          "tamper", "encryption_scope", "blob", "container", "snapshot",
                                          "key", "correlation_id"};
const std::set<std::string> kDelegationSasFields = {"key", "correlation_id"};

// Lints one case at a time; what spans cases (unique ids) is lint_catalog's.
class Linter {
 public:
  Linter(const Catalog& catalog, const LintOptions& options) : catalog_(catalog), options_(options) {}

  Problems lint(const Case& c, const std::string& file) {
    problems_.clear();
    file_ = file;
    lint_case(c);
    return std::move(problems_);
  }

 private:
  void add(const std::string& pointer, const std::string& reason) { problems_.push_back({file_, pointer, reason}); }

  void lint_case(const Case& c) {
    known_.clear();
    for (const auto& name : builtin_variable_names()) known_.insert(name);
    for (const auto& [name, value] : c.let) known_.insert(name);
    auto collect_saves = [&](const std::vector<Step>& steps) {
      for (const Step& s : steps)
        for (const auto& [name, source] : s.save) known_.insert(name);
    };
    collect_saves(c.setup);
    collect_saves({c.request});
    collect_saves(c.then);

    lint_evidence(c);
    for (const auto& [name, value] : c.let) check_text(value, c.field_pointer("let") + "/" + name, false);
    if (!catalog_.rules.empty()) {
      for (size_t i = 0; i < c.covers.size(); ++i) {
        if (!catalog_.rules.count(c.covers[i])) {
          add(c.field_pointer("covers") + "/" + std::to_string(i), "unknown rule \"" + c.covers[i] + "\" (not in rules.json)");
        }
      }
    }
    for (size_t i = 0; i < c.capabilities_required.size(); ++i) {
      if (!catalog_.capabilities.count(c.capabilities_required[i])) {
        add(c.field_pointer("requires") + "/" + std::to_string(i),
            "unknown capability \"" + c.capabilities_required[i] + "\" (not in capabilities.json)");
      }
    }
    for (size_t i = 0; i < c.versions.size(); ++i) {
      const std::string& v = c.versions[i];
      if (v != "latest" && !is_version_date(v)) {
        add(c.field_pointer("versions") + "/" + std::to_string(i), "\"" + v + "\" is not a version (YYYY-MM-DD or latest)");
      }
    }
    // Fixture steps control the gated source: only targets with pending-copy-control can run them
    // (progress too asks only for bytes that a source not held sends anyway).
    const auto& required = c.capabilities_required;
    bool controlled = std::find(required.begin(), required.end(), "pending-copy-control") != required.end();
    for (const auto* steps : {&c.setup, &c.then}) {
      for (const Step& s : *steps) {
        if (s.is_fixture() && s.fixture == "pending_source" && s.action != "progress" && !controlled) {
          add(s.pointer, "a pending_source fixture step needs the case to require \"pending-copy-control\"");
        }
      }
    }
    // Another account in the URL needs a path-style URL (host-style URLs carry none to replace).
    if (!c.request.url_account.empty() && std::find(required.begin(), required.end(), "path-style") == required.end()) {
      add(c.request.pointer + "/url_account", "a request with url_account needs the case to require \"path-style\"");
    }
    // A request over plain HTTP goes to an endpoint the target may not have; a run's token never goes there as it is.
    if (!c.request.scheme.empty()) {
      if (std::find(required.begin(), required.end(), "http-endpoint") == required.end()) {
        add(c.request.pointer + "/scheme", "a request with scheme \"http\" needs the case to require \"http-endpoint\"");
      }
      const AuthSpec& auth = c.request.auth;
      if (auth.scheme == AuthSpec::Scheme::Bearer && auth.claims.empty() && !auth.token) {
        add(c.request.pointer + "/auth", "a request over plain HTTP would send a run's bearer token in clear: change a "
                                         "claim (the token is then sent unsigned) or give a token");
      }
    }
    std::vector<std::string> versions;
    for (const auto& run : version_runs(c, options_.latest_version)) versions.push_back(run.version);
    for (const Step& s : c.setup) lint_step(s, versions);
    lint_step(c.request, versions);
    for (const Step& s : c.then) lint_step(s, versions);
    if (c.expect) lint_expect(*c.expect, c.pointer + "/expect", versions);
    for (size_t i = 0; i < c.outcomes.size(); ++i) {
      lint_expect(c.outcomes[i].expect, c.pointer + "/outcomes/" + std::to_string(i) + "/expect", versions);
    }
  }

  static bool is_version_date(const std::string& v) {
    if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (v[i] < '0' || v[i] > '9') return false;
    return true;
  }

  void check_text(const std::string& text, const std::string& pointer, bool in_expect,
                  const std::set<std::string>* args = nullptr) {
    auto names = referenced_names(text);
    if (!names) {
      add(pointer, names.error().message);
      return;
    }
    for (const auto& name : *names) {
      if (known_.count(name) || (in_expect && name == "client_request_id") || (args && args->count(name))) continue;
      add(pointer, "unknown variable \"{{" + name + "}}\"");
    }
  }

  void check_json_strings(const json& j, const std::string& pointer, bool in_expect) {
    if (j.is_string()) {
      check_text(j.get<std::string>(), pointer, in_expect);
    } else if (j.is_object()) {
      for (const auto& [key, value] : j.items()) {
        check_text(key, pointer, in_expect);
        check_json_strings(value, pointer + "/" + key, in_expect);
      }
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) check_json_strings(j[i], pointer + "/" + std::to_string(i), in_expect);
    }
  }

  void lint_step(const Step& s, const std::vector<std::string>& versions) {
    if (s.is_fixture()) {
      if (s.fixture == "clock") {
        if (s.action != "wait") add(s.pointer + "/action", "unknown clock action \"" + s.action + "\" (wait)");
        if (!s.seconds) add(s.pointer, "the wait action needs \"seconds\"");
        return;
      }
      if (s.fixture != "pending_source") {
        add(s.pointer + "/fixture", "unknown fixture \"" + s.fixture + "\" (pending_source, clock)");
      }
      if (!kFixtureActions.count(s.action)) {
        add(s.pointer + "/action", "unknown fixture action \"" + s.action + "\" (release, send, fail, progress)");
      }
      if ((s.action == "send" || s.action == "progress") && !s.bytes) add(s.pointer, "the " + s.action + " action needs \"bytes\"");
      return;
    }
    // Shared Key signs decoded query values, so a raw query value with a malformed %-escape
    // cannot be signed: say so now, not as an ERROR in the middle of a run.
    if (s.raw_query && (s.auth.scheme == AuthSpec::Scheme::Default || s.auth.scheme == AuthSpec::Scheme::SharedKey ||
                        s.auth.scheme == AuthSpec::Scheme::SharedKeyLite)) {
      for (size_t i = 0; i < s.raw_query->size(); ++i) {
        const auto& [name, value] = (*s.raw_query)[i];
        for (const std::string* text : {&name, &value}) {
          if (text->find("{{") != std::string::npos) continue;  // checked once substituted
          if (!wire::percent_decode(*text)) {
            add(s.pointer + "/raw_query/" + std::to_string(i),
                "\"" + *text + "\" has a malformed %-escape, which Shared Key cannot sign: use \"auth\": \"none\" or a SAS");
          }
        }
      }
    }
    if (!s.op.empty()) {
      auto op = catalog_.operations.find(s.op);
      if (op == catalog_.operations.end()) {
        add(s.pointer + "/op", "unknown operation \"" + s.op + "\" (not in any operations.json)");
      } else {
        for (const auto& [name, value] : s.args) {
          auto spec = op->second.args.find(name);
          if (spec == op->second.args.end()) {
            add(s.pointer + "/args/" + name, "operation \"" + s.op + "\" has no arg \"" + name + "\"");
            continue;
          }
          bool wants_object = spec->second.kind == "metadata";
          if (wants_object != value.is_object()) {
            add(s.pointer + "/args/" + name, wants_object ? "must be an object of metadata names and values" : "must be a string");
          }
        }
        for (const auto& [name, spec] : op->second.args) {
          if (spec.required && !s.args.count(name)) {
            add(s.pointer + "/args", "operation \"" + s.op + "\" needs arg \"" + name + "\"");
          }
        }
      }
    } else if (!s.args.empty()) {
      add(s.pointer + "/args", "args go with an \"op\"; the raw form writes the request itself");
    }
    for (const auto& [name, value] : s.args) check_json_strings(value, s.pointer + "/args/" + name, false);
    check_text(s.path, s.pointer + "/path", false);
    if (s.body) check_text(*s.body, s.pointer + "/body", false);
    check_text(s.url_account, s.pointer + "/url_account", false);
    for (const auto* list : {&s.query, &s.headers}) {
      for (const auto& [name, value] : *list)
        if (value) check_text(*value, s.pointer + (list == &s.query ? "/query/" : "/headers/") + name, false);
    }
    if (s.raw_query)
      for (size_t i = 0; i < s.raw_query->size(); ++i) check_text((*s.raw_query)[i].second, s.pointer + "/raw_query/" + std::to_string(i), false);
    for (size_t i = 0; i < s.raw_headers.size(); ++i) check_text(s.raw_headers[i].second, s.pointer + "/raw_headers/" + std::to_string(i), false);
    for (const auto& [name, source] : s.save) {
      bool ok = source == "status" || source == "body" || (source.rfind("header:", 0) == 0 && source.size() > 7) ||
                (source.rfind("xml:", 0) == 0 && source.size() > 4);
      if (!ok) add(s.pointer + "/save/" + name, "source \"" + source + "\" is not header:<name>, status, body or xml:<path>");
    }
    const bool delegated = s.auth.sas.count("kind") && s.auth.sas.at("kind") == "user-delegation";
    for (const auto& [name, value] : s.auth.sas) {
      if (!kSasFields.count(name)) add(s.pointer + "/auth/sas/" + name, "unknown SAS field \"" + name + "\"");
      else if (kDelegationSasFields.count(name) && !delegated) {
        add(s.pointer + "/auth/sas/" + name, "only a user-delegation SAS has \"" + name + "\"");
      } else if (delegated && (name == "identifier" || name == "services" || name == "resource_types")) {
        add(s.pointer + "/auth/sas/" + name, "a user-delegation SAS has no \"" + name + "\"");
      }
    }
    if (delegated && !s.auth.sas.count("key")) {
      add(s.pointer + "/auth/sas", "a user-delegation SAS needs \"key\": the variable a get_user_delegation_key step saved with \"body\"");
    }
    if (s.expect) lint_expect(*s.expect, s.pointer + "/expect", versions);
  }

  // A `must` is a claim about Azure: it needs a recording, the front end's code or a current page's
  // sentence word for word (case-format §2.1).
  void lint_evidence(const Case& c) {
    if (c.level != Level::Must) return;
    if (std::any_of(c.spec.begin(), c.spec.end(), [](const SpecRef& ref) { return ref.grounds_must(); })) return;
    std::string kinds;
    for (const SpecRef& ref : c.spec) {
      kinds += std::string(kinds.empty() ? "" : ", ") + evidence_name(ref.effective_evidence()) + (ref.summary ? " (summary)" : "");
    }
    add((c.own_spec ? c.pointer : std::string()) + "/spec",
        "a \"must\" needs a spec entry with evidence \"recorded\", \"front-end\" or \"doc\" quoted word for word (" +
            (kinds.empty() ? std::string("it has none") : "it has: " + kinds) + "); add one, or make the case \"should\" or \"info\"");
  }

  void lint_expect(const ExpectSpec& expect, const std::string& pointer, const std::vector<std::string>& versions) {
    for (size_t i = 0; i < expect.variants.size(); ++i) {
      const auto& variant = expect.variants[i];
      std::string at = expect.variants.size() == 1 && variant.when.empty() ? pointer : pointer + "/" + std::to_string(i);
      if (!variant.when.empty()) {
        auto range = check::parse_when(variant.when);
        if (!range) add(at + "/when", range.error().message);
      }
      check::Expectation texts = variant.expect;  // edit_texts visits them; nothing is changed
      check::edit_texts(texts, [&](std::string& text, bool) {
        check_text(text, at, true);
        return true;
      });
    }
    for (const auto& version : versions) {
      if (!select_variant(expect, version)) {
        add(pointer, "no \"when\" holds for version " + version + " (add a variant that covers it)");
      }
    }
  }

  const Catalog& catalog_;
  const LintOptions& options_;
  Problems problems_;
  std::string file_;
  std::set<std::string> known_;
};

}  // namespace

// Each group file's cases are linted on their own (per_file_threads.h); their problems are then
// merged in case order with the duplicate-id check, so nothing depends on the threads.
Problems lint_catalog(const Catalog& catalog, const LintOptions& options) {
  const auto& groups = catalog.groups;
  std::vector<std::vector<Problems>> found(groups.size());  // group -> case -> problems
  for_each_file(groups.size(), [&](size_t g) {
    Linter linter(catalog, options);
    for (const Case& c : groups[g]->cases) found[g].push_back(linter.lint(c, groups[g]->file));
  });
  Problems problems;
  std::set<std::tuple<std::string, std::string, std::string>> reported;  // a group's defaults are every case's
  std::map<std::string, std::string> seen_ids;  // case id -> file
  for (size_t g = 0; g < groups.size(); ++g) {
    for (size_t i = 0; i < groups[g]->cases.size(); ++i) {
      const Case& c = groups[g]->cases[i];
      auto [it, inserted] = seen_ids.emplace(c.id, groups[g]->file);
      if (!inserted) {
        problems.push_back({groups[g]->file, c.pointer + "/id", "duplicate case id \"" + c.id + "\" (also in " + it->second + ")"});
      }
      for (auto& p : found[g][i]) {
        if (reported.emplace(p.file, p.pointer, p.reason).second) problems.push_back(std::move(p));
      }
    }
  }
  return problems;
}

}  // namespace blobconform::cases
