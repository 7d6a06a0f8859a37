#include "harness/report/baseline.h"

#include <set>

#include "harness/cases/loader.h"
#include "harness/report/result_kinds.h"

namespace blobconform::report {
namespace {

using nlohmann::json;
using run::ResultKind;

bool is_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  return true;
}

std::string case_id_of(const std::string& id) {
  auto at = id.find('@');
  return at == std::string::npos ? id : id.substr(0, at);
}

}  // namespace

Baseline load_baseline(const std::string& file, cases::Problems& problems) {
  Baseline baseline;
  baseline.file = file;
  json document;
  if (!cases::read_json_file(file, document, problems)) return baseline;
  auto problem = [&](const std::string& pointer, const std::string& reason) { problems.push_back({file, pointer, reason}); };
  if (!document.is_object()) {
    problem("", "a baseline is an object with format, target and expected");
    return baseline;
  }
  for (const auto& [key, value] : document.items()) {
    if (key != "format" && key != "target" && key != "expected" && key != "description") problem("/" + key, "unknown field");
  }
  if (!document.contains("format") || !document["format"].is_number_integer() ||
      document["format"].get<int>() != kBaselineFormat) {
    problem("/format", "must be 1");
  }
  if (document.contains("target") && document["target"].is_string()) baseline.target = document["target"];
  else problem("/target", "must be a string naming the target");
  if (!document.contains("expected") || !document["expected"].is_object()) {
    problem("/expected", "must be an object of case or instance ids");
    return baseline;
  }
  for (const auto& [id, entry] : document["expected"].items()) {
    std::string at = "/expected/" + id;
    if (!entry.is_object()) {
      problem(at, "must be an object with result and reason");
      continue;
    }
    BaselineEntry e;
    for (const auto& [key, value] : entry.items()) {
      if (key != "result" && key != "reason" && key != "link" && key != "until") problem(at + "/" + key, "unknown field");
      else if (!value.is_string()) problem(at + "/" + key, "must be a string");
    }
    std::string result = entry.value("result", json("")).is_string() ? entry.value("result", "") : "";
    if (!run::parse_result_name(result, e.result)) {
      problem(at + "/result", "\"" + result + "\" is not a result (PASS, FAIL, NON-STRICT, INFO, SKIP, INCONCLUSIVE, ERROR)");
    }
    e.reason = entry.value("reason", json("")).is_string() ? entry.value("reason", "") : "";
    if (e.reason.empty()) problem(at + "/reason", "every entry states the deviation in one sentence");
    e.link = entry.value("link", json("")).is_string() ? entry.value("link", "") : "";
    e.until = entry.value("until", json("")).is_string() ? entry.value("until", "") : "";
    if (!e.until.empty() && !is_date(e.until)) problem(at + "/until", "must be a date YYYY-MM-DD");
    baseline.expected[id] = e;
  }
  return baseline;
}

cases::Problems unknown_baseline_entries(const Baseline& baseline, const cases::Catalog& catalog) {
  std::set<std::string> case_ids;
  for (const auto& group : catalog.groups)
    for (const auto& c : group->cases) case_ids.insert(c.id);
  cases::Problems problems;
  for (const auto& [id, entry] : baseline.expected) {
    if (!case_ids.count(case_id_of(id))) {
      problems.push_back({baseline.file, "/expected/" + id, "no case \"" + case_id_of(id) + "\" exists (a stale entry)"});
    }
  }
  return problems;
}

const BaselineEntry* baseline_entry(const Baseline& baseline, const run::InstanceResult& result) {
  auto found = baseline.expected.find(result.id);
  if (found != baseline.expected.end()) return &found->second;
  found = baseline.expected.find(result.case_id);
  return found == baseline.expected.end() ? nullptr : &found->second;
}

Standing standing_of(const run::InstanceResult& r, const Baseline* baseline, bool strict) {
  if (r.result == ResultKind::Inconclusive) return Standing::Fine;
  const BaselineEntry* entry = baseline ? baseline_entry(*baseline, r) : nullptr;
  bool failure = counts_as_failure(r.result, strict);
  if (!entry) return failure ? Standing::New : Standing::Fine;
  if (entry->result == r.result) return Standing::Known;
  // A skipped instance did not run (its target lacks a capability): it neither shows nor clears the
  // deviation, so an entry for it is kept for the targets that have the capability.
  if (r.result == ResultKind::Skip) return Standing::Fine;
  return failure ? Standing::Changed : Standing::UnexpectedPass;
}

GateVerdict gate(const std::vector<run::InstanceResult>& results, const Baseline* baseline, bool strict,
                 const std::string& today) {
  GateVerdict verdict;
  std::set<std::string> warned;
  for (const auto& r : results) {
    Standing standing = standing_of(r, baseline, strict);
    if (standing == Standing::Fine) continue;
    if (standing == Standing::New) {
      verdict.differences.push_back({r.id, "PASS", run::result_name(r.result), false});
      continue;
    }
    const BaselineEntry* entry = baseline_entry(*baseline, r);
    if (!entry->until.empty() && entry->until < today) {
      std::string key = baseline->expected.count(r.id) ? r.id : r.case_id;
      if (warned.insert(key).second) {
        verdict.warnings.push_back(baseline->file + ": /expected/" + key + ": expired on " + entry->until +
                                   " (review the deviation, then renew or remove the entry)");
      }
    }
    if (standing == Standing::Known) {
      ++verdict.known;
      continue;
    }
    verdict.differences.push_back({r.id, run::result_name(entry->result), run::result_name(r.result),
                                   standing == Standing::UnexpectedPass});
  }
  return verdict;
}

json baseline_from_results(const std::vector<run::InstanceResult>& results, const std::string& target,
                           const Baseline* previous, bool strict) {
  // Group the refused results by case; a case key when every instance of it agrees.
  std::map<std::string, std::vector<const run::InstanceResult*>> by_case;
  std::map<std::string, size_t> instances_per_case;
  for (const auto& r : results) {
    ++instances_per_case[r.case_id];
    if (counts_as_failure(r.result, strict)) by_case[r.case_id].push_back(&r);
  }
  json expected = json::object();
  auto entry_for = [&](const run::InstanceResult& r, const std::string& key) {
    json entry = {{"result", run::result_name(r.result)}, {"reason", r.reason}};
    const BaselineEntry* old = nullptr;
    if (previous) {
      auto found = previous->expected.find(key);
      if (found != previous->expected.end()) old = &found->second;
    }
    if (old && old->result == r.result) {
      entry["reason"] = old->reason;  // a reviewed reason survives a rewrite
      if (!old->link.empty()) entry["link"] = old->link;
      if (!old->until.empty()) entry["until"] = old->until;
    }
    return entry;
  };
  for (const auto& [case_id, list] : by_case) {
    bool uniform = list.size() == instances_per_case[case_id];
    for (const auto* r : list) uniform &= r->result == list.front()->result;
    if (uniform) {
      expected[case_id] = entry_for(*list.front(), case_id);
    } else {
      for (const auto* r : list) expected[r->id] = entry_for(*r, r->id);
    }
  }
  return {{"format", kBaselineFormat}, {"target", target}, {"expected", expected}};
}

}  // namespace blobconform::report
