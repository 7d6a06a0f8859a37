#include "harness/cases/variables.h"

#include <openssl/rand.h>

#include <cstdio>
#include <random>

namespace blobconform::cases {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Scans `text`; for each reference calls on_name(name) and appends literal text to `out`.
template <class OnName>
Result<std::string> scan(std::string_view text, OnName on_name) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at));
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return fail("unterminated '{{' at offset " + std::to_string(open));
    }
    std::string_view name = text.substr(open + 2, close - open - 2);
    std::string_view filter;
    if (size_t bar = name.find('|'); bar != std::string_view::npos) {
      filter = name.substr(bar + 1);
      name = name.substr(0, bar);
      if (filter != "upper" && filter != "lower" && filter != "nohyphens" && filter != "braces") {
        return fail("unknown filter '|" + std::string(filter) + "' at offset " + std::to_string(open) +
                    " (upper, lower, nohyphens, braces)");
      }
    }
    if (name.empty() || name.size() > kMaxVariableNameLength) {
      return fail("bad variable reference '{{" + std::string(name) + "}}' at offset " + std::to_string(open));
    }
    for (char c : name) {
      if (!is_name_char(c)) {
        return fail("bad variable name '" + std::string(name) + "' at offset " + std::to_string(open) +
                    " (letters, digits and '_' only)");
      }
    }
    auto appended = on_name(std::string(name));
    if (!appended) return appended.error();
    if (*appended == "{{" + std::string(name) + "}}") {  // kept as a placeholder (raw forms): the filter stays in it
      out.append(text.substr(open, close + 2 - open));
      at = close + 2;
      continue;
    }
    for (char& c : *appended) {
      if (filter == "upper" && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (filter == "lower" && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (filter == "nohyphens") std::erase(*appended, '-');
    if (filter == "braces") *appended = "{" + *appended + "}";
    out.append(*appended);
    at = close + 2;
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> referenced_names(std::string_view text) {
  std::vector<std::string> names;
  auto scanned = scan(text, [&](const std::string& name) -> Result<std::string> {
    names.push_back(name);
    return std::string();
  });
  if (!scanned) return scanned.error();
  return names;
}

Result<std::string> substitute(std::string_view text,
                               const std::function<bool(const std::string&, std::string&)>& lookup) {
  return scan(text, [&](const std::string& name) -> Result<std::string> {
    std::string value;
    if (!lookup(name, value)) return fail("unknown variable '{{" + name + "}}'");
    return value;
  });
}

bool scope_value(const Scope& scope, const std::string& name, std::string& value) {
  if (scope.keep_variables) {
    value = "{{" + name + "}}";
    return true;
  }
  if (name == "uuid") {
    value = scope.new_uuid ? scope.new_uuid() : new_uuid_v4();
    return true;
  }
  auto found = scope.values.find(name);
  if (found == scope.values.end()) return false;
  value = found->second;
  return true;
}

Result<std::string> substitute(std::string_view text, const Scope& scope) {
  return substitute(text, [&](const std::string& name, std::string& value) { return scope_value(scope, name, value); });
}

std::string new_uuid_v4() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    thread_local std::mt19937_64 fallback{std::random_device{}()};
    for (auto& b : bytes) b = static_cast<unsigned char>(fallback());
  }
  bytes[6] = (bytes[6] & 0x0F) | 0x40;
  bytes[8] = (bytes[8] & 0x3F) | 0x80;
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1],
                bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

}  // namespace blobconform::cases
