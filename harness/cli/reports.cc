// The end of a run (or of merged shards): the gate's verdict against the baseline, every report
// file, and the summary on the terminal: what needs attention in full, each with the command that
// reproduces it, known deviations counted apart, and one closing line with the exit code.
#include <unistd.h>

#include <future>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/report/console.h"
#include "harness/report/html.h"
#include "harness/report/junit.h"
#include "harness/report/markdown.h"
#include "harness/report/progress.h"
#include "harness/report/results_json.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {
namespace {

// A run in which no instance reached a verdict about the target (all skipped or inconclusive).
bool nothing_tested(const report::RunRecord& record) {
  for (const auto& r : record.results) {
    if (r.result != run::ResultKind::Skip && r.result != run::ResultKind::Inconclusive) return false;
  }
  return true;
}

}  // namespace

int write_reports(const Options& options, report::RunRecord& record, const report::Baseline* baseline,
                  const fs::path& report_dir) {
  std::string today = wire::format_iso8601(wire::Clock::now()).substr(0, 10);
  auto verdict = report::gate(record.results, baseline, record.strict, today);
  record.known_deviations.clear();
  record.unexpected_passes.clear();
  if (baseline) {
    for (const auto& r : record.results) {
      auto standing = report::standing_of(r, baseline, record.strict);
      const auto* entry = report::baseline_entry(*baseline, r);
      if (standing == report::Standing::Known) record.known_deviations[r.id] = entry->reason;
      if (standing == report::Standing::UnexpectedPass) {
        record.unexpected_passes[r.id] = std::string(run::result_name(entry->result)) + ": " + entry->reason;
      }
    }
  }
  std::string results_path = (report_dir / "results.json").string();
  // The HTML report, the largest, is written on a second thread while the others are (all of
  // them only read the record and the verdict).
  auto html = std::async(std::launch::async, [&] {
    return report::write_html_report(record, &verdict, (report_dir / "report.html").string(), results_path);
  });
  for (auto written : {report::write_junit(record, (report_dir / "junit.xml").string()),
                       report::write_results_json(record, results_path),
                       report::write_markdown_summary(record, &verdict, (report_dir / "summary.md").string(), results_path),
                       html.get()}) {
    if (!written) std::cerr << "error: " << written.error().message << "\n";
  }
  report::SummaryOptions summary;
  summary.results_path = results_path;
  summary.baseline = baseline;
  summary.quiet = options.output.quiet;
  summary.verbose = options.output.verbose;
  summary.colour = report::colour_wanted(isatty(STDOUT_FILENO) == 1);
  report::print_summary(std::cout, record, summary);
  for (const auto& warning : verdict.warnings) std::cerr << "warning: " << warning << "\n";
  if (!options.output.quiet) {
    std::cout << "reports: " << (report_dir / "junit.xml").string() << ", " << results_path << ", "
              << (report_dir / "summary.md").string() << ", " << (report_dir / "report.html").string() << "\n";
  }
  size_t unexpected = 0, errors = 0;
  for (const auto& d : verdict.differences) {
    unexpected += d.unexpected_pass;
    errors += !d.unexpected_pass && d.actual == run::result_name(run::ResultKind::Error);
  }
  size_t regressions = verdict.differences.size() - unexpected - errors;
  auto plural = [](size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  int code = kAsExpected;
  std::string why;
  if (record.stopped_early && !record.failed_fast) {
    code = kStopped;
    why = "stopped early";
  } else if (!options.output.write_baseline.empty()) {
    why = "baseline written";
  } else if (!verdict.differences.empty()) {
    code = kRegression;
    std::vector<std::string> parts;
    if (regressions) parts.push_back(plural(regressions, baseline ? "new failure" : "failure", baseline ? "new failures" : "failures"));
    if (errors) parts.push_back(plural(errors, "error", "errors"));
    if (unexpected) parts.push_back(plural(unexpected, "unexpected pass", "unexpected passes"));
    why = join(parts) + " to look at";
  } else if (nothing_tested(record)) {
    code = kNothingTested;
    why = record.results.empty() ? "no instance ran"
                                 : "nothing was tested: every instance was skipped or inconclusive (see the reasons above)";
  } else {
    why = baseline ? "nothing new (" + plural(verdict.known, "known deviation", "known deviations") + ")" : "no failures";
  }
  const char* colour = !summary.colour ? "" : code == kAsExpected ? "\033[1;32m" : "\033[1;31m";
  std::cout << colour << (code == kAsExpected ? "OK: " : "NOT OK: ") << why << " (exit " << code << ")"
            << (summary.colour ? "\033[0m" : "") << "\n";
  return code;
}

}  // namespace blobconform::cli
