// What the schema cannot see: unique ids, known operations, args, variables, rules and
// capabilities, convertible expectations, and a `when` for every version an instance runs at.
#pragma once

#include <string>

#include "harness/cases/case_model.h"
#include "harness/cases/problem.h"

namespace blobconform::cases {

struct LintOptions {
  std::string latest_version;  // what "latest" resolves to
};

Problems lint_catalog(const Catalog& catalog, const LintOptions& options);

// The versions a case runs at, "latest" resolved.
std::vector<std::string> resolved_versions(const Case& c, const std::string& latest_version);

// The variant of `expect` that applies at `version`, or nullptr when none does.
const ExpectSpec::Variant* select_variant(const ExpectSpec& expect, const std::string& version);

}  // namespace blobconform::cases
