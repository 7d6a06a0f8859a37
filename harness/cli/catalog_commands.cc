// lint, coverage, list: the commands that read the cases without a target.
#include <iostream>

#include "harness/cases/coverage.h"
#include "harness/cli/common.h"
#include "harness/run/selection.h"

namespace blobconform::cli {

int command_lint(const Options& options) {
  cases::Catalog catalog;
  size_t files = 0;
  if (!load_cases(options, data_dir(), catalog, &files)) return kUsage;
  size_t count = 0;
  for (const auto& g : catalog.groups) count += g->cases.size();
  std::cout << files << " case files, " << count << " cases, " << catalog.operations.size()
            << " operations: no problems\n";
  return kAsExpected;
}

// Per rule of rules.json, the cases whose `covers` name it; exit 1 while any rule has none.
int command_coverage(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options, data_dir(), catalog)) return kUsage;
  size_t uncovered = 0;
  auto coverage = cases::rule_coverage(catalog);
  for (const auto& rule : coverage) {
    if (rule.cases.empty()) {
      ++uncovered;
      std::cout << rule.rule << "  UNCOVERED  " << rule.sentence << "\n";
      continue;
    }
    std::cout << rule.rule << "  " << rule.cases.size() << " case(s): " << join(rule.cases) << "\n";
  }
  std::cout << coverage.size() << " rules: " << coverage.size() - uncovered << " covered, " << uncovered
            << " uncovered\n";
  return uncovered == 0 ? kAsExpected : kRegression;
}

int command_list(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options, data_dir(), catalog)) return kUsage;
  auto instances = run::select_instances(run::expand_instances(catalog, options.latest_version),
                                         {options.filters, options.tags});
  for (const auto& instance : instances) {
    std::cout << instance.id << "  [" << cases::level_name(instance.test_case->level) << "] "
              << instance.test_case->description << "\n";
  }
  std::cerr << instances.size() << " instances\n";
  return kAsExpected;
}

}  // namespace blobconform::cli
