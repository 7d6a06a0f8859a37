#include "harness/report/comparison.h"

#include <map>

namespace blobconform::report {

std::vector<ComparisonRow> compare_runs(const std::vector<RunRecord>& records) {
  std::vector<ComparisonRow> rows;
  std::map<std::string, size_t> row_of;
  for (size_t column = 0; column < records.size(); ++column) {
    for (const auto& result : records[column].results) {
      auto [at, added] = row_of.emplace(result.id, rows.size());
      if (added) rows.push_back(ComparisonRow{result.id, std::vector<const run::InstanceResult*>(records.size()), false});
      auto& cell = rows[at->second].cells[column];
      if (!cell) cell = &result;  // an id twice in one run: its first result stands
    }
  }
  for (auto& row : rows) {
    for (const auto* cell : row.cells) {
      const auto* first = row.cells.front();
      bool same = cell && first ? cell->result == first->result : cell == first;
      if (!same) row.disagree = true;
    }
  }
  return rows;
}

std::string target_label(const RunRecord& record) {
  return record.target.empty() ? std::string("(unnamed target)") : record.target;
}

}  // namespace blobconform::report
