#include "harness/report/markdown_counts.h"

#include "harness/report/result_kinds.h"

namespace blobconform::report {

std::string markdown_counts_head() {
  std::string line;
  for (auto kind : kResultKinds) line += std::string(" ") + run::result_name(kind) + " |";
  return line + " Total |";
}

std::string markdown_counts_rule() {
  std::string line;
  for (size_t i = 0; i <= kResultKinds.size(); ++i) line += " ---: |";
  return line;
}

std::string markdown_counts_cells(const RunRecord& record) {
  auto counts = count_results(record.results);
  std::string line;
  for (auto kind : kResultKinds) line += " " + std::to_string(counts[kind]) + " |";
  return line + " " + std::to_string(record.results.size()) + " |";
}

}  // namespace blobconform::report
