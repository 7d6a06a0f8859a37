#include "harness/report/markdown_text.h"

#include <algorithm>
#include <cctype>

#include "harness/report/visible_text.h"

namespace blobconform::report {
namespace {

// Significant anywhere in a line: emphasis, code, links, HTML, entities, strikethrough, tables.
constexpr std::string_view kInlineSpecial = "\\`*_[]<>|~&";
// Significant only where a line starts: headings, lists, quotes, setext underlines.
constexpr std::string_view kLineStartSpecial = "#+-=";

}  // namespace

std::string markdown_text(std::string_view text, size_t max_chars) {
  std::string line = one_line(text, max_chars);
  std::string out;
  out.reserve(line.size() + line.size() / 4);
  bool only_digits_so_far = true;  // "1. text" or "1) text" at the start would make an ordered list
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    bool list_number =
        i > 0 && only_digits_so_far && (c == '.' || c == ')') && (i + 1 == line.size() || line[i + 1] == ' ');
    bool special = kInlineSpecial.find(c) != std::string_view::npos ||
                   (i == 0 && kLineStartSpecial.find(c) != std::string_view::npos) || list_number;
    only_digits_so_far = only_digits_so_far && std::isdigit(static_cast<unsigned char>(c));
    if (special) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_code(std::string_view text, size_t max_chars, MarkdownPlace place) {
  std::string line = one_line(text, max_chars);
  if (line.empty()) return "";
  size_t longest = 0, run = 0;
  for (char c : line) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string content;
  for (char c : line) {
    // GitHub splits table rows on pipes before it finds code spans; there "\|" shows as "|".
    if (c == '|' && place == MarkdownPlace::TableCell) content += '\\';
    content += c;
  }
  // A code span whose content starts or ends with a backtick needs a space against the fence.
  if (content.front() == '`' || content.back() == '`') content = " " + content + " ";
  std::string fence(longest + 1, '`');
  return fence + content + fence;
}

}  // namespace blobconform::report
