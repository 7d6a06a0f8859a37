// What the schema cannot see: unique ids, known operations, args, variables (also those in the texts of the
// expectations the loader compiled, visited through check::edit_texts), rules and capabilities, and a `when` for
// every version an instance runs at.
#pragma once

#include <string>

#include "harness/cases/case_model.h"
#include "harness/cases/problem.h"

namespace blobconform::cases {

struct LintOptions {
  std::string latest_version;  // what "latest" resolves to
};

Problems lint_catalog(const Catalog& catalog, const LintOptions& options);

}  // namespace blobconform::cases
