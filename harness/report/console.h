// What a person sees on the terminal: one line per finished instance, failures in full, counts.
#pragma once

#include <ostream>

#include "harness/report/run_record.h"

namespace blobconform::report {

void print_progress_line(std::ostream& out, const run::InstanceResult& result, size_t done, size_t total);
void print_summary(std::ostream& out, const RunRecord& record);

}  // namespace blobconform::report
