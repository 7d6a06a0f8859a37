// Several runs side by side (one per target): which instances each ran, with what result, and
// where the targets disagree. Shared by the HTML and Markdown comparisons.
#pragma once

#include <string>
#include <vector>

#include "harness/report/run_record.h"

namespace blobconform::report {

struct ComparisonRow {
  std::string id;  // instance id
  std::vector<const run::InstanceResult*> cells;  // one per record; nullptr: that run lacks it
  // Not every record has the same result (a missing instance counts as a result of its own).
  bool disagree = false;
};

// Every instance id of any record, each once: in the first record's order, then any the later
// records add, in theirs. The catalog's order is the one every report uses, so it stays stable.
std::vector<ComparisonRow> compare_runs(const std::vector<RunRecord>& records);

// "azurite http://127.0.0.1:10000/devstoreaccount1" as a column heading names a target.
std::string target_label(const RunRecord& record);

}  // namespace blobconform::report
