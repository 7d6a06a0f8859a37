#include "harness/report/console.h"

#include "harness/report/progress.h"
#include "harness/report/repro_command.h"

namespace blobconform::report {
namespace {

using run::ResultKind;

std::string count(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

std::string closing_counts(const RunRecord& record, const Baseline* baseline) {
  size_t passed = 0, known = 0, failures = 0, errors = 0, unexpected = 0, non_strict = 0, info = 0, skipped = 0,
         inconclusive = 0;
  for (const auto& r : record.results) {
    Standing standing = standing_of(r, baseline, record.strict);
    if (standing == Standing::Known) ++known;
    else if (standing == Standing::UnexpectedPass) ++unexpected;
    else if (r.result == ResultKind::Error) ++errors;
    else if (needs_attention(standing)) ++failures;
    else if (r.result == ResultKind::Pass) ++passed;
    else if (r.result == ResultKind::NonStrict) ++non_strict;
    else if (r.result == ResultKind::Info) ++info;
    else if (r.result == ResultKind::Skip) ++skipped;
    else ++inconclusive;
  }
  std::string line = count(record.results.size(), "instance", "instances") + ": " + std::to_string(passed) + " passed";
  if (baseline) line += ", " + count(known, "known deviation", "known deviations");
  line += ", " + count(failures, baseline ? "new failure" : "failure", baseline ? "new failures" : "failures") + ", " +
          count(errors, "error", "errors");
  if (unexpected) line += ", " + count(unexpected, "unexpected pass", "unexpected passes");
  line += ", " + std::to_string(non_strict) + " non-strict, " + std::to_string(info) + " info, " +
          std::to_string(skipped) + " skipped, " + std::to_string(inconclusive) + " inconclusive";
  if (record.stopped_early) line += " (stopped early)";
  return line;
}

void print_summary(std::ostream& out, const RunRecord& record, const SummaryOptions& options) {
  size_t known = 0;
  for (const auto& r : record.results) {
    Standing standing = standing_of(r, options.baseline, record.strict);
    if (standing == Standing::Known) {
      ++known;
      if (options.verbose && !options.quiet) {
        out << standing_label(r, standing, options.colour) << " " << r.id << " — baseline: "
            << baseline_entry(*options.baseline, r)->reason << "\n";
      }
      continue;
    }
    if (!needs_attention(standing)) continue;
    out << "\n=== " << standing_label(r, standing, options.colour) << " " << r.id << " (" << r.file << ")\n";
    if (standing == Standing::UnexpectedPass) {
      const BaselineEntry* entry = baseline_entry(*options.baseline, r);
      out << "The baseline " << options.baseline->file << " expects " << run::result_name(entry->result) << ": "
          << entry->reason << "\nIt no longer happens: remove the entry (or write the baseline again with "
          << "`baseline --write`).\n";
    } else {
      if (standing == Standing::Changed) {
        const BaselineEntry* entry = baseline_entry(*options.baseline, r);
        out << "The baseline " << options.baseline->file << " expects " << run::result_name(entry->result)
            << " here: " << entry->reason << "\n";
      }
      out << format_failure(r);
    }
    out << "Reproduce: " << repro_command(record, options.results_path, r.id) << "\n";
  }
  if (known && !options.quiet && !options.verbose) {
    out << "\n" << count(known, "known deviation", "known deviations") << " of the baseline " << options.baseline->file
        << " not shown (summary.md and report.html list them; --verbose prints them)\n";
  }
  out << "\n" << closing_counts(record, options.baseline) << "\n";
}

}  // namespace blobconform::report
