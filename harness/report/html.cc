// The one-run HTML report. Every value from the record goes through html_escape().
#include "harness/report/html.h"

#include <algorithm>
#include <map>

#include "harness/report/html_page.h"
#include "harness/report/report_file.h"
#include "harness/report/result_kinds.h"
#include "harness/report/visible_text.h"

namespace blobconform::report {
namespace {

using run::InstanceResult;
using run::ResultKind;

// An instance's closed row shows its reason on one line; the full text is one click away.
constexpr size_t kSummaryReasonChars = 240;

// Filters by result kind and expands or collapses every instance. The page reads the same
// without it: the controls exist only once the script has made them.
constexpr std::string_view kScript = R"js(
  const shown = new Map();
  const apply = () => {
    document.querySelectorAll('.kind-block').forEach((block) => {
      block.hidden = !shown.get(block.dataset.result);
    });
    document.querySelectorAll('section.group').forEach((group) => {
      group.hidden = !group.querySelector('.kind-block:not([hidden])');
    });
  };
  matrix.querySelectorAll('thead th[data-kind]').forEach((th) => {
    const kind = th.dataset.kind;
    shown.set(kind, true);
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.kind = kind;
    box.addEventListener('change', () => { shown.set(kind, box.checked); apply(); });
    const badge = document.createElement('span');
    badge.className = 'badge ' + kind;
    badge.textContent = th.textContent;
    label.append(box, ' ', badge);
    bar.append(label);
  });
  const button = (text, open) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.addEventListener('click', () => {
      document.querySelectorAll('details.instance').forEach((d) => {
        if (!d.closest('[hidden]')) d.open = open;
      });
    });
    bar.append(b);
  };
  button('Expand all', true);
  button('Collapse all', false);
  // New only: the columns that need attention (new failures, errors, unexpected passes).
  const only = document.createElement('button');
  only.type = 'button';
  only.id = 'new-only';
  only.textContent = 'New only';
  only.addEventListener('click', () => {
    matrix.querySelectorAll('thead th[data-kind]').forEach((th) => {
      const on = th.hasAttribute('data-new');
      shown.set(th.dataset.kind, on);
      const box = bar.querySelector('input[data-kind="' + th.dataset.kind + '"]');
      if (box) box.checked = on;
    });
    apply();
  });
  bar.append(only);
  // A matrix link to a kind that is filtered out shows that kind again.
  matrix.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-kind]');
    if (!link) return;
    shown.set(link.dataset.kind, true);
    const box = bar.querySelector('input[data-kind="' + link.dataset.kind + '"]');
    if (box) box.checked = true;
    apply();
  });
  bar.hidden = false;
)js";

// A column of the matrix: a result kind, or the known deviations and unexpected passes counted
// apart from their kind (only when the run was gated on a baseline). `rank` orders instances within
// a group: what needs attention first.
struct Column {
  std::string slug, label;
  int rank;
  bool needs_attention;
};

std::vector<Column> columns(const RunRecord& record) {
  std::vector<Column> out = {{"pass", "PASS", 8, false},       {"fail", "FAIL", 0, true},
                             {"non-strict", "NON-STRICT", 3, record.strict}, {"info", "INFO", 6, false},
                             {"skip", "SKIP", 7, false},       {"inconclusive", "INCONCLUSIVE", 4, false},
                             {"error", "ERROR", 1, true}};
  if (!record.baseline_file.empty()) {
    out.push_back({"known", "KNOWN", 5, false});
    out.push_back({"unexpected", "UNEXPECTED PASS", 2, true});
  }
  return out;
}

// The column an instance is counted in.
std::string column_of(const RunRecord& record, const InstanceResult& r) {
  if (record.unexpected_passes.count(r.id)) return "unexpected";
  if (record.known_deviations.count(r.id) && r.result != ResultKind::Pass) return "known";
  return kind_slug(r.result);
}

struct Group {
  std::string name;
  std::vector<size_t> members;  // indexes into record.results
  std::map<std::string, size_t> counts;  // column slug -> instances
};

// Groups in the order the run met them, as the other reports do.
std::vector<Group> group_results(const RunRecord& record) {
  std::map<std::string, int> rank;
  for (const auto& column : columns(record)) rank[column.slug] = column.rank;
  std::vector<Group> groups;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < record.results.size(); ++i) {
    const auto& r = record.results[i];
    std::string name = r.group.empty() ? "(no group)" : r.group;
    auto [at, added] = index.emplace(name, groups.size());
    if (added) groups.push_back(Group{name, {}, {}});
    auto& group = groups[at->second];
    group.members.push_back(i);
    ++group.counts[column_of(record, r)];
  }
  for (auto& group : groups) {
    std::stable_sort(group.members.begin(), group.members.end(), [&](size_t a, size_t b) {
      return rank[column_of(record, record.results[a])] < rank[column_of(record, record.results[b])];
    });
  }
  return groups;
}

std::string instance_anchor(size_t index) { return "i-" + std::to_string(index); }
std::string block_anchor(size_t group, const std::string& column) { return "g" + std::to_string(group) + "-" + column; }

std::string badge(ResultKind kind) {
  return std::string("<span class=\"badge ") + kind_slug(kind) + "\">" + run::result_name(kind) + "</span>";
}

std::string fact(const std::string& term, const std::string& html_value) {
  return "<dt>" + html_escape(term) + "</dt><dd>" + html_value + "</dd>\n";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string header(const RunRecord& record) {
  std::string html = "<header>\n<h1>blobconform report <span class=\"target\">— " + html_escape(record.target) +
                     "</span></h1>\n<dl class=\"facts\">\n";
  html += fact("Target", html_escape(record.target));
  std::string server = record.target_server.empty() ? "<span class=\"note\">(none)</span>"
                                                    : "<code>" + html_escape(record.target_server) + "</code>";
  html += fact("Server header", server);
  html += fact("Run id", "<code>" + html_escape(record.run_id) + "</code>");
  html += fact("Harness version", html_escape(record.harness_version));
  std::string finished = record.finished.empty() ? "" : " — finished " + html_escape(record.finished);
  html += fact("Started", html_escape(record.started) + finished);
  std::string stopped = record.stopped_early ? " (stopped early)" : "";
  html += fact("Duration", html_escape(human_duration(record.duration)) + stopped);
  if (!record.latest_version.empty()) html += fact("Latest x-ms-version", html_escape(record.latest_version));
  if (!record.case_dirs.empty()) html += fact("Case folders", html_escape(joined(record.case_dirs)));
  if (!record.filters.empty()) html += fact("Filters", html_escape(joined(record.filters)));
  if (!record.tags.empty()) html += fact("Tags", html_escape(joined(record.tags)));
  html += fact("Strict", record.strict ? "yes: NON-STRICT counts as a failure" : "no");
  html += "</dl>\n<div class=\"counts\" id=\"counts\">";
  // Counted as the matrix counts: known deviations and unexpected passes apart from their kind.
  std::map<std::string, size_t> counts;
  for (const auto& r : record.results) ++counts[column_of(record, r)];
  for (const auto& column : columns(record)) {
    html += "<span class=\"badge " + column.slug + "\" data-kind=\"" + column.slug + "\">" + column.label + " " +
            std::to_string(counts[column.slug]) + "</span>";
  }
  html += " <strong>" + std::to_string(record.results.size()) + "</strong> instances</div>\n";
  return html;
}

std::string baseline_section(const RunRecord& record, const GateVerdict& verdict,
                             const std::map<std::string, size_t>& index_of) {
  std::vector<const GateDifference*> regressions, unexpected_passes;
  for (const auto& d : verdict.differences) (d.unexpected_pass ? unexpected_passes : regressions).push_back(&d);
  std::string html = std::string("<div class=\"baseline") + (verdict.differences.empty() ? "" : " regressed") +
                     "\" id=\"baseline\">\n<strong>Baseline</strong> ";
  html += record.baseline_file.empty() ? std::string("none (the default gate)")
                                       : "<code>" + html_escape(record.baseline_file) + "</code>";
  html += ": <strong>" + std::to_string(regressions.size()) + "</strong> regression" +
          (regressions.size() == 1 ? "" : "s") + ", <strong>" + std::to_string(unexpected_passes.size()) +
          "</strong> unexpected pass" + (unexpected_passes.size() == 1 ? "" : "es") + ", " +
          std::to_string(verdict.known) + " known deviation" + (verdict.known == 1 ? "" : "s") + ".\n";
  if (!verdict.differences.empty() || !verdict.warnings.empty()) html += "<ul>\n";
  auto difference = [&](const char* what, const GateDifference& d) {
    auto at = index_of.find(d.id);
    std::string id = "<code>" + html_escape(d.id) + "</code>";
    if (at != index_of.end()) id = "<a href=\"#" + instance_anchor(at->second) + "\">" + id + "</a>";
    html += std::string("<li>") + what + ": " + id + " expected " + html_escape(d.expected) + ", got " +
            html_escape(d.actual) + "</li>\n";
  };
  for (const auto* d : regressions) difference("Regression", *d);
  for (const auto* d : unexpected_passes) difference("Unexpected pass", *d);
  for (const auto& w : verdict.warnings) html += "<li>Warning: " + html_escape(w) + "</li>\n";
  if (!verdict.differences.empty() || !verdict.warnings.empty()) html += "</ul>\n";
  return html + "</div>\n";
}

std::string matrix(const std::vector<Group>& groups, const RunRecord& record) {
  auto cols = columns(record);
  std::string html = "<h2>Matrix</h2>\n<table id=\"matrix\" class=\"grid matrix\" data-columns=\"" +
                     std::to_string(cols.size()) + "\">\n<thead><tr><th class=\"row-head\">Group</th>";
  for (const auto& column : cols) {
    html += "<th class=\"" + column.slug + "\" data-column data-kind=\"" + column.slug + "\"" +
            (column.needs_attention ? " data-new" : "") + ">" + column.label + "</th>";
  }
  html += "<th>Total</th></tr></thead>\n<tbody>\n";
  std::map<std::string, size_t> totals;
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g];
    html += "<tr><td class=\"row-head\"><a href=\"#group-" + std::to_string(g) + "\">" + html_escape(group.name) +
            "</a></td>";
    for (const auto& column : cols) {
      auto at = group.counts.find(column.slug);
      size_t n = at == group.counts.end() ? 0 : at->second;
      totals[column.slug] += n;
      if (n == 0) {
        html += "<td class=\"cell zero\">0</td>";
        continue;
      }
      html += "<td class=\"cell " + column.slug + "\"><a href=\"#" + block_anchor(g, column.slug) + "\" data-kind=\"" +
              column.slug + "\">" + std::to_string(n) + "</a></td>";
    }
    html += "<td class=\"cell total\">" + std::to_string(group.members.size()) + "</td></tr>\n";
  }
  html += "</tbody>\n<tfoot><tr><td class=\"row-head\">All groups</td>";
  for (const auto& column : cols) {
    size_t n = totals[column.slug];
    // Totals stay neutral: the coloured heading above names the column.
    html += std::string("<td class=\"cell") + (n ? "" : " zero") + "\">" + std::to_string(n) + "</td>";
  }
  html += "<td class=\"cell total\">" + std::to_string(record.results.size()) + "</td></tr></tfoot>\n</table>\n";
  return html;
}

std::string mismatch_table(const InstanceResult& r) {
  if (r.mismatches.empty()) return "";
  std::string html = "<h4>Mismatches</h4>\n<table class=\"grid mismatches\"><thead><tr>"
                     "<th class=\"row-head\">Field</th>"
                     "<th class=\"row-head\">Expected</th><th class=\"row-head\">Actual</th></tr></thead><tbody>\n";
  for (const auto& m : r.mismatches) {
    html += "<tr><td class=\"row-head\"><code>" + html_escape(m.field) + "</code></td><td class=\"row-head\"><code>" +
            html_escape(m.expected) + "</code></td><td class=\"row-head\"><code>" + html_escape(m.actual) +
            "</code></td></tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string exchange_block(const run::RecordedExchange& e) {
  std::string title = e.phase + (e.pointer.empty() ? "" : " " + e.pointer) +
                      (e.attempts > 1 ? " (" + std::to_string(e.attempts) + " attempts)" : "");
  return "<div class=\"exchange\"><div class=\"note mono\">" + html_escape(title) + "</div><pre>" +
         html_escape(format_exchange(e)) + "</pre></div>\n";
}

// The request under test first; the setup, checks and cleanup folded below it.
std::string exchanges(const InstanceResult& r) {
  if (r.exchanges.empty()) return "";
  std::string under_test, others;
  size_t folded = 0;
  for (const auto& e : r.exchanges) {
    if (e.phase == "request") {
      under_test += exchange_block(e);
    } else {
      others += exchange_block(e);
      ++folded;
    }
  }
  std::string html = "<h4>Request under test</h4>\n" + (under_test.empty() ? "<p class=\"note\">not sent</p>\n" : under_test);
  if (folded) {
    html += "<details class=\"other-exchanges\"><summary>Setup, checks and cleanup (" + std::to_string(folded) +
            (folded == 1 ? " exchange" : " exchanges") + ")</summary>\n" + others + "</details>\n";
  }
  return html;
}

std::string instance(const RunRecord& record, const InstanceResult& r, size_t index, const std::string& results_json) {
  auto known = record.known_deviations.find(r.id);
  bool is_known = known != record.known_deviations.end();
  auto unexpected = record.unexpected_passes.find(r.id);
  bool is_unexpected = unexpected != record.unexpected_passes.end();
  std::string html = "<details class=\"instance\" id=\"" + instance_anchor(index) + "\" data-result=\"" +
                     column_of(record, r) + "\">\n<summary>" + badge(r.result) + "<span class=\"id\">" +
                     html_escape(r.id) + "</span><span class=\"level\">" + html_escape(r.level) + "</span>" +
                     (is_known ? "<span class=\"tag\">known</span>" : "") +
                     (is_unexpected ? "<span class=\"tag\">unexpected</span>" : "") + "<span class=\"reason\">" +
                     html_escape(one_line(r.reason, kSummaryReasonChars)) + "</span></summary>\n<div class=\"body\">\n";
  if (!r.description.empty()) html += "<p>" + html_escape(r.description) + "</p>\n";
  if (!r.requirement.empty()) {
    html += "<blockquote class=\"requirement\">" + html_escape(r.requirement) + "</blockquote>\n";
  }
  html += "<dl class=\"facts\">\n";
  if (!r.spec_url.empty()) html += fact("Spec", html_link(r.spec_url, r.spec_url));
  html += fact("Result", badge(r.result) + " " + html_escape(r.level));
  html += fact("Reason", html_escape(r.reason));
  if (!r.expected.empty()) html += fact("Expected", html_escape(r.expected));
  if (!r.actual.empty()) html += fact("Actual", html_escape(r.actual));
  if (is_known) html += fact("Known deviation", html_escape(known->second));
  if (is_unexpected) html += fact("Unexpected pass", "the baseline expects " + html_escape(unexpected->second) +
                                                         " (remove the entry)");
  html += fact("Reproduce", "<code class=\"repro\">" + html_escape(repro_command(record, results_json, r.id)) + "</code>");
  std::string where = r.case_id + (r.file.empty() ? "" : " in " + r.file);
  if (!r.case_id.empty()) html += fact("Case", html_escape(where));
  if (!r.version.empty()) html += fact("x-ms-version", html_escape(r.version));
  if (!r.tags.empty()) html += fact("Tags", html_escape(joined(r.tags)));
  html += fact("Time", html_escape(human_duration(r.duration)));
  html += "</dl>\n" + mismatch_table(r) + exchanges(r) + "</div>\n</details>\n";
  return html;
}

std::string group_section(const RunRecord& record, const Group& group, size_t g, const std::string& results_json) {
  std::string html = "<section class=\"group\" id=\"group-" + std::to_string(g) + "\">\n<h2>" +
                     html_escape(group.name) + " <small>" + std::to_string(group.members.size()) + " instance" +
                     (group.members.size() == 1 ? "" : "s") + "</small></h2>\n";
  // Members are sorted by column, so each column is one run: one block, one anchor for the matrix.
  for (size_t i = 0; i < group.members.size();) {
    std::string column = column_of(record, record.results[group.members[i]]);
    html += "<div class=\"kind-block\" id=\"" + block_anchor(g, column) + "\" data-result=\"" + column + "\">\n";
    for (; i < group.members.size() && column_of(record, record.results[group.members[i]]) == column; ++i) {
      html += instance(record, record.results[group.members[i]], group.members[i], results_json);
    }
    html += "</div>\n";
  }
  return html + "</section>\n";
}

}  // namespace

std::string html_report(const RunRecord& record, const GateVerdict* verdict, const std::string& results_json) {
  std::string nonce = html_script_nonce();
  std::string html = html_page_start("blobconform — " + record.target, nonce);
  html += header(record);
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < record.results.size(); ++i) index_of.emplace(record.results[i].id, i);
  if (verdict) html += baseline_section(record, *verdict, index_of);
  html += "</header>\n";
  auto groups = group_results(record);
  html += matrix(groups, record);
  html += "<h2>Instances</h2>\n<p class=\"note\">Within each group, failures first. Click an instance for its "
          "evidence.</p>\n<div id=\"filters\" class=\"filters\" hidden></div>\n";
  for (size_t g = 0; g < groups.size(); ++g) html += group_section(record, groups[g], g, results_json);
  return html + html_page_end(nonce, kScript);
}

Result<void> write_html_report(const RunRecord& record, const GateVerdict* verdict, const std::string& file,
                               const std::string& results_json) {
  return write_report_file(file, html_report(record, verdict, results_json));
}

}  // namespace blobconform::report
