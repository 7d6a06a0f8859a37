// The one-run Markdown summary. Server-provided text goes through markdown_text()/markdown_code().
#include "harness/report/markdown.h"

#include "harness/report/markdown_counts.h"
#include "harness/report/markdown_text.h"
#include "harness/report/report_file.h"
#include "harness/report/result_kinds.h"
#include "harness/report/visible_text.h"

namespace blobconform::report {
namespace {

using run::InstanceResult;

constexpr size_t kRequirementChars = 160;  // the quote, shortened to one line
constexpr size_t kCauseChars = 240;
constexpr size_t kFieldChars = 200;  // a target, a Server header, a file name
constexpr size_t kNoLimit = std::string::npos;

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string title(const RunRecord& record) {
  std::string md = "# blobconform: " + markdown_text(record.target.empty() ? "(unnamed target)" : record.target, kFieldChars) + "\n\n";
  std::string server = record.target_server.empty() ? "(none)" : markdown_code(record.target_server, kFieldChars);
  md += "Server " + server + " · run " + markdown_code(record.run_id, kFieldChars) + " · harness " +
        markdown_text(record.harness_version, kFieldChars) + " · " + human_duration(record.duration) +
        (record.strict ? " · strict" : "") + (record.stopped_early ? " · **stopped early**" : "") + "\n\n";
  return md;
}

std::string baseline(const RunRecord& record, const GateVerdict& verdict) {
  size_t unexpected_passes = 0;
  for (const auto& d : verdict.differences) unexpected_passes += d.unexpected_pass ? 1 : 0;
  size_t regressions = verdict.differences.size() - unexpected_passes;
  std::string file = record.baseline_file.empty() ? "none (the default gate)" : markdown_code(record.baseline_file, kFieldChars);
  std::string md = "**Baseline** " + file + ": " + plural(regressions, "regression", "regressions") + ", " +
                   plural(unexpected_passes, "unexpected pass", "unexpected passes") + ", " +
                   plural(verdict.known, "known deviation", "known deviations") + ".\n\n";
  size_t listed = 0;
  for (bool passes : {false, true}) {
    for (const auto& d : verdict.differences) {
      if (d.unexpected_pass != passes) continue;
      if (listed++ == kMarkdownMaxFailures) break;
      md += std::string("- ") + (passes ? "Unexpected pass: " : "Regression: ") + markdown_code(d.id, kNoLimit) +
            " expected " + markdown_text(d.expected, kFieldChars) + ", got " + markdown_text(d.actual, kFieldChars) + "\n";
    }
  }
  if (listed > kMarkdownMaxFailures) md += "- … and " + std::to_string(listed - kMarkdownMaxFailures) + " more\n";
  for (const auto& w : verdict.warnings) md += "- Warning: " + markdown_text(w, kCauseChars) + "\n";
  return md + (verdict.differences.empty() && verdict.warnings.empty() ? "" : "\n");
}

// One bullet; the lines after the first end in a backslash, a hard line break in CommonMark.
std::string failure(const RunRecord& record, const InstanceResult& r, const std::string& results_json) {
  auto unexpected = record.unexpected_passes.find(r.id);
  std::string md = unexpected != record.unexpected_passes.end()
                       ? "- **UNEXPECTED " + std::string(run::result_name(r.result)) + "** " + markdown_code(r.id, kNoLimit) +
                             ": the baseline expects " + markdown_text(unexpected->second, kCauseChars) +
                             " (remove the entry)"
                       : std::string("- **") + run::result_name(r.result) + "** " + markdown_code(r.id, kNoLimit) + ": " +
                             markdown_text(r.reason.empty() ? "(no reason given)" : r.reason, kCauseChars);
  if (!r.requirement.empty()) md += "\\\n  Requirement: “" + markdown_text(r.requirement, kRequirementChars) + "”";
  md += "\\\n  Reproduce: " + markdown_code(repro_command(record, results_json, r.id), kNoLimit) + "\n";
  return md;
}

// A capped list under its heading.
std::string section(const std::string& heading, const std::vector<std::string>& bullets, const std::string& results_json) {
  std::string md = "## " + heading + " (" + std::to_string(bullets.size()) + ")\n\n";
  for (size_t i = 0; i < bullets.size() && i < kMarkdownMaxFailures; ++i) md += bullets[i];
  if (bullets.size() > kMarkdownMaxFailures) {
    md += "\n… and " + std::to_string(bullets.size() - kMarkdownMaxFailures) + " more (see the HTML report or " +
          markdown_code(results_json.empty() ? kDefaultResultsJson : results_json, kNoLimit) + ").\n";
  }
  return md;
}

}  // namespace

std::string markdown_summary(const RunRecord& record, const GateVerdict* verdict, const std::string& results_json) {
  std::string md = title(record);
  md += "|" + markdown_counts_head() + "\n|" + markdown_counts_rule() + "\n|" + markdown_counts_cells(record) + "\n\n";
  if (verdict) md += baseline(record, *verdict);
  // What is new first (failures the baseline does not know, unexpected passes), then the known
  // deviations, one line each.
  std::vector<std::string> failures, known;
  for (const auto& r : record.results) {
    auto reason = record.known_deviations.find(r.id);
    if (reason != record.known_deviations.end()) {
      if (r.result != run::ResultKind::Pass) {
        known.push_back(std::string("- ") + run::result_name(r.result) + " " + markdown_code(r.id, kNoLimit) + ": " +
                        markdown_text(reason->second, kCauseChars) + "\n");
      }
    } else if (counts_as_failure(r.result, record.strict) || record.unexpected_passes.count(r.id)) {
      failures.push_back(failure(record, r, results_json));
    }
  }
  md += failures.empty() ? (known.empty() ? "No failures.\n" : "No new failures.\n")
                         : section("Failures", failures, results_json);
  if (!known.empty()) md += "\n" + section("Known deviations", known, results_json);
  return md;
}

Result<void> write_markdown_summary(const RunRecord& record, const GateVerdict* verdict, const std::string& file,
                                    const std::string& results_json) {
  return write_report_file(file, markdown_summary(record, verdict, results_json));
}

}  // namespace blobconform::report
