// Progress: a rewritten status line on a terminal (ticking each second), plain lines elsewhere,
// known deviations marked KNOWN with the baseline's reason, nothing when quiet, exchanges when
// verbose.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "harness/report/progress.h"

namespace blobconform::report {
namespace {

run::InstanceResult finished(const std::string& id, run::ResultKind kind) {
  run::InstanceResult r;
  r.id = id;
  r.case_id = id;
  r.result = kind;
  r.reason = kind == run::ResultKind::Pass ? "" : "why";
  return r;
}

Baseline baseline_of(std::map<std::string, run::ResultKind> entries) {
  Baseline b;
  b.file = "base.json";
  for (const auto& [id, kind] : entries) b.expected[id] = {kind, "the server does X", "", ""};
  return b;
}

ProgressOptions plain(const Baseline* baseline = nullptr) {
  ProgressOptions o;
  o.baseline = baseline;
  return o;
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  std::ostringstream out;
  Progress progress(out, plain());
  progress.finished(finished("a", run::ResultKind::Pass), 1, 2);
  progress.finished(finished("b", run::ResultKind::Fail), 2, 2);
  progress.end();
  EXPECT_EQ(out.str(), "[1/2] PASS  a\n[2/2] FAIL  b  — why\n");
}

TEST(Progress, AKnownDeviationIsMarkedWithTheBaselinesReason) {
  auto baseline = baseline_of({{"known", run::ResultKind::Fail}, {"fixed", run::ResultKind::Fail}});
  std::ostringstream out;
  Progress progress(out, plain(&baseline));
  progress.finished(finished("known", run::ResultKind::Fail), 1, 3);
  progress.finished(finished("new", run::ResultKind::Fail), 2, 3);
  progress.finished(finished("fixed", run::ResultKind::Pass), 3, 3);
  progress.end();
  EXPECT_EQ(out.str(),
            "[1/3] KNOWN FAIL  known  — baseline: the server does X\n"
            "[2/3] FAIL  new  — why\n"
            "[3/3] UNEXPECTED PASS  fixed  — the baseline expects FAIL: the server does X\n");
}

TEST(Progress, OnATerminalOnlyWhatNeedsAttentionIsPrintedAboveTheStatusLine) {
  auto baseline = baseline_of({{"known", run::ResultKind::Fail}});
  std::ostringstream out;
  ProgressOptions options = plain(&baseline);
  options.terminal = true;
  Progress progress(out, options);
  progress.finished(finished("a", run::ResultKind::Pass), 1, 4);
  progress.finished(finished("b", run::ResultKind::Error), 2, 4);
  progress.finished(finished("known", run::ResultKind::Fail), 3, 4);
  progress.finished(finished("c", run::ResultKind::Fail), 4, 4);
  progress.end();
  std::string text = out.str();
  EXPECT_EQ(text.find("PASS  a"), std::string::npos) << text;  // passes only move the counter
  EXPECT_EQ(text.find("known  —"), std::string::npos) << text;  // so do known deviations
  EXPECT_NE(text.find("[2/4] ERROR  b  — why\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[4/4] 1 new failure, 1 known, 1 error, 0:00 elapsed, about 0:00 left"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 5), "\r\033[2K");  // the status line is cleared at the end
}

TEST(Progress, TheStatusLineTicksWhileNothingFinishes) {
  std::ostringstream out;
  ProgressOptions options = plain();
  options.terminal = true;
  {
    Progress progress(out, options);
    progress.set_total(7);
    std::this_thread::sleep_for(Progress::kTick * 2 + std::chrono::milliseconds(300));
    progress.end();
  }
  std::string text = out.str();
  EXPECT_NE(text.find("[0/7] 0 failures, 0 errors, 0:01 elapsed"), std::string::npos) << text;
  EXPECT_NE(text.find("[0/7] 0 failures, 0 errors, 0:02 elapsed"), std::string::npos) << text;
}

TEST(Progress, QuietPrintsNothing) {
  std::ostringstream out;
  ProgressOptions options = plain();
  options.quiet = true;
  options.terminal = true;
  Progress progress(out, options);
  progress.finished(finished("b", run::ResultKind::Fail), 1, 1);
  progress.note("a note");
  progress.end();
  EXPECT_EQ(out.str(), "");
}

TEST(Progress, ColourOnlyWhenAskedAndNoColorUnset) {
  auto r = finished("b", run::ResultKind::Fail);
  EXPECT_EQ(standing_label(r, Standing::New, false), "FAIL");
  EXPECT_EQ(standing_label(r, Standing::New, true), "\033[1;31mFAIL\033[0m");
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(colour_wanted(true));
  unsetenv("NO_COLOR");
  EXPECT_TRUE(colour_wanted(true));
  EXPECT_FALSE(colour_wanted(false));
}

TEST(Progress, VerbosePrintsTheExchanges) {
  std::ostringstream out;
  ProgressOptions options = plain();
  options.verbose = true;
  Progress progress(out, options);
  auto r = finished("a", run::ResultKind::Pass);
  run::RecordedExchange e;
  e.phase = "request";
  e.exchange.request.method = "PUT";
  e.exchange.request.target = "/x";
  r.exchanges.push_back(e);
  progress.finished(r, 1, 1);
  EXPECT_NE(out.str().find("PUT /x HTTP/1.1"), std::string::npos) << out.str();
}

TEST(Progress, ClockText) {
  EXPECT_EQ(Progress::clock_text(std::chrono::seconds(5)), "0:05");
  EXPECT_EQ(Progress::clock_text(std::chrono::seconds(65)), "1:05");
  EXPECT_EQ(Progress::clock_text(std::chrono::seconds(3723)), "1:02:03");
}

}  // namespace
}  // namespace blobconform::report
