// The Markdown comparison of several runs: counts per target, then where the targets disagree.
#include "harness/report/markdown.h"

#include "harness/report/comparison.h"
#include "harness/report/markdown_counts.h"
#include "harness/report/markdown_text.h"
#include "harness/report/report_file.h"

namespace blobconform::report {
namespace {

constexpr size_t kFieldChars = 120;       // a target or a Server header in a table cell
constexpr size_t kColumnHeadChars = 32;  // a target as the heading of a result column
constexpr size_t kNoLimit = std::string::npos;

std::string number(size_t column) { return "#" + std::to_string(column + 1); }

}  // namespace

Result<std::string> markdown_comparison(const std::vector<RunRecord>& records) {
  if (records.empty()) return fail("a comparison needs at least one run");
  auto rows = compare_runs(records);
  std::vector<const ComparisonRow*> disagreeing;
  for (const auto& row : rows) {
    if (row.disagree) disagreeing.push_back(&row);
  }

  std::string md = "# blobconform: " + std::to_string(records.size()) + " targets compared\n\n";
  md += "| | Target | Server |" + markdown_counts_head() + "\n| ---: | --- | --- |" + markdown_counts_rule() + "\n";
  for (size_t i = 0; i < records.size(); ++i) {
    std::string server = records[i].target_server.empty()
                             ? "(none)"
                             : markdown_code(records[i].target_server, kFieldChars, MarkdownPlace::TableCell);
    md += "| " + number(i) + " | " + markdown_code(target_label(records[i]), kFieldChars, MarkdownPlace::TableCell) +
          " | " + server + " |" +
          markdown_counts_cells(records[i]) + "\n";
  }
  md += "\n## Disagreements (" + std::to_string(disagreeing.size()) + " of " + std::to_string(rows.size()) +
        " instances)\n\n";
  if (disagreeing.empty()) return md + "The targets agree on every instance.\n";

  // Columns carry the numbers of the table above: targets' names can be long, or alike.
  md += "| Instance |";
  for (size_t i = 0; i < records.size(); ++i) {
    md += " " + number(i) + " " + markdown_code(target_label(records[i]), kColumnHeadChars, MarkdownPlace::TableCell) + " |";
  }
  md += "\n| --- |";
  for (size_t i = 0; i < records.size(); ++i) md += " --- |";
  md += "\n";
  for (size_t n = 0; n < disagreeing.size() && n < kMarkdownMaxDisagreements; ++n) {
    md += "| " + markdown_code(disagreeing[n]->id, kNoLimit, MarkdownPlace::TableCell) + " |";
    for (const auto* cell : disagreeing[n]->cells) md += std::string(" ") + (cell ? run::result_name(cell->result) : "—") + " |";
    md += "\n";
  }
  if (disagreeing.size() > kMarkdownMaxDisagreements) {
    md += "\n… and " + std::to_string(disagreeing.size() - kMarkdownMaxDisagreements) + " more.\n";
  }
  return md;
}

Result<void> write_markdown_comparison(const std::vector<RunRecord>& records, const std::string& file) {
  auto md = markdown_comparison(records);
  if (!md) return md.error();
  return write_report_file(file, *md);
}

}  // namespace blobconform::report
