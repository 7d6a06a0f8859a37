// What a person sees at the end of a run: failures in full, then the counts (progress.h shows the
// run as it goes).
#pragma once

#include <ostream>

#include "harness/report/run_record.h"

namespace blobconform::report {

// results_path, when given, is named in each failure's reproduce line.
void print_summary(std::ostream& out, const RunRecord& record, const std::string& results_path = "");

}  // namespace blobconform::report
