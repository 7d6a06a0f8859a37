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

// Where one instance's result stands against the gate: what a person must look at (New,
// Changed, UnexpectedPass) and what they need not (Fine, Known).
enum class Standing {
  Fine,            // as expected without a baseline entry (PASS, INFO, SKIP, INCONCLUSIVE, NON-STRICT unless strict)
  Known,           // the baseline expected exactly this result: a known deviation
  New,             // a failure the baseline does not know
  Changed,         // the baseline expected another failing result than this one
  UnexpectedPass,  // the baseline expected a failure that did not happen
};
Standing standing_of(const run::InstanceResult& result, const Baseline* baseline, bool strict);
// New, Changed and UnexpectedPass: they make the run exit 1 and are shown in full.
inline bool needs_attention(Standing s) { return s == Standing::New || s == Standing::Changed || s == Standing::UnexpectedPass; }

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
