#include "harness/cases/coverage.h"

#include <map>

namespace blobconform::cases {

std::vector<RuleCoverage> rule_coverage(const Catalog& catalog) {
  std::map<std::string, RuleCoverage> by_rule;
  for (const auto& [id, sentence] : catalog.rules) by_rule[id] = {id, sentence, {}};
  for (const auto& group : catalog.groups) {
    for (const auto& c : group->cases) {
      for (const auto& rule : c.covers) {
        auto found = by_rule.find(rule);
        if (found != by_rule.end()) found->second.cases.push_back(c.id);
      }
    }
  }
  std::vector<RuleCoverage> out;
  for (auto& [id, coverage] : by_rule) out.push_back(std::move(coverage));
  return out;
}

}  // namespace blobconform::cases
