#include "harness/cases/evidence.h"

#include <algorithm>

namespace blobconform::cases {

namespace {

size_t strength_rank(Evidence evidence) {
  return static_cast<size_t>(std::find(kEvidenceByStrength.begin(), kEvidenceByStrength.end(), evidence) -
                             kEvidenceByStrength.begin());
}

}  // namespace

Evidence strongest_evidence(const Case& c) {
  Evidence best = Evidence::Unstated;
  for (const auto& ref : c.spec) {
    if (strength_rank(ref.effective_evidence()) < strength_rank(best)) best = ref.effective_evidence();
  }
  return best;
}

std::vector<GroupEvidence> evidence_by_group(const Catalog& catalog) {
  std::vector<GroupEvidence> rows;
  GroupEvidence total{"total"};
  for (const auto& group : catalog.groups) {
    GroupEvidence row{group->name};
    for (const auto& c : group->cases) {
      for (auto* counts : {&row, &total}) {
        ++counts->by_level[static_cast<size_t>(c.level)];
        ++counts->by_strongest[strength_rank(strongest_evidence(c))];
        counts->entries += c.spec.size();
        counts->summaries += static_cast<size_t>(std::count_if(c.spec.begin(), c.spec.end(), [](const SpecRef& ref) { return ref.summary; }));
      }
    }
    rows.push_back(std::move(row));
  }
  rows.push_back(std::move(total));
  return rows;
}

}  // namespace blobconform::cases
