#include "harness/report/markdown_counts.h"

#include <map>

#include "harness/report/result_kinds.h"

namespace blobconform::report {

std::string markdown_counts_head() {
  std::string line;
  for (auto kind : kResultKinds) line += std::string(" ") + run::result_name(kind) + " |";
  return line + " KNOWN | Total |";
}

std::string markdown_counts_rule() {
  std::string line;
  for (size_t i = 0; i <= kResultKinds.size() + 1; ++i) line += " ---: |";
  return line;
}

std::string markdown_counts_cells(const RunRecord& record) {
  std::map<run::ResultKind, size_t> counts;
  size_t known = 0;
  for (const auto& r : record.results) {
    if (r.result != run::ResultKind::Pass && record.known_deviations.count(r.id)) ++known;
    else ++counts[r.result];
  }
  std::string line;
  for (auto kind : kResultKinds) line += " " + std::to_string(counts[kind]) + " |";
  return line + " " + std::to_string(known) + " | " + std::to_string(record.results.size()) + " |";
}

}  // namespace blobconform::report
