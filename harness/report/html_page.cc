#include "harness/report/html_page.h"

#include <cstdio>
#include <random>

#include "harness/report/visible_text.h"

namespace blobconform::report {
namespace {

constexpr size_t kNonceBytes = 16;

// One palette for both pages: each result kind has its colour, and text on it keeps a contrast
// of at least 4.5:1 (WCAG AA), dark text on the light orange, white on the others.
constexpr std::string_view kStyle = R"css(
:root {
  --pass: #1b7a3a; --fail: #c0282d; --non-strict: #f0a02a; --info: #1d5fb4;
  --skip: #6b6f76; --inconclusive: #7a3e9d; --error: #6b0f14;
  --ink: #1c1e21; --muted: #5d636b; --line: #d6d9de; --paper: #ffffff; --wash: #f4f5f7;
  --mono: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
}
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; color: var(--ink); background: var(--paper);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 22px; margin: 0 0 12px; }
h1 .target { font-weight: 600; color: var(--muted); }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); font-weight: 600; }
h4 { font-size: 13px; margin: 12px 0 4px; }
a { color: #0b57b8; }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
pre { background: var(--wash); border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px;
  overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 10px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0 0 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; min-width: 2.2em; padding: 1px 7px; border-radius: 3px; color: #fff;
  font: 600 12px/1.6 var(--mono); text-align: center; white-space: nowrap; }
.counts .badge { margin: 0 6px 4px 0; }
.pass { background: var(--pass); color: #fff; }
.fail { background: var(--fail); color: #fff; }
.non-strict { background: var(--non-strict); color: #1c1e21; }
.info { background: var(--info); color: #fff; }
.skip { background: var(--skip); color: #fff; }
.inconclusive { background: var(--inconclusive); color: #fff; }
.error { background: var(--error); color: #fff; }
.known { background: #b8860b; color: #fff; }
.unexpected { background: #0e7c86; color: #fff; }
details.other-exchanges > summary { cursor: pointer; color: var(--muted); }
.absent { background: var(--wash); color: var(--muted); }
table.grid { border-collapse: collapse; margin: 6px 0 14px; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 10px; }
table.grid thead th { position: sticky; top: 0; z-index: 1; font-size: 12px; }
table.grid thead th:not([data-kind]) { background: var(--wash); }
table.grid th.row-head, table.grid td.row-head { text-align: left; font-weight: 500; }
table.matrix td.cell { text-align: center; min-width: 5.2em; font: 600 13px var(--mono); }
table.matrix td.cell a { color: inherit; text-decoration: none; display: block; }
table.matrix td.cell a:hover { text-decoration: underline; }
table.matrix td.zero { color: #b4b8be; font-weight: 400; background: var(--paper); }
table.matrix td.total, table.matrix tfoot td { font-weight: 700; background: var(--wash); }
table.matrix thead th[data-kind] { min-width: 5.2em; }
.baseline { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 4px;
  padding: 8px 12px; margin: 0 0 16px; background: var(--paper); }
.baseline.regressed { border-left-color: var(--fail); }
.baseline ul { margin: 4px 0 0; padding-left: 20px; }
.filters { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 8px 0 4px; }
.filters label { cursor: pointer; }
.filters button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 3px;
  background: var(--wash); cursor: pointer; }
[hidden] { display: none !important; }
section.group { margin-top: 22px; }
section.group > h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; }
section.group > h2 small { color: var(--muted); font-weight: 400; font-size: 13px; }
details.instance { border: 1px solid var(--line); border-radius: 4px; margin: 4px 0; background: var(--paper); }
details.instance[open] { border-color: #aab0b8; }
details.instance > summary { cursor: pointer; padding: 5px 8px; display: flex; gap: 10px; align-items: baseline;
  list-style: none; }
details.instance > summary::-webkit-details-marker { display: none; }
details.instance > summary::before { content: "\25B8"; color: var(--muted); width: 0.8em; flex: none; }
details.instance[open] > summary::before { content: "\25BE"; }
details.instance > summary:hover { background: var(--wash); }
details.instance > summary .id { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
details.instance > summary .level { color: var(--muted); font-size: 12px; }
details.instance > summary .reason { color: var(--muted); flex: 1; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; min-width: 0; }
details.instance > summary .tag { font-size: 11px; border: 1px solid var(--muted); border-radius: 3px;
  padding: 0 4px; color: var(--muted); }
details.instance > .body { padding: 4px 14px 10px; border-top: 1px solid var(--line); }
blockquote.requirement { margin: 6px 0; padding: 4px 12px; border-left: 3px solid var(--line);
  background: var(--wash); }
table.mismatches td, table.mismatches th { font-size: 12.5px; }
table.comparison td.cell { min-width: 8em; font: 600 12px var(--mono); }
table.comparison td.cell details > summary { cursor: pointer; }
table.comparison td.cell details > div { font: 400 12px/1.4 system-ui, sans-serif; margin-top: 4px;
  max-width: 32em; overflow-wrap: anywhere; }
table.comparison tr.disagree > td.row-head { background: #fff3c4; box-shadow: inset 4px 0 0 #d89b00; }
table.comparison tr.disagree > td.row-head::after { content: " \2260"; color: #8a6200; font-weight: 700; }
table.comparison tbody td.row-head { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
table.comparison th .server { display: block; font-weight: 400; color: var(--muted); }
table.comparison tr.summary td { background: var(--wash); vertical-align: top; }
table.comparison tr.summary .badge { margin: 0 4px 3px 0; }
.note { color: var(--muted); }
)css";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string visible = visible_text(text);
  std::string out;
  out.reserve(visible.size());
  for (char c : visible) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_link(const std::string& url, const std::string& text) {
  bool web = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (!web) return html_escape(text);
  return "<a href=\"" + html_escape(url) + "\" rel=\"noreferrer\">" + html_escape(text) + "</a>";
}

std::string html_script_nonce() {
  std::random_device random;
  std::string nonce;
  for (size_t i = 0; i < kNonceBytes; ++i) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(random() & 0xFF));
    nonce += hex;
  }
  return nonce;
}

std::string html_page_start(const std::string& title, const std::string& nonce) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "script-src 'nonce-" + html_escape(nonce) + "'; img-src data:\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + html_escape(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  return page;
}

std::string html_page_end(const std::string& nonce, std::string_view script) {
  // Every page's script works on its filter bar and its matrix, and does nothing without them.
  constexpr std::string_view kPrologue = R"js(
(function () {
  'use strict';
  const bar = document.getElementById('filters');
  const matrix = document.getElementById('matrix');
  if (!bar || !matrix) return;)js";
  return "<script nonce=\"" + html_escape(nonce) + "\">" + std::string(kPrologue) + std::string(script) + "})();\n</script>\n</body>\n</html>\n";
}

}  // namespace blobconform::report
