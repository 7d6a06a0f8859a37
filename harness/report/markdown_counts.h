// The counts of a run as Markdown table cells, shared by the summary and the comparison.
#pragma once

#include <string>

#include "harness/report/run_record.h"

namespace blobconform::report {

// "| PASS | FAIL | ... | KNOWN | Total |" and its alignment row: a known deviation is counted under
// KNOWN, not under its result, as everywhere else.
std::string markdown_counts_head();
std::string markdown_counts_rule();
// "| 3 | 1 | ... | 8 |"
std::string markdown_counts_cells(const RunRecord& record);

}  // namespace blobconform::report
