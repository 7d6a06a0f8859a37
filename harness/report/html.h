// Self-contained HTML reports: one run (header, group x result matrix, every instance with its
// evidence), and several runs side by side (instances x targets). See html_page.h for the frame.
#pragma once

#include <string>
#include <vector>

#include "harness/report/baseline.h"
#include "harness/report/repro_command.h"
#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

// `verdict` may be null (no gate ran); `results_json` is where the run's results.json was
// written, for the reproduce lines.
std::string html_report(const RunRecord& record, const GateVerdict* verdict,
                        const std::string& results_json = kDefaultResultsJson);
Result<void> write_html_report(const RunRecord& record, const GateVerdict* verdict, const std::string& file,
                               const std::string& results_json = kDefaultResultsJson);

// One column per record, one row per instance of any of them; rows where they disagree stand out.
Result<std::string> html_comparison(const std::vector<RunRecord>& records);
Result<void> write_html_comparison(const std::vector<RunRecord>& records, const std::string& file);

}  // namespace blobconform::report
