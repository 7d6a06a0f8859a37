// Baselines (case-format §8): a target's known deviations, and the gate that compares a run with
// them. A difference is a regression (exit 1) or an unexpected pass to record.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/cases/case_model.h"
#include "harness/cases/problem.h"
#include "harness/run/result.h"

namespace blobconform::report {

inline constexpr int kBaselineFormat = 1;

struct BaselineEntry {
  run::ResultKind result = run::ResultKind::Fail;
  std::string reason;
  std::string link;
  std::string until;  // YYYY-MM-DD; past it the entry is a warning
};

struct Baseline {
  std::string file;
  std::string target;
  std::map<std::string, BaselineEntry> expected;  // case id or instance id
};

// Reads and checks a baseline file; every problem names the file, the entry and the reason.
Baseline load_baseline(const std::string& file, cases::Problems& problems);

// Entries whose case id does not exist in the catalog.
cases::Problems unknown_baseline_entries(const Baseline& baseline, const cases::Catalog& catalog);

// The entry for an instance: its own id first, then its case id; nullptr when none.
const BaselineEntry* baseline_entry(const Baseline& baseline, const run::InstanceResult& result);

struct GateDifference {
  std::string id;
  std::string expected;  // the baseline's result, or "PASS" when the instance has no entry
  std::string actual;
  bool unexpected_pass = false;  // the baseline expected a failure that did not happen
};

struct GateVerdict {
  std::vector<GateDifference> differences;  // any of these makes the run exit 1
  std::vector<std::string> warnings;        // expired entries
  size_t known = 0;                         // instances that matched a baseline entry
};

// `today` is YYYY-MM-DD. Without a baseline, PASS, NON-STRICT (unless strict), INFO and SKIP are
// as expected; INCONCLUSIVE is never a difference.
GateVerdict gate(const std::vector<run::InstanceResult>& results, const Baseline* baseline, bool strict,
                 const std::string& today);

// A baseline that records every result of `results` that the default gate would refuse: a case
// key when all its instances agree, instance keys otherwise. Reasons come from the results.
nlohmann::json baseline_from_results(const std::vector<run::InstanceResult>& results, const std::string& target,
                                     const Baseline* previous, bool strict);

}  // namespace blobconform::report
