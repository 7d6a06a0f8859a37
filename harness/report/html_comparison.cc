// The HTML comparison of several runs: instances x targets, disagreements highlighted.
#include "harness/report/html.h"

#include "harness/report/comparison.h"
#include "harness/report/html_page.h"
#include "harness/report/report_file.h"
#include "harness/report/result_kinds.h"

namespace blobconform::report {
namespace {

// Offers "only rows where the targets disagree"; without it every row shows, disagreements marked.
constexpr std::string_view kScript = R"js(
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = 'only-disagreements';
  box.addEventListener('change', () => {
    matrix.querySelectorAll('tbody tr.instance-row').forEach((row) => {
      row.hidden = box.checked && !row.classList.contains('disagree');
    });
  });
  label.append(box, ' only the instances where the targets disagree');
  bar.append(label);
  bar.hidden = false;
)js";

std::string column_head(const RunRecord& record) {
  std::string html = "<th data-column>" + html_escape(target_label(record));
  html += "<span class=\"server\">" +
          (record.target_server.empty() ? std::string("(no Server header)") : html_escape(record.target_server)) +
          "</span>";
  if (!record.run_id.empty()) html += "<span class=\"server\">run " + html_escape(record.run_id) + "</span>";
  return html + "</th>";
}

std::string summary_cell(const RunRecord& record) {
  auto counts = count_results(record.results);
  std::string html = "<td>";
  for (auto kind : kResultKinds) {
    if (!counts[kind]) continue;
    html += std::string("<span class=\"badge ") + kind_slug(kind) + "\" data-kind=\"" + kind_slug(kind) + "\">" +
            run::result_name(kind) + " " + std::to_string(counts[kind]) + "</span>";
  }
  return html + "<div class=\"note\">" + std::to_string(record.results.size()) + " instances</div></td>";
}

std::string result_cell(const run::InstanceResult* result) {
  if (!result) return "<td class=\"cell absent\" title=\"not in this run\">—</td>";
  std::string name = run::result_name(result->result);
  std::string html = std::string("<td class=\"cell ") + kind_slug(result->result) + "\" data-kind=\"" +
                     kind_slug(result->result) + "\"";
  if (result->reason.empty()) return html + ">" + name + "</td>";
  html += " title=\"" + html_escape(result->reason) + "\"><details><summary>" + name + "</summary><div>" +
          html_escape(result->reason) + "</div></details></td>";
  return html;
}

}  // namespace

Result<std::string> html_comparison(const std::vector<RunRecord>& records) {
  if (records.empty()) return fail("a comparison needs at least one run");
  auto rows = compare_runs(records);
  size_t disagreements = 0;
  for (const auto& row : rows) disagreements += row.disagree ? 1 : 0;

  std::string nonce = html_script_nonce();
  std::string html = html_page_start("blobconform — " + std::to_string(records.size()) + " targets compared", nonce);
  html += "<header>\n<h1>blobconform comparison <span class=\"target\">— " + std::to_string(records.size()) +
          " targets</span></h1>\n<p><strong>" + std::to_string(disagreements) + "</strong> of " +
          std::to_string(rows.size()) +
          " instances have different results across the targets (marked &#8800;). Hover or open a cell for its "
          "reason.</p>\n<div id=\"filters\" class=\"filters\" hidden></div>\n";
  html += "</header>\n<table id=\"matrix\" class=\"grid comparison\" data-columns=\"" + std::to_string(records.size()) +
          "\" data-disagreements=\"" + std::to_string(disagreements) + "\">\n<thead><tr><th class=\"row-head\">Instance</th>";
  for (const auto& record : records) html += column_head(record);
  html += "</tr></thead>\n<tbody>\n<tr class=\"summary\"><td class=\"row-head\">Counts</td>";
  for (const auto& record : records) html += summary_cell(record);
  html += "</tr>\n";
  for (const auto& row : rows) {
    html += std::string("<tr class=\"instance-row") + (row.disagree ? " disagree\" data-disagree=\"true" : "") +
            "\"><td class=\"row-head\">" + html_escape(row.id) + "</td>";
    for (const auto* cell : row.cells) html += result_cell(cell);
    html += "</tr>\n";
  }
  html += "</tbody>\n</table>\n";
  return html + html_page_end(nonce, kScript);
}

Result<void> write_html_comparison(const std::vector<RunRecord>& records, const std::string& file) {
  auto html = html_comparison(records);
  if (!html) return html.error();
  return write_report_file(file, *html);
}

}  // namespace blobconform::report
