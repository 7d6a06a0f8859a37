#include "harness/auth/canonicalized_headers.h"

#include <algorithm>
#include <map>
#include <vector>

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

bool is_linear_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

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

std::string canonicalized_headers(const transport::HeaderList& headers, bool keep_empty_values) {
  std::map<std::string, std::vector<std::string>> by_name;  // std::string order is byte order
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
