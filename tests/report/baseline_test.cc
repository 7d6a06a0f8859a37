// Baselines (case-format §8): loading names every problem; the gate turns the difference between a
// run and the baseline into the exit code; `baseline --write` records what the gate would refuse.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/report/baseline.h"
#include "tests/support/command.h"

namespace blobconform::report {
namespace {

using run::ResultKind;

run::InstanceResult result(const std::string& id, ResultKind kind) {
  run::InstanceResult r;
  r.id = id;
  r.case_id = id.substr(0, id.find('@'));
  r.result = kind;
  r.reason = "observed";
  return r;
}

Baseline baseline_of(const std::string& text, cases::Problems& problems) {
  testing::TempDir dir;
  auto file = dir.path() / "b.json";
  testing::write_file(file, text);
  return load_baseline(file.string(), problems);
}

Baseline baseline_of(const std::string& text) {
  cases::Problems problems;
  auto baseline = baseline_of(text, problems);
  for (const auto& p : problems) ADD_FAILURE() << cases::to_string(p);
  return baseline;
}

const char* kBaseline = R"({"format": 1, "target": "t", "expected": {
  "g/known": {"result": "FAIL", "reason": "a deviation", "link": "https://example.invalid/1", "until": "2027-06-30"},
  "g/versioned@2015-04-05": {"result": "ERROR", "reason": "old signing", "until": "2027-06-30"},
  "g/old": {"result": "FAIL", "reason": "an old deviation", "until": "2020-01-01"}}})";

TEST(Baseline, AKnownFailureIsAsExpected) {
  auto b = baseline_of(kBaseline);
  auto v = gate({result("g/known", ResultKind::Fail), result("g/other", ResultKind::Pass)}, &b, false, "2026-11-24");
  EXPECT_TRUE(v.differences.empty());
  EXPECT_EQ(v.known, 1u);
}

TEST(Baseline, AFailureWithoutAnEntryIsARegression) {
  auto b = baseline_of(kBaseline);
  auto v = gate({result("g/new", ResultKind::Fail)}, &b, false, "2026-11-24");
  ASSERT_EQ(v.differences.size(), 1u);
  EXPECT_EQ(v.differences[0].id, "g/new");
  EXPECT_FALSE(v.differences[0].unexpected_pass);
}

TEST(Baseline, AnUnexpectedPassIsADifference) {
  auto b = baseline_of(kBaseline);
  auto v = gate({result("g/known", ResultKind::Pass)}, &b, false, "2026-11-24");
  ASSERT_EQ(v.differences.size(), 1u);
  EXPECT_TRUE(v.differences[0].unexpected_pass);
}

TEST(Baseline, AnotherFailureKindIsADifference) {
  auto b = baseline_of(kBaseline);
  auto v = gate({result("g/known", ResultKind::Error)}, &b, false, "2026-11-24");
  EXPECT_EQ(v.differences.size(), 1u);
}

TEST(Baseline, InstanceEntriesApplyToTheirInstanceOnly) {
  auto b = baseline_of(kBaseline);
  auto v = gate({result("g/versioned@2015-04-05", ResultKind::Error), result("g/versioned@latest", ResultKind::Error)},
                &b, false, "2026-11-24");
  ASSERT_EQ(v.differences.size(), 1u);
  EXPECT_EQ(v.differences[0].id, "g/versioned@latest");
}

TEST(Baseline, AnExpiredEntryWarnsOnce) {
  auto b = baseline_of(kBaseline);
  auto v = gate({result("g/old", ResultKind::Fail), result("g/old", ResultKind::Fail)}, &b, false, "2026-11-24");
  EXPECT_TRUE(v.differences.empty());
  ASSERT_EQ(v.warnings.size(), 1u);
  EXPECT_NE(v.warnings[0].find("expired on 2020-01-01"), std::string::npos);
  EXPECT_TRUE(gate({result("g/old", ResultKind::Fail)}, &b, false, "2019-12-31").warnings.empty());
}

TEST(Baseline, WithoutABaselineOnlyRefusedResultsGate) {
  auto v = gate({result("a", ResultKind::Pass), result("b", ResultKind::Info), result("c", ResultKind::Skip),
                 result("d", ResultKind::Inconclusive), result("e", ResultKind::NonStrict)},
                nullptr, false, "2026-11-24");
  EXPECT_TRUE(v.differences.empty());
  EXPECT_EQ(gate({result("e", ResultKind::NonStrict)}, nullptr, true, "2026-11-24").differences.size(), 1u);
  EXPECT_EQ(gate({result("f", ResultKind::Error)}, nullptr, false, "2026-11-24").differences.size(), 1u);
}

TEST(Baseline, ProblemsNameTheFileTheEntryAndTheReason) {
  cases::Problems problems;
  baseline_of(R"({"format": 1, "target": "t", "expected": {
      "g/a": {"result": "MAYBE", "reason": "r"},
      "g/b": {"result": "FAIL", "reason": "r", "until": "soon"},
      "g/c": {"result": "FAIL", "reason": "r", "colour": "red"}}})",
              problems);
  std::string all;
  for (const auto& p : problems) all += cases::to_string(p) + "\n";
  EXPECT_NE(all.find("/expected/g/a/result"), std::string::npos) << all;
  EXPECT_NE(all.find("/expected/g/b/until"), std::string::npos) << all;
  EXPECT_NE(all.find("/expected/g/c/colour"), std::string::npos) << all;
  EXPECT_NE(all.find("b.json"), std::string::npos) << all;
}

TEST(Baseline, WriteRecordsWhatTheGateRefusesAndKeepsReviewedFields) {
  auto previous = baseline_of(kBaseline);
  auto written = baseline_from_results(
      {result("g/known", ResultKind::Fail), result("g/new@2015-04-05", ResultKind::Error),
       result("g/new@latest", ResultKind::Pass), result("g/fine", ResultKind::Pass)},
      "t", &previous, false);
  const auto& expected = written["expected"];
  EXPECT_EQ(expected["g/known"]["reason"], "a deviation");  // the reviewed reason stays
  EXPECT_EQ(expected["g/known"]["until"], "2027-06-30");
  EXPECT_TRUE(expected.contains("g/new@2015-04-05"));        // only the instance that failed
  EXPECT_FALSE(expected.contains("g/new"));
  EXPECT_FALSE(expected.contains("g/fine"));
}

}  // namespace
}  // namespace blobconform::report

namespace blobconform::report {
namespace {

TEST(Standing, EachResultAgainstTheBaseline) {
  auto b = baseline_of(kBaseline);
  EXPECT_EQ(standing_of(result("g/known", ResultKind::Fail), &b, false), Standing::Known);
  EXPECT_EQ(standing_of(result("g/known", ResultKind::Error), &b, false), Standing::Changed);
  EXPECT_EQ(standing_of(result("g/known", ResultKind::Pass), &b, false), Standing::UnexpectedPass);
  EXPECT_EQ(standing_of(result("g/known", ResultKind::Inconclusive), &b, false), Standing::Fine);
  EXPECT_EQ(standing_of(result("g/known", ResultKind::Skip), &b, false), Standing::Fine) << "a skipped instance did not run";
  EXPECT_EQ(standing_of(result("g/new", ResultKind::Fail), &b, false), Standing::New);
  EXPECT_EQ(standing_of(result("g/new", ResultKind::Error), &b, false), Standing::New);
  EXPECT_EQ(standing_of(result("g/new", ResultKind::NonStrict), &b, false), Standing::Fine);
  EXPECT_EQ(standing_of(result("g/new", ResultKind::NonStrict), &b, true), Standing::New);
  EXPECT_EQ(standing_of(result("g/new", ResultKind::Fail), nullptr, false), Standing::New);
  EXPECT_EQ(standing_of(result("g/new", ResultKind::Skip), nullptr, false), Standing::Fine);
  EXPECT_TRUE(needs_attention(Standing::UnexpectedPass));
  EXPECT_FALSE(needs_attention(Standing::Known));
}

}  // namespace
}  // namespace blobconform::report
