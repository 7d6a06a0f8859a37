// Text from a run made safe for Markdown (CommonMark with GitHub's tables): server-provided text
// must not start a heading, close a code span, split a table cell or inject HTML.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace blobconform::report {

// One line (see one_line()), every Markdown-significant character backslash-escaped, so it
// renders as the text it is, in a paragraph or a table cell alike.
std::string markdown_text(std::string_view text, size_t max_chars);

// Where a code span goes: in a table cell a pipe would end the cell, even inside the span.
enum class MarkdownPlace { Inline, TableCell };

// One line as a code span, fenced with more backticks than any run inside it; "" for no text.
std::string markdown_code(std::string_view text, size_t max_chars, MarkdownPlace place = MarkdownPlace::Inline);

}  // namespace blobconform::report
