#include "tests/reference/request_head.h"

#include <cctype>

namespace blobconform::reference {
namespace {

bool is_token_char(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<RequestHead> parse_request_head(std::string_view bytes) {
  bytes = bytes.substr(0, kMaxRequestHeadBytes + 1);  // enough to tell a head over the limit
  RequestHead head;
  size_t at = 0, line_number = 0;
  while (true) {
    auto newline = bytes.find('\n', at);
    if ((newline == std::string_view::npos ? bytes.size() : newline + 1) > kMaxRequestHeadBytes) {
      return fail("the request head is over " + std::to_string(kMaxRequestHeadBytes) + " bytes");
    }
    if (newline == std::string_view::npos) return fail("the request head has no blank line");
    std::string_view line = bytes.substr(at, newline - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = newline + 1;
    ++line_number;
    if (line_number == 1) {
      auto first = line.find(' ');
      auto last = line.rfind(' ');
      if (first == std::string_view::npos || first == 0 || first == last) {
        return fail("line 1: the request line is not METHOD TARGET VERSION");
      }
      head.method = std::string(line.substr(0, first));
      head.target = std::string(line.substr(first + 1, last - first - 1));
      head.http_version = std::string(line.substr(last + 1));
      for (unsigned char c : head.method) {
        if (!is_token_char(c)) return fail("line 1: the method has a byte that is not a token character");
      }
      for (unsigned char c : head.target) {
        if (c <= 0x20 || c == 0x7f) return fail("line 1: the target has a control byte or a space");
      }
      if (head.target.empty() || head.http_version.rfind("HTTP/1.", 0) != 0 || head.http_version.size() != 8) {
        return fail("line 1: the request line is not METHOD TARGET HTTP/1.x");
      }
      continue;
    }
    if (line.empty()) return head;
    if (line[0] == ' ' || line[0] == '\t') return fail("line " + std::to_string(line_number) + ": obs-fold is not accepted");
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return fail("line " + std::to_string(line_number) + ": a header line without a name and a colon");
    }
    std::string_view name = line.substr(0, colon);
    for (unsigned char c : name) {
      if (!is_token_char(c)) return fail("line " + std::to_string(line_number) + ": a header name with a bad byte");
    }
    std::string_view value = trim(line.substr(colon + 1));
    for (unsigned char c : value) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return fail("line " + std::to_string(line_number) + ": a header value with a control byte");
      }
    }
    if (head.headers.size() == kMaxRequestHeaderCount) {
      return fail("more than " + std::to_string(kMaxRequestHeaderCount) + " header fields");
    }
    head.headers.emplace_back(std::string(name), std::string(value));
  }
}

}  // namespace blobconform::reference
