// The Markdown summaries: counts, the baseline delta, each failure with its cause and repro
// line, a cap on the list, and server text that cannot break the Markdown around it.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/report/markdown.h"
#include "harness/report/markdown_text.h"
#include "tests/report/sample_records.h"
#include "tests/support/command.h"

namespace blobconform::report {
namespace {

using testing::instance;
using testing::kHostile;
using testing::sample_run;
using testing::sample_verdict;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The bullet of an instance: its line and the lines that continue it.
std::string bullet(const std::string& md, const std::string& id) {
  size_t start = md.find("`" + id + "`:");
  if (start == std::string::npos) return "";
  start = md.rfind("\n- ", start) + 1;
  size_t end = md.find("\n- ", start);
  return md.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(MarkdownText, EscapesWhatMarkdownWouldRead) {
  EXPECT_EQ(markdown_text("a|b `c` <d> *e* _f_ [g](h) ~i~ & \\", 100),
            "a\\|b \\`c\\` \\<d\\> \\*e\\* \\_f\\_ \\[g\\](h) \\~i\\~ \\& \\\\");
  EXPECT_EQ(markdown_text("# not a heading", 100), "\\# not a heading");
  EXPECT_EQ(markdown_text("- not a list", 100), "\\- not a list");
  EXPECT_EQ(markdown_text("12. not a list", 100), "12\\. not a list");
  EXPECT_EQ(markdown_text("v1.2 - fine", 100), "v1.2 - fine");
  EXPECT_EQ(markdown_text("12.5 fine", 100), "12.5 fine");
  EXPECT_EQ(markdown_text("7)", 100), "7\\)");
  // visible_text() shows a control byte as "\x0D"; its backslash is escaped in turn.
  EXPECT_EQ(markdown_text("one\ntwo\r\n", 100), "one two\\\\x0D");
  EXPECT_EQ(markdown_text("abcdef", 3), "abc…");
}

TEST(MarkdownText, CodeSpansOutfenceTheirBackticks) {
  EXPECT_EQ(markdown_code("plain", 100), "`plain`");
  EXPECT_EQ(markdown_code("a`b", 100), "``a`b``");
  EXPECT_EQ(markdown_code("`x``", 100), "``` `x`` ```");
  EXPECT_EQ(markdown_code("a|b", 100), "`a|b`");
  EXPECT_EQ(markdown_code("a|b", 100, MarkdownPlace::TableCell), "`a\\|b`");
  EXPECT_EQ(markdown_code("two\nlines", 100), "`two lines`");
  EXPECT_EQ(markdown_code("", 100), "");
}

TEST(MarkdownSummary, TitleAndCounts) {
  std::string md = markdown_summary(sample_run(), nullptr);
  auto lines = lines_of(md);
  ASSERT_GE(lines.size(), 7u);
  EXPECT_EQ(lines[0], "# blobconform: azurite http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_NE(lines[2].find("Server `Azurite-Blob/3.37.0 <script>alert('server')</script>`"), std::string::npos);
  EXPECT_NE(lines[2].find("run `run-42`"), std::string::npos);
  EXPECT_NE(lines[2].find("1 min 05 s"), std::string::npos);
  EXPECT_EQ(lines[4], "| PASS | FAIL | NON-STRICT | INFO | SKIP | INCONCLUSIVE | ERROR | KNOWN | Total |");
  EXPECT_EQ(lines[5], "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  EXPECT_EQ(lines[6], "| 3 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 10 |");
  EXPECT_EQ(md.find("**Baseline**"), std::string::npos);
}

TEST(MarkdownSummary, EachFailureWithRequirementCauseAndRepro) {
  auto record = sample_run();
  std::string md = markdown_summary(record, nullptr, "out/results.json");
  // New failures first; the known deviation apart, after them, with the baseline's reason.
  EXPECT_NE(md.find("## Failures (2)"), std::string::npos) << md;
  EXPECT_LT(md.find("## Failures (2)"), md.find("## Known deviations (1)")) << md;
  std::string fail = bullet(md, "abort-copy/lease/fail");
  ASSERT_FALSE(fail.empty()) << md;
  EXPECT_EQ(fail.rfind("- **FAIL** `abort-copy/lease/fail`: ", 0), 0u) << fail;
  // The cause on its line, escaped; the requirement cut to one line; the command to paste.
  EXPECT_NE(fail.find("\\<script\\>alert('x')\\</script\\> \\& \"quoted\" \\| pipe \\`tick\\` second line \\\\x01 end\\\n"),
            std::string::npos) << fail;
  EXPECT_NE(fail.find("  Requirement: “The Abort Copy Blob operation aborts a pending Copy Blob operation"), std::string::npos);
  EXPECT_NE(fail.find("…”\\\n"), std::string::npos) << fail;
  EXPECT_EQ(lines_of(fail).size(), 3u) << fail;
  EXPECT_NE(fail.find("  Reproduce: `blobconform repro out/results.json abort-copy/lease/fail`"), std::string::npos);
  std::string error = bullet(md, "abort-copy/copy-blob/error");
  EXPECT_EQ(error.rfind("- **ERROR** `abort-copy/copy-blob/error`: connection reset\\\n", 0), 0u) << error;
  std::string known = bullet(md, "abort-copy/copy-blob/known");
  EXPECT_EQ(known.rfind("- FAIL `abort-copy/copy-blob/known`: Azurite \\<script\\>", 0), 0u) << known;
  // NON-STRICT is a failure only under --strict; passes, skips and the like never are.
  EXPECT_EQ(bullet(md, "abort-copy/lease/non-strict"), "");
  for (const char* quiet : {"pass-1", "info", "skip"}) EXPECT_EQ(bullet(md, std::string("abort-copy/lease/") + quiet), "");
  EXPECT_EQ(bullet(md, "abort-copy/copy-blob/inconclusive"), "");
  record.strict = true;
  std::string strict = markdown_summary(record, nullptr);
  EXPECT_NE(strict.find("## Failures (3)"), std::string::npos);
  EXPECT_NE(bullet(strict, "abort-copy/lease/non-strict").find("- **NON-STRICT**"), std::string::npos);
  EXPECT_NE(strict.find("`blobconform repro results.json abort-copy/lease/non-strict`"), std::string::npos);
}

TEST(MarkdownSummary, NoServerTextBreaksTheMarkdown) {
  auto record = sample_run();
  record.target = "evil | target\n# heading";
  std::string md = markdown_summary(record, nullptr);
  // No heading, list or HTML from the data; the newline inside the reason never starts a line.
  for (const auto& line : lines_of(md)) {
    EXPECT_NE(line.rfind("# heading", 0), 0u) << line;
    EXPECT_EQ(line.find("<script>alert('x')"), std::string::npos) << line;
    EXPECT_NE(line.rfind("second line", 0), 0u) << line;
  }
  EXPECT_NE(md.find("# blobconform: evil \\| target # heading\n"), std::string::npos) << md;
}

TEST(MarkdownSummary, BaselineDelta) {
  auto verdict = sample_verdict();
  std::string md = markdown_summary(sample_run(), &verdict);
  EXPECT_NE(md.find("**Baseline** `reports/baselines/azurite-3.37.0.json`: 1 regression, 1 unexpected pass, "
                    "3 known deviations.\n"),
            std::string::npos) << md;
  EXPECT_NE(md.find("- Regression: `abort-copy/lease/fail` expected PASS, got FAIL\n"), std::string::npos);
  EXPECT_NE(md.find("- Unexpected pass: `abort-copy/lease/pass-2` expected FAIL, got PASS\n"), std::string::npos);
  EXPECT_NE(md.find("- Warning: entry abort-copy/old expired on 2025-01-01\n"), std::string::npos) << md;
}

TEST(MarkdownSummary, TheFailureListIsCapped) {
  RunRecord record;
  record.target = "many";
  for (size_t i = 0; i < kMarkdownMaxFailures + 7; ++i) {
    record.results.push_back(instance("g", "f" + std::to_string(i), run::ResultKind::Fail, "broken"));
  }
  std::string md = markdown_summary(record, nullptr);
  EXPECT_NE(md.find("## Failures (" + std::to_string(kMarkdownMaxFailures + 7) + ")"), std::string::npos);
  EXPECT_EQ(occurrences(md, "\n- **FAIL** "), kMarkdownMaxFailures);
  EXPECT_NE(md.find("`g/f" + std::to_string(kMarkdownMaxFailures - 1) + "`"), std::string::npos);
  EXPECT_EQ(md.find("`g/f" + std::to_string(kMarkdownMaxFailures) + "`"), std::string::npos);
  EXPECT_NE(md.find("… and 7 more"), std::string::npos);
}

TEST(MarkdownSummary, ARunWithoutFailuresSaysSo) {
  RunRecord record;
  record.results.push_back(instance("g", "ok", run::ResultKind::Pass, ""));
  std::string md = markdown_summary(record, nullptr);
  EXPECT_NE(md.find("No failures."), std::string::npos);
  EXPECT_EQ(md.find("## Failures"), std::string::npos);
}

TEST(MarkdownSummary, WritesTheFileOrSaysWhyNot) {
  blobconform::testing::TempDir dir;
  auto file = (dir.path() / "summary.md").string();
  ASSERT_TRUE(write_markdown_summary(sample_run(), nullptr, file).ok());
  EXPECT_EQ(blobconform::testing::read_file(file), markdown_summary(sample_run(), nullptr));
  EXPECT_FALSE(write_markdown_summary(sample_run(), nullptr, (dir.path() / "no" / "summary.md").string()).ok());
}

std::vector<RunRecord> two_targets() {
  std::vector<RunRecord> records(2);
  records[0].target = "azurite";
  records[0].target_server = "Azurite-Blob/3.37.0";
  records[1].target = "third|party";
  records[1].target_server = "Evil `server`";
  for (auto& record : records) {
    record.results.push_back(instance("g", "same", run::ResultKind::Pass, ""));
    record.results.push_back(instance("g", "differs", run::ResultKind::Pass, ""));
  }
  records[1].results[1] = instance("g", "differs", run::ResultKind::Fail, kHostile);
  records[0].results.push_back(instance("g", "only-first", run::ResultKind::Info, "a note"));
  return records;
}

TEST(MarkdownComparison, CountsPerTargetThenTheDisagreements) {
  auto md = markdown_comparison(two_targets());
  ASSERT_TRUE(md.ok()) << md.error().message;
  auto lines = lines_of(*md);
  EXPECT_EQ(lines[0], "# blobconform: 2 targets compared");
  EXPECT_NE(md->find("| #1 | `azurite` | `Azurite-Blob/3.37.0` | 2 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 3 |\n"),
            std::string::npos) << *md;
  EXPECT_NE(md->find("| #2 | `third\\|party` | `` Evil `server` `` | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 2 |\n"),
            std::string::npos) << *md;
  EXPECT_NE(md->find("## Disagreements (2 of 3 instances)"), std::string::npos);
  EXPECT_NE(md->find("| Instance | #1 `azurite` | #2 `third\\|party` |\n| --- | --- | --- |\n"), std::string::npos) << *md;
  EXPECT_NE(md->find("| `g/differs` | PASS | FAIL |\n"), std::string::npos);
  EXPECT_NE(md->find("| `g/only-first` | INFO | — |\n"), std::string::npos);
  EXPECT_EQ(md->find("`g/same`"), std::string::npos);
}

TEST(MarkdownComparison, AgreementAndTheCap) {
  auto records = two_targets();
  records[1].results[1] = instance("g", "differs", run::ResultKind::Pass, "");
  records[0].results.pop_back();
  auto agree = markdown_comparison(records);
  ASSERT_TRUE(agree.ok());
  EXPECT_NE(agree->find("The targets agree on every instance."), std::string::npos);

  for (size_t i = 0; i < kMarkdownMaxDisagreements + 3; ++i) {
    records[0].results.push_back(instance("g", "d" + std::to_string(i), run::ResultKind::Pass, ""));
    records[1].results.push_back(instance("g", "d" + std::to_string(i), run::ResultKind::Error, "boom"));
  }
  auto capped = markdown_comparison(records);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(occurrences(*capped, "| PASS | ERROR |\n"), kMarkdownMaxDisagreements);
  EXPECT_NE(capped->find("… and 3 more."), std::string::npos);
  EXPECT_FALSE(markdown_comparison({}).ok());
  blobconform::testing::TempDir dir;
  EXPECT_TRUE(write_markdown_comparison(records, (dir.path() / "compare.md").string()).ok());
}

}  // namespace
}  // namespace blobconform::report
