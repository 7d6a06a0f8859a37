// The pending-copy cases that act on bytes in flight wait for the state they need before they act
// (issue 18): the same verdict on 20 runs (ten at a time, each with its own target) whose copy
// engine is slowed by different amounts (url_copy_delay_ms), on the clean target and on the one
// that keeps the bytes copied so far after an abort.
#include <gtest/gtest.h>

#include <future>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

using reference::Fault;
using testing::SuiteRun;

// From no delay to one past the 5 s Copy Blob waits for the source's answer (kSourceAnswerTimeoutMs):
// then the 202 comes before the source's length is known and the progress first reads 0/0.
constexpr int kDelaysMs[] = {0, 20, 150, 600, 5100};
constexpr int kRuns = 20;
constexpr int kRunsAtOnce = 10;

SuiteRun run_with(Fault fault, int delay_ms) {
  reference::ReferenceOptions options;
  options.fault = fault;
  options.url_copy_delay_ms = delay_ms;
  return testing::run_on_reference(options, {"-k", "zero-length-after-partial-transfer", "-k", "keeps-copy-progress"});
}

// Each run's results, in run order.
std::vector<SuiteRun> twenty_runs(Fault fault) {
  std::vector<SuiteRun> runs;
  for (int first = 0; first < kRuns; first += kRunsAtOnce) {
    std::vector<std::future<SuiteRun>> batch;
    for (int i = first; i < first + kRunsAtOnce && i < kRuns; ++i) {
      int delay = kDelaysMs[i % std::size(kDelaysMs)];
      batch.push_back(std::async(std::launch::async, [fault, delay] { return run_with(fault, delay); }));
    }
    for (auto& run : batch) runs.push_back(run.get());
  }
  return runs;
}

void expect_every_run(const std::vector<SuiteRun>& runs, const std::map<std::string, std::string>& verdicts) {
  for (size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].results, verdicts) << "run " << i << " (copy delay " << kDelaysMs[i % std::size(kDelaysMs)]
                                         << " ms):\n" << runs[i].command.output;
  }
}

TEST(PendingCopyStability, TwentyRunsWithTheCopyPacingVariedGiveTheSameVerdicts) {
  expect_every_run(twenty_runs(Fault::None), {{"abort-copy/pending-copy/keeps-copy-progress", "PASS"},
                                              {"abort-copy/pending-copy/zero-length-after-partial-transfer", "PASS"}});
  expect_every_run(twenty_runs(Fault::AbortKeepsContent),
                   {{"abort-copy/pending-copy/keeps-copy-progress", "PASS"},
                    {"abort-copy/pending-copy/zero-length-after-partial-transfer", "FAIL"}});
}

}  // namespace
}  // namespace blobconform
