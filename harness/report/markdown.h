// Markdown summaries fit for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY): short, the
// counts first, then what failed and how to reproduce it. One run, or several side by side.
#pragma once

#include <string>
#include <vector>

#include "harness/report/baseline.h"
#include "harness/report/repro_command.h"
#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

// At most this many failures are listed; the rest are counted ("and N more").
inline constexpr size_t kMarkdownMaxFailures = 50;
// At most this many disagreeing instances are listed in a comparison.
inline constexpr size_t kMarkdownMaxDisagreements = 200;

// `verdict` may be null (no gate ran); `results_json` is where the run's results.json was
// written, for the reproduce lines.
std::string markdown_summary(const RunRecord& record, const GateVerdict* verdict,
                             const std::string& results_json = kDefaultResultsJson);
Result<void> write_markdown_summary(const RunRecord& record, const GateVerdict* verdict, const std::string& file,
                                    const std::string& results_json = kDefaultResultsJson);

Result<std::string> markdown_comparison(const std::vector<RunRecord>& records);
Result<void> write_markdown_comparison(const std::vector<RunRecord>& records, const std::string& file);

}  // namespace blobconform::report
