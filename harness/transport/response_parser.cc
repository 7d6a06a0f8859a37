#include "harness/transport/response_parser.h"

#include <vector>

namespace blobconform::transport {
namespace {

bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Line {
  std::string_view text;  // without its line end
  size_t offset = 0;      // of text's first byte in the head
};

std::string where(size_t line_number) {
  return "line " + std::to_string(line_number) + ": ";
}

std::string at(size_t offset) { return " at offset " + std::to_string(offset); }

// First index of a control byte other than HTAB (obs-text 0x80-0xFF is allowed), or npos.
size_t find_control(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return i;
  }
  return std::string_view::npos;
}

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Result<int> parse_status_line(std::string_view line, ResponseHead& head) {
  // HTTP-version SP 3DIGIT SP reason-phrase; a missing reason (and its SP) is tolerated.
  constexpr std::string_view kPrefix = "HTTP/";
  if (line.size() < 8 || line.substr(0, 5) != kPrefix || !is_digit(line[5]) || line[6] != '.' ||
      !is_digit(line[7])) {
    return fail("line 1: status line does not start with HTTP/<digit>.<digit> at offset 0");
  }
  head.http_version = std::string(line.substr(0, 8));
  if (line.size() < 12 || line[8] != ' ' || !is_digit(line[9]) || !is_digit(line[10]) ||
      !is_digit(line[11])) {
    return fail("line 1: status line lacks a three-digit status code at offset 8");
  }
  head.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (head.status < 100) return fail("line 1: status code below 100 at offset 9");
  if (line.size() > 12) {
    if (line[12] != ' ') return fail("line 1: no space after the status code at offset 12");
    const auto reason = line.substr(13);
    if (const auto bad = find_control(reason); bad != std::string_view::npos) {
      return fail("line 1: control byte in the reason phrase" + at(13 + bad));
    }
    head.reason = std::string(reason);
  }
  return head.status;
}

}  // namespace

std::optional<size_t> find_head_end(std::string_view bytes) {
  // The head ends at the first empty line: "\n\n" or "\n\r\n" (a line holding only CR).
  for (size_t i = bytes.find('\n'); i != std::string_view::npos; i = bytes.find('\n', i + 1)) {
    if (i + 1 < bytes.size() && bytes[i + 1] == '\n') return i + 2;
    if (i + 2 < bytes.size() && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') return i + 3;
  }
  return std::nullopt;
}

Result<ResponseHead> parse_response_head(std::string_view bytes) {
  const auto end = find_head_end(bytes.substr(0, kMaxResponseHeaderBytes + 3));
  if (!end) {
    if (bytes.size() > kMaxResponseHeaderBytes) {
      return fail("response head exceeds " + std::to_string(kMaxResponseHeaderBytes) + " bytes");
    }
    return fail("incomplete response head: no blank line within " + std::to_string(bytes.size()) +
                " bytes");
  }
  if (*end > kMaxResponseHeaderBytes) {
    return fail("response head of " + std::to_string(*end) + " bytes exceeds " +
                std::to_string(kMaxResponseHeaderBytes) + " bytes");
  }
  const auto head_bytes = bytes.substr(0, *end);

  // Split into lines; each ends at LF, and one CR before the LF belongs to the line end.
  std::vector<Line> lines;
  for (size_t start = 0; start < head_bytes.size();) {
    const size_t lf = head_bytes.find('\n', start);  // always found: the head ends in LF
    size_t stop = lf;
    if (stop > start && head_bytes[stop - 1] == '\r') --stop;
    lines.push_back({head_bytes.substr(start, stop - start), start});
    start = lf + 1;
  }
  lines.pop_back();  // the blank line

  ResponseHead head;
  head.head_size = *end;
  if (lines.empty() || lines[0].text.empty()) return fail("line 1: empty status line at offset 0");
  if (const auto bad = find_control(lines[0].text); bad != std::string_view::npos) {
    return fail("line 1: control byte in the status line" + at(bad));
  }
  if (auto status = parse_status_line(lines[0].text, head); !status) return status.error();

  if (lines.size() - 1 > kMaxResponseHeaderCount) {
    return fail("response has " + std::to_string(lines.size() - 1) + " header lines, more than " +
                std::to_string(kMaxResponseHeaderCount));
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto& [text, offset] = lines[i];
    const auto prefix = where(i + 1);
    if (text.front() == ' ' || text.front() == '\t') {
      return fail(prefix + "obs-fold (line starting with whitespace)" + at(offset));
    }
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      return fail(prefix + "header without colon" + at(offset));
    }
    if (colon == 0) return fail(prefix + "empty header name" + at(offset));
    const auto name = text.substr(0, colon);
    for (size_t k = 0; k < name.size(); ++k) {
      if (!is_tchar(static_cast<unsigned char>(name[k]))) {
        return fail(prefix + "invalid byte in header name" + at(offset + k));
      }
    }
    const auto raw_value = text.substr(colon + 1);
    if (const auto bad = find_control(raw_value); bad != std::string_view::npos) {
      return fail(prefix + "control byte in header value" + at(offset + colon + 1 + bad));
    }
    head.headers.emplace_back(std::string(name), std::string(trim_ows(raw_value)));
  }
  return head;
}

}  // namespace blobconform::transport
