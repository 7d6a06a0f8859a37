// What a person sees at the end of a run: what needs attention in full (new failures and errors,
// regressions, unexpected passes), known deviations only counted, then the closing line
// (progress.h shows the run as it goes).
#pragma once

#include <ostream>
#include <string>

#include "harness/report/baseline.h"
#include "harness/report/run_record.h"

namespace blobconform::report {

struct SummaryOptions {
  std::string results_path;  // named in each reproduce line
  const Baseline* baseline = nullptr;
  bool quiet = false;    // only what needs attention, then the closing line
  bool verbose = false;  // the known deviations one line each as well
  bool colour = false;
};

void print_summary(std::ostream& out, const RunRecord& record, const SummaryOptions& options);

// "169 instances: 95 passed, 51 known deviations, 2 new failures, ...": every standing counted
// apart, singular and plural right.
std::string closing_counts(const RunRecord& record, const Baseline* baseline);

}  // namespace blobconform::report
