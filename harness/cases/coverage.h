// Which cases check which documented rule (cases/rules.json and each case's `covers`).
#pragma once

#include <string>
#include <vector>

#include "harness/cases/case_model.h"

namespace blobconform::cases {

struct RuleCoverage {
  std::string rule;
  std::string sentence;
  std::vector<std::string> cases;  // case ids, in catalog order; empty: the rule is uncovered
};

// Every rule of the catalog, by id.
std::vector<RuleCoverage> rule_coverage(const Catalog& catalog);

}  // namespace blobconform::cases
