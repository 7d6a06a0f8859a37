// lint, coverage, evidence, list: the commands that read the cases without a target.
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>

#include "harness/cases/coverage.h"
#include "harness/cases/evidence.h"
#include "harness/cli/common.h"
#include "harness/run/selection.h"

namespace blobconform::cli {

int command_lint(const Options& options) {
  cases::Catalog catalog;
  size_t files = 0;
  if (!load_cases(options.cases, data_dir(), catalog, &files)) return kUsage;
  size_t count = 0;
  for (const auto& g : catalog.groups) count += g->cases.size();
  std::cout << files << " case files, " << count << " cases, " << catalog.operations.size()
            << " operations: no problems\n";
  return kAsExpected;
}

// Per rule of rules.json, the cases whose `covers` name it; exit 1 while any rule has none.
int command_coverage(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options.cases, data_dir(), catalog)) return kUsage;
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

// Per group, the cases by level and by the strongest evidence among their spec entries (case-format §2.1).
int command_evidence(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options.cases, data_dir(), catalog)) return kUsage;
  auto rows = cases::evidence_by_group(catalog);
  size_t width = 5;
  for (const auto& row : rows) width = std::max(width, row.group.size());
  std::cout << std::left << std::setw(static_cast<int>(width)) << "group" << std::right;
  for (const char* head : {"must", "should", "info"}) std::cout << std::setw(7) << head;
  std::cout << "  |";
  for (auto kind : cases::kEvidenceByStrength) std::cout << " " << cases::evidence_name(kind);
  std::cout << "  | entries  summaries\n";
  for (const auto& row : rows) {
    std::cout << std::left << std::setw(static_cast<int>(width)) << row.group << std::right;
    for (size_t n : row.by_level) std::cout << std::setw(7) << n;
    std::cout << "  |";
    for (size_t k = 0; k < row.by_strongest.size(); ++k) {
      std::cout << std::setw(static_cast<int>(std::strlen(cases::evidence_name(cases::kEvidenceByStrength[k]))) + 1)
                << row.by_strongest[k];
    }
    std::cout << "  | " << std::setw(7) << row.entries << std::setw(11) << row.summaries << "\n";
  }
  std::cout << "(a case counts under the strongest kind among its spec entries: recorded, then front-end, doc, "
               "archived-doc, observed; lint refuses a must that only archived, observed, unstated or summarized "
               "pages carry)\n";
  return kAsExpected;
}

int command_list_tags(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options.cases, data_dir(), catalog)) return kUsage;
  std::map<std::string, size_t> cases_per_tag;
  for (const auto& group : catalog.groups) {
    for (const auto& c : group->cases) {
      for (const auto& tag : c.tags) ++cases_per_tag[tag];
    }
  }
  for (const auto& [tag, n] : cases_per_tag) std::cout << tag << "  " << n << (n == 1 ? " case\n" : " cases\n");
  std::cerr << cases_per_tag.size() << (cases_per_tag.size() == 1 ? " tag" : " tags")
            << " (select with --tags a,b)\n";
  return kAsExpected;
}

int command_list(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options.cases, data_dir(), catalog)) return kUsage;
  auto instances = run::select_instances(run::expand_instances(catalog, options.cases.latest_version),
                                         {options.cases.filters, options.cases.tags, options.cases.id_substrings});
  for (const auto& instance : instances) {
    std::cout << instance.id << "  [" << cases::level_name(instance.test_case->level) << "] "
              << instance.test_case->description << "\n";
  }
  std::cerr << instances.size() << (instances.size() == 1 ? " instance\n" : " instances\n");
  if (instances.empty()) {
    std::cerr << "error: no instance selected: " << describe_selection(options.cases) << " match none\n";
    return kNothingTested;
  }
  return kAsExpected;
}

}  // namespace blobconform::cli
