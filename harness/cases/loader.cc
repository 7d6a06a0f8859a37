#include "harness/cases/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "harness/cases/expectation_json.h"
#include "harness/cases/json_schema.h"
#include "harness/cases/per_file_threads.h"

namespace blobconform::cases {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Reads the model out of JSON that passed the schema, which alone says what is valid: the steps a
// named setup expands to are validated as they expand. A value of the right type that the model
// cannot take is a gap between the schema and this reader (`gap`); a value of the wrong type is a
// problem too, never a crash.
class ModelReader {
 public:
  ModelReader(std::string file, Problems& problems) : file_(std::move(file)), problems_(problems) {}

  // Where "use" looks a name up: the group's own setups first, then the case folders'.
  void use_setups(const NamedSetups* local, const NamedSetups* shared) {
    local_ = local;
    shared_ = shared;
  }
  // The group's "defaults", for the fields a case leaves out.
  void use_defaults(const json* defaults) { defaults_ = defaults; }
  // What the steps of an expanded named setup are validated against.
  void use_schema(const SchemaValidator* schema) { schema_ = schema; }

  bool ok() const { return ok_; }

  void problem(const std::string& pointer, const std::string& reason) {
    problems_.push_back({file_, pointer, reason});
    ok_ = false;
  }

  void gap(const std::string& pointer, const std::string& value) {
    problem(pointer, value + " passed cases/schema/case.schema.json but this harness cannot read it (a gap between "
                             "the schema and the loader: report it)");
  }

  std::string string_at(const json& j, const char* key, const std::string& pointer, bool required = false) {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) problem(pointer, std::string("missing required field \"") + key + "\"");
      return {};
    }
    if (!it->is_string()) {
      problem(pointer + "/" + key, "must be a string");
      return {};
    }
    return it->get<std::string>();
  }

  std::vector<std::string> strings_at(const json& j, const char* key, const std::string& pointer) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_array()) {
      problem(pointer + "/" + key, "must be an array of strings");
      return out;
    }
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        problem(pointer + "/" + key + "/" + std::to_string(i), "must be a string");
        continue;
      }
      out.push_back((*it)[i].get<std::string>());
    }
    return out;
  }

  std::vector<SpecRef> spec_at(const json& j, const std::string& pointer) {
    std::vector<SpecRef> out;
    auto it = j.find("spec");
    if (it == j.end() || !it->is_array()) return out;
    for (size_t i = 0; i < it->size(); ++i) {
      const json& item = (*it)[i];
      if (!item.is_object()) continue;
      std::string at = pointer + "/spec/" + std::to_string(i);
      SpecRef ref{string_at(item, "url", at, true), string_at(item, "quote", at), string_at(item, "heading", at)};
      if (auto kind = string_at(item, "evidence", at); !kind.empty()) {
        if (auto evidence = evidence_from_name(kind)) ref.evidence = *evidence;
        else gap(at + "/evidence", "\"" + kind + "\"");
      }
      auto summary = item.find("summary");
      ref.summary = summary != item.end() && summary->is_boolean() && summary->get<bool>();
      out.push_back(std::move(ref));
    }
    return out;
  }

  NamedOverrides overrides_at(const json& j, const char* key, const std::string& pointer) {
    NamedOverrides out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_object()) {
      problem(pointer + "/" + key, "must be an object of strings or null");
      return out;
    }
    for (const auto& [name, value] : it->items()) {
      if (value.is_null()) {
        out.emplace_back(name, std::nullopt);
      } else if (value.is_string()) {
        out.emplace_back(name, value.get<std::string>());
      } else {
        problem(pointer + "/" + key + "/" + name, "must be a string or null");
      }
    }
    return out;
  }

  NamedValues pairs_at(const json& j, const char* key, const std::string& pointer) {
    NamedValues out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    bool good = it->is_array();
    for (size_t i = 0; good && i < it->size(); ++i) {
      const json& pair = (*it)[i];
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        problem(pointer + "/" + key + "/" + std::to_string(i), "must be a [name, value] pair of strings");
        continue;
      }
      out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
    if (!good) problem(pointer + "/" + key, "must be an array of [name, value] pairs");
    return out;
  }

  NamedValues string_map_at(const json& j, const char* key, const std::string& pointer) {
    NamedValues out;
    auto it = j.find(key);
    if (it == j.end()) return out;
    if (!it->is_object()) {
      problem(pointer + "/" + key, "must be an object of strings");
      return out;
    }
    for (const auto& [name, value] : it->items()) {
      if (!value.is_string()) {
        problem(pointer + "/" + key + "/" + name, "must be a string");
        continue;
      }
      out.emplace_back(name, value.get<std::string>());
    }
    return out;
  }

  ExpectSpec expect_at(const json& j, const std::string& pointer) {
    ExpectSpec spec;
    if (j.is_object()) {
      add_variant(spec, "", j, pointer);
    } else if (j.is_array()) {
      for (size_t i = 0; i < j.size(); ++i) {
        const json& item = j[i];
        std::string at = pointer + "/" + std::to_string(i);
        if (!item.is_object()) {
          problem(at, "must be an expectation object");
          continue;
        }
        std::string when = string_at(item, "when", at, true);
        json body = item;
        body.erase("when");
        add_variant(spec, when, std::move(body), at);
      }
    } else {
      problem(pointer, "must be an expectation object or a list of them with \"when\"");
    }
    return spec;
  }

  void add_variant(ExpectSpec& spec, std::string when, json body, const std::string& pointer) {
    auto compiled = expectation_from_json(body, pointer);
    if (!compiled) {
      problem("", compiled.error().message);  // the message starts with the field's pointer
      return;
    }
    spec.variants.push_back({std::move(when), std::move(*compiled)});
  }

  AuthSpec auth_at(const json& j, const std::string& pointer) {
    AuthSpec auth;
    auto it = j.find("auth");
    if (it == j.end()) return auth;
    std::string at = pointer + "/auth";
    if (it->is_string()) {
      std::string name = it->get<std::string>();
      if (name == "shared-key") auth.scheme = AuthSpec::Scheme::SharedKey;
      else if (name == "shared-key-lite") auth.scheme = AuthSpec::Scheme::SharedKeyLite;
      else if (name == "none") auth.scheme = AuthSpec::Scheme::None;
      else gap(at, "\"" + name + "\"");
      return auth;
    }
    if (!it->is_object() || it->size() != 1) {
      gap(at, it->dump());
      return auth;
    }
    const std::string kind = it->begin().key();
    const json& fields = it->begin().value();
    if (!fields.is_object()) {
      problem(at + "/" + kind, "must be an object");
      return auth;
    }
    if (kind == "shared-key" || kind == "shared-key-lite") {
      auth.scheme = kind == "shared-key" ? AuthSpec::Scheme::SharedKey : AuthSpec::Scheme::SharedKeyLite;
      auth.account = string_at(fields, "account", at + "/" + kind);
      auth.date = string_at(fields, "date", at + "/" + kind);
      std::string tamper = string_at(fields, "tamper", at + "/" + kind);
      if (!tamper.empty() && tamper != "signature") gap(at + "/" + kind + "/tamper", "\"" + tamper + "\"");
      auth.tamper = tamper == "signature";
      return auth;
    }
    if (kind == "sas") {
      auth.scheme = AuthSpec::Scheme::Sas;
      for (const auto& [name, value] : fields.items()) {
        if (!value.is_string()) {
          problem(at + "/sas/" + name, "must be a string");
          continue;
        }
        auth.sas[name] = value.get<std::string>();
      }
      auth.tamper = auth.sas.count("tamper") && auth.sas["tamper"] == "signature";
      return auth;
    }
    if (kind == "bearer") {
      auth.scheme = AuthSpec::Scheme::Bearer;
      if (auto claims = fields.find("claims"); claims != fields.end() && claims->is_object()) {
        for (const auto& [name, value] : claims->items()) {
          if (value.is_string()) auth.claims[name] = value.get<std::string>();
        }
      }
      if (auto token = fields.find("token"); token != fields.end() && token->is_string()) auth.token = token->get<std::string>();
      auth.without_role = fields.value("identity", "") == "without-role";
      return auth;
    }
    gap(at, "auth kind \"" + kind + "\"");
    return auth;
  }

  Step step_at(const json& j, const std::string& pointer) {
    Step step;
    step.pointer = pointer;
    if (!j.is_object()) {
      problem(pointer, "a step must be an object");
      return step;
    }
    step.op = string_at(j, "op", pointer);
    step.fixture = string_at(j, "fixture", pointer);
    step.action = string_at(j, "action", pointer);
    if (auto it = j.find("bytes"); it != j.end()) {
      if (it->is_number_integer() && it->get<int64_t>() >= 0) step.bytes = it->get<int64_t>();
      else problem(pointer + "/bytes", "must be a non-negative integer");
    }
    if (auto it = j.find("seconds"); it != j.end()) {
      if (it->is_number_integer() && it->get<int64_t>() >= 1) step.seconds = it->get<int64_t>();
      else problem(pointer + "/seconds", "must be a positive integer");
    }
    if (auto it = j.find("args"); it != j.end()) {
      if (!it->is_object()) {
        problem(pointer + "/args", "must be an object");
      } else {
        for (const auto& [name, value] : it->items()) {
          if (!value.is_string() && !value.is_object()) {
            problem(pointer + "/args/" + name, "must be a string (or an object for metadata)");
            continue;
          }
          step.args[name] = value;
        }
      }
    }
    step.method = string_at(j, "method", pointer);
    step.path = string_at(j, "path", pointer);
    if (j.contains("body")) step.body = string_at(j, "body", pointer);
    step.query = overrides_at(j, "query", pointer);
    step.headers = overrides_at(j, "headers", pointer);
    if (j.contains("raw_query")) step.raw_query = pairs_at(j, "raw_query", pointer);
    step.raw_headers = pairs_at(j, "raw_headers", pointer);
    step.http_version = string_at(j, "http_version", pointer);
    if (!step.http_version.empty() && step.http_version != "HTTP/1.0" && step.http_version != "HTTP/1.1") {
      problem(pointer + "/http_version", "must be \"HTTP/1.0\" or \"HTTP/1.1\", not \"" + step.http_version + "\"");
    }
    step.url_account = string_at(j, "url_account", pointer);
    step.scheme = string_at(j, "scheme", pointer);
    if (!step.scheme.empty() && step.scheme != "http") {
      problem(pointer + "/scheme", "must be \"http\" (the target's own scheme is the default), not \"" + step.scheme + "\"");
    }
    step.save = string_map_at(j, "save", pointer);
    if (auto it = j.find("expect"); it != j.end()) step.expect = expect_at(*it, pointer + "/expect");
    if (auto it = j.find("poll"); it != j.end()) {
      PollSpec poll;
      if (it->is_object()) {
        if (auto t = it->find("timeout_s"); t != it->end() && t->is_number()) poll.timeout_s = t->get<double>();
        if (auto t = it->find("interval_s"); t != it->end() && t->is_number()) poll.interval_s = t->get<double>();
        if (auto t = it->find("max_interval_s"); t != it->end() && t->is_number()) {
          poll.max_interval_s = t->get<double>();
          if (poll.max_interval_s < poll.interval_s) {
            problem(pointer + "/poll/max_interval_s", "must not be less than interval_s (" + json(poll.interval_s).dump() + ")");
          }
        }
      }
      step.poll = poll;
    }
    std::string on_mismatch = string_at(j, "on_mismatch", pointer);
    if (!on_mismatch.empty() && on_mismatch != "inconclusive") gap(pointer + "/on_mismatch", "\"" + on_mismatch + "\"");
    step.inconclusive_on_mismatch = on_mismatch == "inconclusive";
    step.auth = auth_at(j, pointer);
    int forms = (!step.op.empty()) + (!step.method.empty() || !step.path.empty()) + step.is_fixture();
    if (forms != 1) {
      problem(pointer, "a step is exactly one of: an \"op\", the raw form (\"method\" and \"path\"), or a \"fixture\"");
    } else if (step.op.empty() && !step.is_fixture() && (step.method.empty() || step.path.empty())) {
      problem(pointer, "the raw form needs both \"method\" and \"path\"");
    }
    return step;
  }

  std::vector<Step> steps_at(const json& j, const char* key, const std::string& pointer) {
    std::vector<Step> out;
    auto it = j.find(key);
    item_definition_ = std::string(key) == "then" ? "thenItem" : "setupItem";
    if (it != j.end()) append_steps(*it, pointer + "/" + key, out);
    return out;
  }

  // The steps of `list` (at `pointer`), each use of a named setup replaced by the steps it names:
  // those are at "<the use's pointer>/steps/<i>".
  void append_steps(const json& list, const std::string& pointer, std::vector<Step>& out) {
    if (!list.is_array()) {
      problem(pointer, "must be an array of steps");
      return;
    }
    for (size_t i = 0; i < list.size(); ++i) {
      const json& item = list[i];
      std::string at = pointer + "/" + std::to_string(i);
      if (out.size() >= kMaxExpandedSteps) {
        if (out.size() == kMaxExpandedSteps) {
          problem(at, "the list expands to more than " + std::to_string(kMaxExpandedSteps) + " steps");
          out.push_back(Step{});  // said once: the outer lists stop here too
        }
        return;
      }
      if (!item.is_object() || !item.contains("use")) {
        out.push_back(step_at(item, at));
        continue;
      }
      std::string name = string_at(item, "use", at, true);
      const NamedSetup* setup = find_setup(name);
      if (!setup) {
        problem(at + "/use", "no setup named \"" + name + "\" (in this file's \"setups\" or a case folder's setups.json)");
        continue;
      }
      if (std::find(expanding_.begin(), expanding_.end(), name) != expanding_.end()) {
        problem(at + "/use", "setup \"" + name + "\" uses itself (through " + join(expanding_) + ")");
        continue;
      }
      if (expanding_.size() >= static_cast<size_t>(kMaxSetupNesting)) {
        problem(at + "/use", "setups nest deeper than " + std::to_string(kMaxSetupNesting) + " (" + join(expanding_) + ")");
        continue;
      }
      // The same use again (same setup, params and list kind): its steps, read once, under this pointer.
      // The depth is part of the key: a use deep in others may not nest as far as the same use at the top.
      const std::string key = item_definition_ + "\n" + std::to_string(expanding_.size()) + "\n" + name + "\n" +
                              (item.contains("with") ? item["with"].dump() : "");
      if (auto seen = expanded_.find(key); seen != expanded_.end() && out.size() + seen->second.size() <= kMaxExpandedSteps) {
        for (const Step& step : seen->second) {
          out.push_back(step);
          out.back().pointer = at + step.pointer;
        }
        continue;
      }
      auto steps = instantiate_setup(*setup, item.contains("with") ? item["with"] : json());
      if (!steps) {
        problem(at + "/with", steps.error().message);
        continue;
      }
      if (!schema_valid_steps(*steps, at + "/steps")) continue;
      const size_t first = out.size(), problems_before = problems_.size();
      expanding_.push_back(name);
      append_steps(*steps, at + "/steps", out);
      expanding_.pop_back();
      if (problems_.size() != problems_before || out.size() > kMaxExpandedSteps) continue;
      std::vector<Step>& kept = expanded_[key];
      for (size_t k = first; k < out.size(); ++k) {
        kept.push_back(out[k]);
        kept.back().pointer = out[k].pointer.substr(at.size());
      }
    }
  }

  // The steps a use expanded to (the params filled in), validated as the list they stand in.
  bool schema_valid_steps(const json& steps, const std::string& pointer) {
    if (!schema_) return true;
    bool valid = true;
    for (size_t i = 0; i < steps.size(); ++i) {
      for (const auto& p : schema_->validate(steps[i], item_definition_)) {
        problem(pointer + "/" + std::to_string(i) + p.pointer, p.reason);
        valid = false;
      }
    }
    return valid;
  }

  Case case_at(const json& j, const std::string& pointer, const Group& group) {
    Case c;
    c.group = &group;
    c.pointer = pointer;
    c.local_id = string_at(j, "id", pointer, true);
    c.id = group.name + "/" + c.local_id;
    c.description = string_at(j, "description", pointer, true);
    // A field the case leaves out comes from the group's defaults: the object to read it from,
    // and that object's pointer.
    auto holder = [&](const char* key) -> std::pair<const json&, std::string> {
      if (j.contains(key) || !defaults_ || !defaults_->contains(key)) return {j, pointer};
      c.inherited.insert(key);
      return {*defaults_, "/defaults"};
    };
    auto [level_in, level_at] = holder("level");
    std::string level = string_at(level_in, "level", level_at);
    if (level.empty() || level == "must") c.level = Level::Must;
    else if (level == "should") c.level = Level::Should;
    else if (level == "info") c.level = Level::Info;
    else gap(level_at + "/level", "\"" + level + "\"");
    auto [tags_in, tags_at] = holder("tags");
    c.tags = strings_at(tags_in, "tags", tags_at);
    auto [covers_in, covers_at] = holder("covers");
    c.covers = strings_at(covers_in, "covers", covers_at);
    c.spec = spec_at(j, pointer);
    c.own_spec = !c.spec.empty();
    if (!c.own_spec) c.spec = group.spec;
    auto [requires_in, requires_at] = holder("requires");
    c.capabilities_required = strings_at(requires_in, "requires", requires_at);
    auto [versions_in, versions_at] = holder("versions");
    c.versions = strings_at(versions_in, "versions", versions_at);
    auto [let_in, let_at] = holder("let");
    c.let = string_map_at(let_in, "let", let_at);
    auto [setup_in, setup_at] = holder("setup");
    c.setup = steps_at(setup_in, "setup", setup_at);
    auto [request_in, request_at] = holder("request");
    if (auto it = request_in.find("request"); it != request_in.end()) {
      c.request = step_at(*it, request_at + "/request");  // the schema's requestStep: no poll, fixture or on_mismatch
    } else {
      problem(pointer, "missing required field \"request\" (in the case or the group's \"defaults\")");
    }
    bool has_expect = j.contains("expect"), has_outcomes = j.contains("outcomes");
    if (has_expect == has_outcomes) {
      problem(pointer, "a case has exactly one of \"expect\" and \"outcomes\"");
    }
    if (has_expect) c.expect = expect_at(j["expect"], pointer + "/expect");
    if (has_outcomes && j["outcomes"].is_array()) {
      const json& outcomes = j["outcomes"];
      for (size_t i = 0; i < outcomes.size(); ++i) {
        std::string at = pointer + "/outcomes/" + std::to_string(i);
        if (!outcomes[i].is_object()) {
          problem(at, "must be an object");
          continue;
        }
        OutcomeSpec outcome;
        std::string grade = string_at(outcomes[i], "grade", at, true);
        if (auto known = grade_from_name(grade)) outcome.grade = *known;
        else gap(at + "/grade", "\"" + grade + "\"");
        outcome.reason = string_at(outcomes[i], "reason", at);
        if (outcomes[i].contains("expect")) {
          outcome.expect = expect_at(outcomes[i]["expect"], at + "/expect");
        } else {
          problem(at, "missing required field \"expect\"");
        }
        c.outcomes.push_back(std::move(outcome));
      }
    }
    auto [then_in, then_at] = holder("then");
    c.then = steps_at(then_in, "then", then_at);  // thenItem: no on_mismatch, in an expanded setup too
    return c;
  }

 private:
  const NamedSetup* find_setup(const std::string& name) const {
    for (const NamedSetups* scope : {local_, shared_}) {
      if (!scope) continue;
      if (auto it = scope->find(name); it != scope->end()) return &it->second;
    }
    return nullptr;
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : " > ") + name;
    return out;
  }

  std::string file_;
  Problems& problems_;
  bool ok_ = true;
  const NamedSetups* local_ = nullptr;
  const NamedSetups* shared_ = nullptr;
  const json* defaults_ = nullptr;
  const SchemaValidator* schema_ = nullptr;
  std::string item_definition_ = "setupItem";  // "thenItem" while reading a then list
  std::vector<std::string> expanding_;  // the uses being expanded, outermost first
  // Uses already expanded without a problem: their steps, each pointer relative to the use.
  std::map<std::string, std::vector<Step>> expanded_;
};

bool check_format(const json& document, const std::string& file, Problems& problems) {
  auto it = document.find("format");
  if (it == document.end()) return true;  // default 1
  if (!it->is_number_integer()) {
    problems.push_back({file, "/format", "must be an integer"});
    return false;
  }
  if (it->get<int64_t>() > kSupportedFormat) {
    problems.push_back({file, "/format",
                        "this file needs case format " + std::to_string(it->get<int64_t>()) +
                            "; this harness reads format " + std::to_string(kSupportedFormat) +
                            " (upgrade blobconform)"});
    return false;
  }
  return true;
}

bool schema_valid(const SchemaValidator& schema, const json& document, const std::string& file, Problems& problems) {
  auto found = schema.validate(document);
  for (auto& p : found) problems.push_back({file, p.pointer, p.reason});
  return found.empty();
}

// `file` below `folder`: by the paths' text when the file was found by listing the folder (no
// system call), else through the file system.
fs::path path_below(const fs::path& file, const fs::path& folder) {
  fs::path lexical = file.lexically_relative(folder);
  if (!lexical.empty() && *lexical.begin() != "..") return lexical;
  std::error_code ec;
  return fs::relative(file, folder, ec);
}

std::string group_name_for(const fs::path& file, const fs::path& case_dir) {
  std::string relative = path_below(file, case_dir).generic_string();
  if (relative.size() > 5 && relative.substr(relative.size() - 5) == ".json") relative.resize(relative.size() - 5);
  return relative;
}

void load_named_entries(const json& document, const std::string& file, const char* key,
                        std::map<std::string, std::string>& into, Problems& problems) {
  if (!check_format(document, file, problems)) return;
  auto it = document.find(key);
  if (it == document.end()) {
    problems.push_back({file, "", std::string("missing required field \"") + key + "\""});
    return;
  }
  // capabilities: an object name -> {description}; rules: an array of {id, sentence}.
  if (it->is_object()) {
    for (const auto& [name, value] : it->items()) {
      std::string description = value.is_object() && value.contains("description") && value["description"].is_string()
                                    ? value["description"].get<std::string>()
                                    : "";
      if (!into.emplace(name, description).second) {
        problems.push_back({file, std::string("/") + key + "/" + name, "\"" + name + "\" is defined twice"});
      }
    }
    return;
  }
  if (it->is_array()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const json& entry = (*it)[i];
      std::string at = std::string("/") + key + "/" + std::to_string(i);
      if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) {
        problems.push_back({file, at, "needs a string \"id\""});
        continue;
      }
      std::string id = entry["id"].get<std::string>();
      std::string sentence = entry.contains("sentence") && entry["sentence"].is_string() ? entry["sentence"].get<std::string>() : "";
      if (!into.emplace(id, sentence).second) problems.push_back({file, at + "/id", "\"" + id + "\" is defined twice"});
    }
    return;
  }
  problems.push_back({file, std::string("/") + key, "must be an object or an array"});
}

}  // namespace

bool is_reserved_file(const fs::path& relative) {
  std::string name = relative.generic_string();
  return name == "operations.json" || name == "rules.json" || name == "capabilities.json" || name == "setups.json" ||
         name.rfind("schema/", 0) == 0;
}


bool read_json_file(const std::string& file, json& out, Problems& problems) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) {
    problems.push_back({file, "", "cannot read: " + ec.message()});
    return false;
  }
  if (size > kMaxCaseFileBytes) {
    problems.push_back({file, "", "larger than " + std::to_string(kMaxCaseFileBytes) + " bytes"});
    return false;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems.push_back({file, "", "cannot open for reading"});
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_json_text(text.str(), file, out, problems);
}

bool parse_json_text(std::string_view text, const std::string& file, json& out, Problems& problems) {
  if (text.size() > kMaxCaseFileBytes) {
    problems.push_back({file, "", "larger than " + std::to_string(kMaxCaseFileBytes) + " bytes"});
    return false;
  }
  try {
    out = json::parse(text);
  } catch (const json::exception& e) {
    std::string what = e.what();
    auto at = what.find("parse error");
    problems.push_back({file, "", "invalid JSON: " + (at == std::string::npos ? what : what.substr(at))});
    return false;
  }
  return true;
}

void load_operations_file(Catalog& catalog, const std::string& file, const SchemaValidator& schema, Problems& problems) {
  json document;
  if (read_json_file(file, document, problems)) load_operations_document(catalog, document, file, schema, problems);
}

void load_operations_document(Catalog& catalog, const json& document, const std::string& file,
                              const SchemaValidator& schema, Problems& problems) {
  if (!check_format(document, file, problems)) return;
  if (!schema_valid(schema, document, file, problems)) return;
  ModelReader reader(file, problems);
  std::map<std::string, Operation> loaded;
  for (const auto& [name, body] : document["operations"].items()) {
    std::string at = "/operations/" + name;
    Operation op;
    op.name = name;
    op.file = file;
    op.description = reader.string_at(body, "description", at);
    op.method = reader.string_at(body, "method", at, true);
    op.path = reader.string_at(body, "path", at, true);
    if (body.contains("body")) op.body = reader.string_at(body, "body", at);
    for (const char* key : {"query", "headers"}) {
      if (!body.contains(key)) continue;
      for (const auto& [field, value] : body[key].items()) {
        std::vector<std::string> alternatives;
        if (value.is_string()) alternatives.push_back(value.get<std::string>());
        for (const auto& alt : value.is_array() ? value : json::array()) {
          if (alt.is_string()) alternatives.push_back(alt.get<std::string>());
        }
        if (alternatives.empty()) reader.problem(at + "/" + key + "/" + field, "must be a string or a list of strings");
        (std::string(key) == "query" ? op.query : op.headers).emplace_back(field, alternatives);
      }
    }
    if (body.contains("args")) {
      for (const auto& [arg, spec] : body["args"].items()) {
        ArgSpec a;
        if (spec.contains("required")) a.required = spec["required"].is_boolean() && spec["required"].get<bool>();
        if (spec.contains("default")) a.default_value = reader.string_at(spec, "default", at + "/args/" + arg);
        if (spec.contains("kind")) a.kind = reader.string_at(spec, "kind", at + "/args/" + arg);
        op.args[arg] = a;
      }
    }
    loaded[name] = std::move(op);
  }
  if (!reader.ok()) return;
  for (auto& [name, op] : loaded) {
    auto existing = catalog.operations.find(name);
    if (existing != catalog.operations.end()) {
      problems.push_back({file, "/operations/" + name,
                          "operation \"" + name + "\" is already defined in " + existing->second.file});
      continue;
    }
    catalog.operations.emplace(name, std::move(op));
  }
}

namespace {
std::string joined(const Problems& problems) {
  std::string text;
  for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p.pointer + ": " + p.reason;
  return text;
}
}  // namespace

Result<std::vector<Step>> read_steps(const json& list, const Catalog& catalog, const std::string& where) {
  Problems problems;
  ModelReader reader(where, problems);
  reader.use_setups(nullptr, &catalog.setups);
  reader.use_schema(catalog.case_schema.get());
  std::vector<Step> steps;
  if (catalog.case_schema && list.is_array() && !reader.schema_valid_steps(list, where)) return fail(joined(problems));
  reader.append_steps(list, where, steps);
  if (problems.empty()) return steps;
  return fail(joined(problems));
}

void load_setups_file(Catalog& catalog, const std::string& file, const SchemaValidator& case_schema, Problems& problems) {
  json document;
  if (read_json_file(file, document, problems)) load_setups_document(catalog, document, file, case_schema, problems);
}

void load_setups_document(Catalog& catalog, const json& document, const std::string& file,
                          const SchemaValidator& case_schema, Problems& problems) {
  if (!check_format(document, file, problems)) return;
  auto found = case_schema.validate(document, "setupsFile");
  for (auto& p : found) problems.push_back({file, p.pointer, p.reason});
  if (found.empty()) read_named_setups(document["setups"], file, catalog.setups, problems);
}

void load_group_file(Catalog& catalog, const std::string& file, const std::string& case_dir, const SchemaValidator& schema,
                     Problems& problems, const NamedSetups* shared) {
  json document;
  if (!read_json_file(file, document, problems)) return;
  load_group_document(catalog, document, file, case_dir, schema, problems, shared);
}

void load_group_document(Catalog& catalog, const json& document, const std::string& file, const std::string& case_dir,
                         const SchemaValidator& schema, Problems& problems, const NamedSetups* shared) {
  if (!check_format(document, file, problems)) return;
  if (!schema_valid(schema, document, file, problems)) return;
  auto group = std::make_unique<Group>();
  group->file = file;
  group->case_dir = case_dir;
  NamedSetups local;
  if (auto it = document.find("setups"); it != document.end()) {
    size_t before = problems.size();
    read_named_setups(*it, file, local, problems);
    if (problems.size() != before) return;
  }
  ModelReader reader(file, problems);
  reader.use_setups(&local, shared ? shared : &catalog.setups);
  reader.use_schema(&schema);
  if (auto it = document.find("defaults"); it != document.end()) reader.use_defaults(&*it);
  group->name = reader.string_at(document, "group", "", true);
  std::string expected_name = group_name_for(file, case_dir);
  if (group->name != expected_name) {
    reader.problem("/group", "is \"" + group->name + "\" but the file's path below its case folder says \"" +
                                 expected_name + "\"");
  }
  group->description = reader.string_at(document, "description", "");
  group->spec = reader.spec_at(document, "");
  static const json kNone;
  auto found = document.find("cases");
  const json& list = found == document.end() ? kNone : *found;
  for (size_t i = 0; list.is_array() && i < list.size(); ++i) {
    group->cases.push_back(reader.case_at(list[i], "/cases/" + std::to_string(i), *group));
  }
  if (!reader.ok()) return;
  catalog.groups.push_back(std::move(group));
}

// Group files are independent: each is read, parsed, validated and modelled on its own
// (per_file_threads.h), then added in file order, so that the catalog and the problems are the
// same whatever the threads.
void load_group_files(Catalog& catalog, const std::vector<fs::path>& files, const std::string& dir,
                      const SchemaValidator& schema, Problems& problems) {
  struct Loaded {
    Catalog catalog;  // its groups only
    Problems problems;
  };
  std::vector<Loaded> loaded(files.size());
  for_each_file(files.size(), [&](size_t i) {
    load_group_file(loaded[i].catalog, files[i].string(), dir, schema, loaded[i].problems, &catalog.setups);
  });
  for (auto& one : loaded) {
    for (auto& group : one.catalog.groups) catalog.groups.push_back(std::move(group));
    problems.insert(problems.end(), std::make_move_iterator(one.problems.begin()),
                    std::make_move_iterator(one.problems.end()));
  }
}

Catalog load_catalog(const LoadOptions& options, Problems& problems) {
  Catalog catalog;
  json case_schema_json, operations_schema_json;
  std::string case_schema_file = (fs::path(options.schema_dir) / "case.schema.json").string();
  std::string operations_schema_file = (fs::path(options.schema_dir) / "operations.schema.json").string();
  if (!read_json_file(case_schema_file, case_schema_json, problems) ||
      !read_json_file(operations_schema_file, operations_schema_json, problems)) {
    return catalog;
  }
  // Each schema is checked and compiled once for the whole load, not once a file.
  catalog.case_schema = std::make_shared<const SchemaValidator>(case_schema_json);
  const SchemaValidator& case_schema = *catalog.case_schema;
  const SchemaValidator operations_schema(operations_schema_json);
  for (const auto& [schema, file] : {std::pair{&case_schema, &case_schema_file}, {&operations_schema, &operations_schema_file}}) {
    for (const auto& p : schema->schema_problems()) problems.push_back({*file, p.pointer, p.reason});
  }
  if (!problems.empty()) return catalog;
  std::set<std::string> definitions_read;  // the bytes of every definition file loaded
  auto load_definitions = [&](const fs::path& root) {
    for (const char* name : {"operations.json", "capabilities.json", "rules.json", "setups.json"}) {
      fs::path file = root / name;
      if (!fs::exists(file)) continue;
      // Read once: the bytes tell a copy already loaded, and are what is parsed.
      json document;
      std::ifstream in(file, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in) {
        read_json_file(file.string(), document, problems);  // says why it cannot be read
        continue;
      }
      if (!definitions_read.insert(bytes).second) continue;
      if (!parse_json_text(bytes, file.string(), document, problems)) continue;
      const std::string which = name, path = file.string();
      if (which == "operations.json") load_operations_document(catalog, document, path, operations_schema, problems);
      else if (which == "capabilities.json") load_named_entries(document, path, "capabilities", catalog.capabilities, problems);
      else if (which == "rules.json") load_named_entries(document, path, "rules", catalog.rules, problems);
      else load_setups_document(catalog, document, path, case_schema, problems);
    }
  };
  // Every folder's definitions first, so that a group may use what any folder defines.
  std::vector<std::string> case_folders;  // those that are folders
  for (const auto* dirs : {&options.definition_dirs, &options.case_dirs}) {
    for (const std::string& dir : *dirs) {
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) {
        problems.push_back({dir, "", "is not a folder of cases"});
        continue;
      }
      load_definitions(dir);
      if (dirs == &options.case_dirs) case_folders.push_back(dir);
    }
  }
  for (const std::string& dir : case_folders) {
    std::error_code ec;
    fs::path root(dir);
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() != ".json") continue;
      if (is_reserved_file(path_below(it->path(), root))) continue;
      files.push_back(it->path());
    }
    if (ec) problems.push_back({dir, "", "cannot list: " + ec.message()});
    std::sort(files.begin(), files.end());
    load_group_files(catalog, files, dir, case_schema, problems);
  }
  return catalog;
}

}  // namespace blobconform::cases
