// The end of a run (or of merged shards): the gate's verdict against the baseline, every report
// file, and the summary on the terminal, each failure with the command that reproduces it.
#include <future>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/report/console.h"
#include "harness/report/html.h"
#include "harness/report/junit.h"
#include "harness/report/markdown.h"
#include "harness/report/results_json.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {

int write_reports(const Options& options, report::RunRecord& record, const report::Baseline* baseline,
                  const fs::path& report_dir) {
  std::string today = wire::format_iso8601(wire::Clock::now()).substr(0, 10);
  auto verdict = report::gate(record.results, baseline, record.strict, today);
  if (baseline) {
    for (const auto& r : record.results) {
      const auto* entry = report::baseline_entry(*baseline, r);
      if (entry && entry->result == r.result) record.known_deviations[r.id] = entry->reason;
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
  report::print_summary(std::cout, record, results_path);
  for (const auto& warning : verdict.warnings) std::cerr << "warning: " << warning << "\n";
  if (baseline) std::cout << verdict.known << " known deviations (baseline)\n";
  for (const auto& d : verdict.differences) {
    std::cout << (d.unexpected_pass ? "unexpected pass: " : "regression: ") << d.id << ": expected " << d.expected
              << ", got " << d.actual << "\n";
  }
  std::cout << "reports: " << (report_dir / "junit.xml").string() << ", " << results_path << ", "
            << (report_dir / "summary.md").string() << ", " << (report_dir / "report.html").string() << "\n";
  if (record.stopped_early) return kStopped;
  if (!options.write_baseline.empty()) return kAsExpected;
  return verdict.differences.empty() ? kAsExpected : kRegression;
}

}  // namespace blobconform::cli
