// Progress: a rewritten status line on a terminal, plain lines elsewhere, exchanges when verbose.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/progress.h"

namespace blobconform::report {
namespace {

run::InstanceResult finished(const std::string& id, run::ResultKind kind) {
  run::InstanceResult r;
  r.id = id;
  r.result = kind;
  r.reason = kind == run::ResultKind::Pass ? "" : "why";
  return r;
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  std::ostringstream out;
  Progress progress(out, false, false);
  progress.finished(finished("a", run::ResultKind::Pass), 1, 2);
  progress.finished(finished("b", run::ResultKind::Fail), 2, 2);
  progress.end();
  EXPECT_EQ(out.str(), "[1/2] PASS  a\n[2/2] FAIL  b  — why\n");
}

TEST(Progress, OnATerminalOneStatusLineWithFailuresAboveIt) {
  std::ostringstream out;
  Progress progress(out, true, false);
  progress.finished(finished("a", run::ResultKind::Pass), 1, 3);
  progress.finished(finished("b", run::ResultKind::Error), 2, 3);
  progress.finished(finished("c", run::ResultKind::Fail), 3, 3);
  progress.end();
  std::string text = out.str();
  EXPECT_EQ(text.find("PASS  a"), std::string::npos) << text;  // passes only move the counter
  EXPECT_NE(text.find("[2/3] ERROR  b  — why\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[3/3] 1 failed, 1 errors, 0:00 elapsed, about 0:00 left"), std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - 5), "\r\033[2K");  // the status line is cleared at the end
}

TEST(Progress, VerbosePrintsTheExchanges) {
  std::ostringstream out;
  Progress progress(out, false, true);
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
