// The closing summary: what needs attention in full, known deviations counted apart and not
// shown, --quiet down to what needs attention and the closing line, counts in words.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/console.h"

namespace blobconform::report {
namespace {

run::InstanceResult result(const std::string& id, run::ResultKind kind) {
  run::InstanceResult r;
  r.id = id;
  r.case_id = id;
  r.file = "cases/g.json";
  r.result = kind;
  r.reason = "status: expected 204, got 200";
  r.expected = "204";
  r.actual = "200";
  return r;
}

struct Fixture {
  Baseline baseline;
  RunRecord record;
  Fixture() {
    baseline.file = "base.json";
    baseline.expected["g/known"] = {run::ResultKind::Fail, "the server answers 200", "", ""};
    baseline.expected["g/fixed"] = {run::ResultKind::Fail, "it used to fail", "", ""};
    record.program = "build/blobconform";
    record.target_argument = "--target \"$AZURE_STORAGE_CONNECTION_STRING\"";
    record.results = {result("g/pass", run::ResultKind::Pass), result("g/known", run::ResultKind::Fail),
                      result("g/new", run::ResultKind::Fail), result("g/fixed", run::ResultKind::Pass),
                      result("g/skip", run::ResultKind::Skip)};
  }
  std::string summary(bool quiet, const Baseline* b) {
    std::ostringstream out;
    SummaryOptions options;
    options.results_path = "r/results.json";
    options.baseline = b;
    options.quiet = quiet;
    print_summary(out, record, options);
    return out.str();
  }
};

TEST(Console, OnlyWhatNeedsAttentionIsShownInFull) {
  Fixture f;
  std::string text = f.summary(false, &f.baseline);
  EXPECT_NE(text.find("=== FAIL g/new (cases/g.json)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Reproduce: build/blobconform repro r/results.json g/new --target \"$AZURE_STORAGE_CONNECTION_STRING\"\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("=== UNEXPECTED PASS g/fixed (cases/g.json)\nThe baseline base.json expects FAIL: it used to fail"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("=== FAIL g/known"), std::string::npos) << text;
  EXPECT_EQ(text.find("=== KNOWN"), std::string::npos) << text;
  EXPECT_NE(text.find("1 known deviation of the baseline base.json not shown"), std::string::npos) << text;
  EXPECT_NE(text.find("5 instances: 1 passed, 1 known deviation, 1 new failure, 0 errors, 1 unexpected pass, 0 "
                      "non-strict, 0 info, 1 skipped, 0 inconclusive\n"),
            std::string::npos)
      << text;
}

TEST(Console, QuietKeepsOnlyWhatNeedsAttentionAndTheClosingLine) {
  Fixture f;
  std::string text = f.summary(true, &f.baseline);
  EXPECT_NE(text.find("=== FAIL g/new"), std::string::npos) << text;
  EXPECT_EQ(text.find("not shown"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("5 instances:"), text.find("5 instances:"));
}

TEST(Console, WithoutABaselineEveryFailureIsShownAndCountedPlainly) {
  Fixture f;
  std::string text = f.summary(false, nullptr);
  EXPECT_NE(text.find("=== FAIL g/known"), std::string::npos) << text;
  EXPECT_EQ(text.find("UNEXPECTED"), std::string::npos) << text;
  EXPECT_NE(text.find("5 instances: 2 passed, 2 failures, 0 errors, 0 non-strict"), std::string::npos) << text;
}

TEST(Console, OneOfEachIsSingular) {
  RunRecord record;
  record.results = {result("g/only", run::ResultKind::Error)};
  EXPECT_EQ(closing_counts(record, nullptr),
            "1 instance: 0 passed, 0 failures, 1 error, 0 non-strict, 0 info, 0 skipped, 0 inconclusive");
}

}  // namespace
}  // namespace blobconform::report
