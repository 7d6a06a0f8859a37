// The result kinds in the order every report lists them (case-format §7), and which of them a
// report shows as failures.
#pragma once

#include <array>

#include "harness/run/result.h"

namespace blobconform::report {

inline constexpr std::array<run::ResultKind, 7> kResultKinds = {
    run::ResultKind::Pass, run::ResultKind::Fail,         run::ResultKind::NonStrict, run::ResultKind::Info,
    run::ResultKind::Skip, run::ResultKind::Inconclusive, run::ResultKind::Error};

// "pass", "non-strict": the name in lower case, for CSS classes, ids and data attributes.
const char* kind_slug(run::ResultKind kind);

// FAIL and ERROR always; NON-STRICT under --strict. What the console summary lists too.
bool counts_as_failure(run::ResultKind kind, bool strict);

}  // namespace blobconform::report
