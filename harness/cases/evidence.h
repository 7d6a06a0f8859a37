// What the cases rest on (case-format §2.1): per group, the cases by level and by the strongest
// kind of evidence among their spec entries.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "harness/cases/case_model.h"

namespace blobconform::cases {

// Strongest first: a recording, the front end's code, a current page, an older page, an implementation.
inline constexpr std::array<Evidence, 6> kEvidenceByStrength = {Evidence::Recorded, Evidence::FrontEnd, Evidence::Doc,
                                                                Evidence::ArchivedDoc, Evidence::Observed,
                                                                Evidence::Unstated};

// The strongest kind among a case's spec entries (Unstated when it has none).
Evidence strongest_evidence(const Case& c);

struct GroupEvidence {
  std::string group;                   // "abort-copy/auth"; "total" for the sum
  std::array<size_t, 3> by_level{};    // must, should, info
  std::array<size_t, 6> by_strongest{};  // in kEvidenceByStrength order
  size_t entries = 0;                  // spec entries the group's cases rest on
  size_t summaries = 0;                // ... of which are summaries
};

// One row per group in catalog order, then the total.
std::vector<GroupEvidence> evidence_by_group(const Catalog& catalog);

}  // namespace blobconform::cases
