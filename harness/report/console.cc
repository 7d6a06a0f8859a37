#include "harness/report/console.h"

namespace blobconform::report {

using run::ResultKind;

void print_progress_line(std::ostream& out, const run::InstanceResult& result, size_t done, size_t total) {
  out << "[" << done << "/" << total << "] " << run::result_name(result.result) << "  " << result.id;
  if (result.result != ResultKind::Pass && !result.reason.empty()) out << "  — " << result.reason;
  out << "\n";
}

void print_summary(std::ostream& out, const RunRecord& record) {
  for (const auto& r : record.results) {
    bool shown = r.result == ResultKind::Fail || r.result == ResultKind::Error ||
                 (record.strict && r.result == ResultKind::NonStrict);
    if (!shown) continue;
    out << "\n=== " << run::result_name(r.result) << " " << r.id << " (" << r.file << ")\n" << format_failure(r);
  }
  auto counts = count_results(record.results);
  out << "\n" << record.results.size() << " instances:";
  for (auto kind : {ResultKind::Pass, ResultKind::Fail, ResultKind::NonStrict, ResultKind::Info, ResultKind::Skip,
                    ResultKind::Inconclusive, ResultKind::Error}) {
    out << " " << run::result_name(kind) << " " << counts[kind];
  }
  if (record.stopped_early) out << " (stopped early)";
  out << "\n";
}

}  // namespace blobconform::report
