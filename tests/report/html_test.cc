// The HTML reports: the matrix counts what the run holds, every instance is there with its
// evidence, and no text from the run (server-controlled) reaches the page unescaped.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "harness/report/html.h"
#include "harness/report/html_page.h"
#include "harness/report/visible_text.h"
#include "tests/report/sample_records.h"
#include "tests/support/command.h"

namespace blobconform::report {
namespace {

using testing::instance;
using testing::kHostile;
using testing::sample_run;
using testing::sample_verdict;

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string between(const std::string& text, const std::string& from, const std::string& to) {
  size_t start = text.find(from);
  if (start == std::string::npos) return "";
  size_t end = text.find(to, start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end + to.size() - start);
}

// The matrix row of a group: result slug ("pass", "total", ...) -> the count in its cell.
std::map<std::string, int> matrix_row(const std::string& html, const std::string& group) {
  std::string table = between(html, "<table id=\"matrix\"", "</table>");
  std::string row = between(table, ">" + group + "</a></td>", "</tr>");
  std::map<std::string, int> cells;
  std::regex cell(R"re(<td class="cell ([a-z-]+)">(?:<a [^>]*>)?(\d+))re");
  for (std::sregex_iterator it(row.begin(), row.end(), cell), end; it != end; ++it) {
    cells[(*it)[1]] += std::stoi((*it)[2]);
  }
  return cells;
}

TEST(HtmlEscape, EscapesMarkupQuotesAndOddBytes) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html_escape("a\x01" "b\xff" "c\n\t"), "a\\x01b\\xFFc\n\t");
  EXPECT_EQ(html_escape("gr\xc3\xbc\xc3\x9f"), "gr\xc3\xbc\xc3\x9f");  // valid UTF-8 stays
  EXPECT_EQ(html_link("javascript:alert(1)", "spec"), "spec");
  EXPECT_EQ(html_link("https://x/?a=1&b=\"2\"", "<s>"),
            "<a href=\"https://x/?a=1&amp;b=&quot;2&quot;\" rel=\"noreferrer\">&lt;s&gt;</a>");
}

TEST(VisibleText, OneLineCollapsesWhitespaceAndCutsOnACharacter) {
  EXPECT_EQ(one_line("  a\n\n b\tc  ", 100), "a b c");
  EXPECT_EQ(one_line("\xc3\xa4\xc3\xb6\xc3\xbc", 2), "\xc3\xa4\xc3\xb6…");
  EXPECT_EQ(one_line("abc", 3), "abc");
  EXPECT_EQ(visible_text("\xe0\x80\x80"), "\\xE0\\x80\\x80");  // overlong: not UTF-8
}

TEST(HtmlReport, MatrixCountsEachGroupByResult) {
  std::string html = html_report(sample_run(), nullptr);
  // The run was gated on a baseline: its known deviations and unexpected passes have columns of their own.
  EXPECT_NE(html.find("<table id=\"matrix\" class=\"grid matrix\" data-columns=\"9\">"), std::string::npos);
  std::string head = between(html, "<table id=\"matrix\"", "</thead>");
  EXPECT_EQ(occurrences(head, "data-column "), 9u);
  for (const char* kind : {"PASS", "FAIL", "NON-STRICT", "INFO", "SKIP", "INCONCLUSIVE", "ERROR", "KNOWN", "UNEXPECTED PASS"}) {
    EXPECT_NE(head.find(std::string(">") + kind + "</th>"), std::string::npos) << kind;
  }
  auto lease = matrix_row(html, "abort-copy/lease");
  EXPECT_EQ(lease, (std::map<std::string, int>{{"pass", 2}, {"fail", 1}, {"non-strict", 1}, {"info", 1}, {"skip", 1},
                                               {"zero", 0}, {"total", 6}}));
  auto copy = matrix_row(html, "abort-copy/copy-blob");
  EXPECT_EQ(copy, (std::map<std::string, int>{{"pass", 1}, {"known", 1}, {"inconclusive", 1}, {"error", 1},
                                              {"zero", 0}, {"total", 4}}));
  // The counts above count as the matrix does.
  std::string counts = between(html, "<div class=\"counts\" id=\"counts\">", "</div>");
  EXPECT_NE(counts.find(">FAIL 1</span>"), std::string::npos) << counts;
  EXPECT_NE(counts.find(">KNOWN 1</span>"), std::string::npos) << counts;
  // Without a baseline, the seven kinds alone, and the known FAIL counts as a FAIL.
  auto plain = sample_run();
  plain.baseline_file.clear();
  plain.known_deviations.clear();
  std::string without = html_report(plain, nullptr);
  EXPECT_NE(without.find("data-columns=\"7\""), std::string::npos);
  EXPECT_EQ(matrix_row(without, "abort-copy/copy-blob")["fail"], 1);
  // A non-zero cell links to that group's instances of that kind; the target exists.
  EXPECT_NE(html.find("<a href=\"#g0-fail\" data-kind=\"fail\">1</a>"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"kind-block\" id=\"g0-fail\" data-result=\"fail\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#g1-error\" data-kind=\"error\">1</a>"), std::string::npos);
  EXPECT_NE(html.find("id=\"g1-error\""), std::string::npos);
}

TEST(HtmlReport, EveryInstanceIsAnExpandableRowWithItsEvidence) {
  auto record = sample_run();
  std::string html = html_report(record, nullptr, "out/run 1/results.json");
  for (size_t i = 0; i < record.results.size(); ++i) {
    const auto& r = record.results[i];
    std::string open = "<details class=\"instance\" id=\"i-" + std::to_string(i) + "\" data-result=\"";
    ASSERT_NE(html.find(open), std::string::npos) << r.id;
    std::string row = between(html, open, "</details>");
    EXPECT_NE(row.find("<span class=\"id\">" + html_escape(r.id) + "</span>"), std::string::npos) << r.id;
    EXPECT_NE(row.find(std::string(">") + run::result_name(r.result) + "</span>"), std::string::npos) << r.id;
    EXPECT_NE(row.find("<span class=\"level\">" + r.level + "</span>"), std::string::npos) << r.id;
    EXPECT_NE(row.find("blobconform repro &#39;out/run 1/results.json&#39; " + r.id), std::string::npos) << r.id;
    EXPECT_NE(row.find("<pre>PUT /devstoreaccount1/c/b?comp=copy&amp;copyid=1 HTTP/1.1\n"), std::string::npos) << r.id;
    EXPECT_NE(row.find("=&gt; HTTP/1.1 409 Conflict"), std::string::npos) << r.id;
  }
  std::string fail = between(html, "id=\"i-1\"", "</details>");
  EXPECT_NE(fail.find("<blockquote class=\"requirement\">" + html_escape(testing::kLongRequirement)), std::string::npos);
  EXPECT_NE(fail.find("<td class=\"row-head\"><code>409 &lt;b&gt;bold&lt;/b&gt;</code>"), std::string::npos);
  EXPECT_NE(fail.find("<dt>Expected</dt><dd>status 412; error code LeaseIdMissing</dd>"), std::string::npos);
  // A spec URL is a link when it is http(s), and text otherwise.
  std::string other = between(html, "id=\"i-0\"", "</details>");
  EXPECT_NE(other.find("<a href=\"https://learn.microsoft.com/en-us/rest/api/storageservices/abort-copy-blob\""),
            std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_NE(fail.find("<dt>Spec</dt><dd>javascript:alert(&#39;spec&#39;)</dd>"), std::string::npos);
  // The known deviation carries the baseline's reason.
  std::string known = between(html, "id=\"i-7\"", "</details>");
  EXPECT_NE(known.find("<span class=\"tag\">known</span>"), std::string::npos);
  EXPECT_NE(known.find("<dt>Known deviation</dt><dd>Azurite &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html_report(record, nullptr).find("blobconform repro results.json abort-copy/lease/fail"), std::string::npos);
}

TEST(HtmlReport, TheRequestUnderTestComesFirstAndTheOtherExchangesAreFolded) {
  auto record = sample_run();
  auto& r = record.results[1];
  run::RecordedExchange setup = r.exchanges.front();
  setup.phase = "setup";
  setup.exchange.request.target = "/devstoreaccount1/c?restype=container";
  r.exchanges.insert(r.exchanges.begin(), setup);  // sent first, shown after
  std::string row = between(html_report(record, nullptr), "id=\"i-1\"", "</details>\n</details>");
  auto under_test = row.find("<h4>Request under test</h4>");
  auto folded = row.find("<details class=\"other-exchanges\"><summary>Setup, checks and cleanup (1 exchange)</summary>");
  ASSERT_NE(under_test, std::string::npos) << row;
  ASSERT_NE(folded, std::string::npos) << row;
  EXPECT_LT(under_test, row.find("comp=copy&amp;copyid=1"));
  EXPECT_LT(row.find("comp=copy&amp;copyid=1"), folded);
  EXPECT_GT(row.find("restype=container"), folded);
}

TEST(HtmlReport, FailuresComeFirstWithinAGroup) {
  std::string html = html_report(sample_run(), nullptr);
  auto at = [&](size_t index) { return html.find("id=\"i-" + std::to_string(index) + "\""); };
  // abort-copy/lease: fail (1), non-strict (3), info (4), skip (5), then the passes (0, 2).
  EXPECT_LT(at(1), at(3));
  EXPECT_LT(at(3), at(4));
  EXPECT_LT(at(5), at(0));
  EXPECT_LT(at(0), at(2));
  // abort-copy/copy-blob comes after: its error, its inconclusive, its known deviation, its pass.
  EXPECT_LT(at(2), at(9));
  EXPECT_LT(at(9), at(8));
  EXPECT_LT(at(8), at(7));
  EXPECT_LT(at(7), at(6));
}

TEST(HtmlReport, NoTextFromTheRunReachesThePageUnescaped) {
  auto verdict = sample_verdict();
  std::string html = html_report(sample_run(), &verdict);
  // The page's own script is the only one, and it carries the nonce the policy allows.
  EXPECT_EQ(occurrences(html, "<script"), 1u);
  std::smatch nonce;
  ASSERT_TRUE(std::regex_search(html, nonce, std::regex("script-src 'nonce-([0-9a-f]{32})'")));
  EXPECT_NE(html.find("<script nonce=\"" + nonce[1].str() + "\">"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("alert('"), std::string::npos);
  EXPECT_EQ(html.find("\"quoted\""), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; | pipe `tick`"),
            std::string::npos);
  EXPECT_NE(html.find("second line \\x01 end"), std::string::npos);
  EXPECT_NE(html.find("Azurite-Blob/3.37.0 &lt;script&gt;alert(&#39;server&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Server: Evil &lt;script&gt;alert(&#39;hdr&#39;)"), std::string::npos);
  // No network: no external resource of any kind.
  for (const char* load : {"<link", "src=\"http", "url(", "@import"}) EXPECT_EQ(html.find(load), std::string::npos) << load;
}

TEST(HtmlReport, HeaderNamesTheRunAndTheBaselineDelta) {
  auto record = sample_run();
  auto verdict = sample_verdict();
  std::string html = html_report(record, &verdict);
  std::string header = between(html, "<header>", "</header>");
  for (const char* fact : {"azurite http://127.0.0.1:10000/devstoreaccount1", "run-42", "0.9.0", "1 min 05 s",
                           "2025-11-24T10:00:00Z", "reports/baselines/azurite-3.37.0.json"}) {
    EXPECT_NE(header.find(fact), std::string::npos) << fact;
  }
  EXPECT_NE(header.find(">PASS 3</span>"), std::string::npos);
  EXPECT_NE(header.find(">FAIL 1</span>"), std::string::npos);  // and the known one apart:
  EXPECT_NE(header.find(">KNOWN 1</span>"), std::string::npos);
  EXPECT_NE(header.find(">ERROR 1</span>"), std::string::npos);
  EXPECT_NE(header.find("<strong>10</strong> instances"), std::string::npos);
  EXPECT_NE(header.find("<strong>1</strong> regression, <strong>1</strong> unexpected pass, 3 known deviations"),
            std::string::npos);
  EXPECT_NE(header.find("Regression: <a href=\"#i-1\"><code>abort-copy/lease/fail</code></a> expected PASS, got FAIL"),
            std::string::npos);
  EXPECT_NE(header.find("Unexpected pass: <a href=\"#i-2\"><code>abort-copy/lease/pass-2</code></a>"), std::string::npos);
  EXPECT_NE(header.find("Warning: entry abort-copy/old expired"), std::string::npos);
  // Without a verdict there is no baseline section.
  EXPECT_EQ(html_report(record, nullptr).find("id=\"baseline\""), std::string::npos);
}

TEST(HtmlReport, WritesTheFileOrSaysWhyNot) {
  blobconform::testing::TempDir dir;
  auto file = (dir.path() / "report.html").string();
  auto written = write_html_report(sample_run(), nullptr, file);
  ASSERT_TRUE(written.ok()) << written.error().message;
  std::string html = blobconform::testing::read_file(file);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("id=\"matrix\""), std::string::npos);
  EXPECT_NE(html.find("</html>\n"), std::string::npos);
  auto refused = write_html_report(sample_run(), nullptr, (dir.path() / "missing" / "report.html").string());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("missing/report.html"), std::string::npos);
}

std::vector<RunRecord> three_targets() {
  using run::ResultKind;
  std::vector<RunRecord> records(3);
  records[0].target = "azurite http://127.0.0.1:10000/devstoreaccount1";
  records[0].target_server = "Azurite-Blob/3.37.0";
  records[1].target = "azure https://acct.blob.core.windows.net";
  records[1].target_server = "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0";
  records[2].target = "third <b>party</b>";
  records[2].target_server = "Evil <script>alert('col')</script>";
  const std::string g = "abort-copy/lease";
  for (auto& record : records) {
    record.results.push_back(instance(g, "same", ResultKind::Pass, ""));
    record.results.push_back(instance(g, "differs", ResultKind::Pass, ""));
  }
  records[2].results[1] = instance(g, "differs", ResultKind::Fail, kHostile);
  records[1].results.push_back(instance(g, "only-azure", ResultKind::Skip, "needs a second account"));
  for (auto& record : records) record.results.push_back(instance(g, "all-fail", ResultKind::Fail, "same failure"));
  return records;
}

std::string comparison_row(const std::string& html, const std::string& id) {
  size_t cell = html.find("<td class=\"row-head\">" + id + "</td>");
  if (cell == std::string::npos) return "";
  size_t start = html.rfind("<tr", cell);
  return html.substr(start, html.find("</tr>", cell) - start);
}

TEST(HtmlComparison, OneColumnPerTargetAndDisagreementsMarked) {
  auto html = html_comparison(three_targets());
  ASSERT_TRUE(html.ok()) << html.error().message;
  EXPECT_NE(html->find("<table id=\"matrix\" class=\"grid comparison\" data-columns=\"3\" data-disagreements=\"2\">"),
            std::string::npos);
  std::string head = between(*html, "<thead>", "</thead>");
  EXPECT_EQ(occurrences(head, "<th data-column>"), 3u);
  EXPECT_NE(head.find("Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0"), std::string::npos);
  EXPECT_NE(head.find("third &lt;b&gt;party&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(head.find("Evil &lt;script&gt;alert(&#39;col&#39;)"), std::string::npos);
  EXPECT_EQ(occurrences(*html, "<script"), 1u);

  std::string same = comparison_row(*html, "abort-copy/lease/same");
  EXPECT_NE(same.find("<tr class=\"instance-row\">"), std::string::npos);
  EXPECT_EQ(occurrences(same, "class=\"cell pass\""), 3u);
  EXPECT_EQ(comparison_row(*html, "abort-copy/lease/all-fail").find("disagree"), std::string::npos);

  std::string differs = comparison_row(*html, "abort-copy/lease/differs");
  EXPECT_NE(differs.find("<tr class=\"instance-row disagree\" data-disagree=\"true\">"), std::string::npos);
  EXPECT_EQ(occurrences(differs, "class=\"cell pass\""), 2u);
  // The failing cell has its reason as a tooltip and as an expandable, escaped both times.
  EXPECT_NE(differs.find("<td class=\"cell fail\" data-kind=\"fail\" title=\"&lt;script&gt;alert(&#39;x&#39;)"),
            std::string::npos);
  EXPECT_NE(differs.find("<details><summary>FAIL</summary><div>&lt;script&gt;"), std::string::npos);

  // An instance one run lacks is a disagreement, its missing cells marked.
  std::string only = comparison_row(*html, "abort-copy/lease/only-azure");
  EXPECT_NE(only.find("disagree"), std::string::npos);
  EXPECT_EQ(occurrences(only, "class=\"cell absent\""), 2u);

  // Rows in the first run's order, then what later runs add; the counts row first.
  EXPECT_LT(html->find("<tr class=\"summary\">"), html->find(">abort-copy/lease/same<"));
  EXPECT_LT(html->find(">abort-copy/lease/differs<"), html->find(">abort-copy/lease/all-fail<"));
  EXPECT_LT(html->find(">abort-copy/lease/all-fail<"), html->find(">abort-copy/lease/only-azure<"));
  std::string summary = between(*html, "<tr class=\"summary\">", "</tr>");
  EXPECT_NE(summary.find(">SKIP 1</span>"), std::string::npos);
  EXPECT_EQ(occurrences(summary, ">FAIL 1</span>"), 2u);
  EXPECT_EQ(occurrences(summary, ">FAIL 2</span>"), 1u);
  EXPECT_EQ(occurrences(summary, "<div class=\"note\">3 instances</div>"), 2u);
  EXPECT_EQ(occurrences(summary, "<div class=\"note\">4 instances</div>"), 1u);
}

TEST(HtmlComparison, NeedsARunAndWritesTheFile) {
  EXPECT_FALSE(html_comparison({}).ok());
  blobconform::testing::TempDir dir;
  auto file = (dir.path() / "compare.html").string();
  ASSERT_TRUE(write_html_comparison(three_targets(), file).ok());
  EXPECT_NE(blobconform::testing::read_file(file).find("data-columns=\"3\""), std::string::npos);
  EXPECT_FALSE(write_html_comparison({}, file).ok());
}

}  // namespace
}  // namespace blobconform::report
