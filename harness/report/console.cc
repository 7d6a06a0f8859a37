#include "harness/report/console.h"

namespace blobconform::report {

using run::ResultKind;

void print_summary(std::ostream& out, const RunRecord& record, const std::string& results_path) {
  for (const auto& r : record.results) {
    bool shown = r.result == ResultKind::Fail || r.result == ResultKind::Error ||
                 (record.strict && r.result == ResultKind::NonStrict);
    if (!shown) continue;
    out << "\n=== " << run::result_name(r.result) << " " << r.id << " (" << r.file << ")\n" << format_failure(r);
    if (!results_path.empty()) out << "Reproduce: blobconform repro " << results_path << " '" << r.id << "'\n";
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
