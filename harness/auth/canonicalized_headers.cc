#include "harness/auth/canonicalized_headers.h"

#include <algorithm>
#include <map>
#include <vector>

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

bool is_linear_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool ignorable(char c) { return c == '-' || c == '\''; }

// First-level weights of .NET's en-US sort for the characters of header names (0: ignorable).
int primary_weight(unsigned char c) {
  if (c >= 'a' && c <= 'z') return 0x1000 + (c - 'a');
  if (c >= 'A' && c <= 'Z') return 0x1000 + (c - 'A');
  if (c >= '0' && c <= '9') return 0x0d00 + (c - '0');
  switch (c) {
    case '-': case '\'': return 0;
    case '!': return 0x71c;
    case '#': return 0x71f;
    case '$': return 0x721;
    case '%': return 0x723;
    case '&': return 0x725;
    case '*': return 0x72d;
    case '.': return 0x733;
    case '_': return 0x744;
    case '+': return 0x803;
    default: return 0x900 + c;  // other symbols: after those, before digits
  }
}

}  // namespace

bool service_header_less(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (true) {
    while (i < a.size() && ignorable(a[i])) ++i;
    while (j < b.size() && ignorable(b[j])) ++j;
    if (i == a.size() || j == b.size()) break;
    int wa = primary_weight(static_cast<unsigned char>(a[i])), wb = primary_weight(static_cast<unsigned char>(b[j]));
    if (wa != wb) return wa < wb;
    ++i;
    ++j;
  }
  if (i != a.size() || j != b.size()) return i == a.size();  // the one that ran out first sorts first
  for (size_t k = 0; k < std::max(a.size(), b.size()); ++k) {
    bool hyphen_a = k < a.size() && ignorable(a[k]);
    bool hyphen_b = k < b.size() && ignorable(b[k]);
    if (hyphen_a != hyphen_b) return hyphen_b;
  }
  return a < b;
}

std::string collapse_whitespace(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool quoted = false;
  bool pending_space = false;
  for (char c : value) {
    if (!quoted && is_linear_whitespace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (c == '"') quoted = !quoted;
    out.push_back(c);
  }
  return out;  // leading whitespace never emitted; trailing whitespace left pending
}

std::string canonicalized_headers(const transport::HeaderList& headers, bool keep_empty_values, HeaderOrder order) {
  auto less = [order](const std::string& a, const std::string& b) {
    return order == HeaderOrder::Service ? service_header_less(a, b) : a < b;
  };
  std::map<std::string, std::vector<std::string>, decltype(less)> by_name(less);
  for (const auto& [name, value] : headers) {
    std::string lower = wire::to_lower(wire::trim(name));
    if (lower.rfind("x-ms-", 0) != 0) continue;
    by_name[lower].push_back(collapse_whitespace(value));
  }
  std::string out;
  for (const auto& [name, values] : by_name) {
    std::string joined;
    for (size_t i = 0; i < values.size(); ++i) joined += (i ? "," : "") + values[i];
    if (joined.empty() && !keep_empty_values) continue;
    out += name + ":" + joined + "\n";
  }
  return out;
}

}  // namespace blobconform::auth
