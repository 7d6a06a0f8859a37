#include "tests/reference/exchange.h"

#include "harness/wire/encoding.h"

namespace blobconform::reference {

std::optional<std::string> Incoming::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (wire::iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::string Incoming::joined_header(std::string_view name) const {
  std::string out;
  size_t count = 0;
  for (const auto& [key, value] : headers) {
    if (wire::iequals(key, name)) out += (count++ ? "," : "") + value;
  }
  return out;
}

size_t Incoming::header_count(std::string_view name) const {
  size_t count = 0;
  for (const auto& [key, value] : headers) count += wire::iequals(key, name);
  return count;
}

// Query names are matched in any case, as .NET's NameValueCollection matches them (azure-front-end.md §1).
bool Incoming::query_name_matches(std::string_view key, std::string_view name) const {
  return param_names_exact ? key == name : wire::iequals(key, name);
}

std::optional<std::string> Incoming::param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (query_name_matches(key, name)) return value;
  }
  return std::nullopt;
}

std::string Incoming::joined_param(std::string_view name) const {
  std::string out;
  size_t count = 0;
  for (const auto& [key, value] : query) {
    if (query_name_matches(key, name)) out += (count++ ? "," : "") + value;
  }
  return out;
}

size_t Incoming::param_count(std::string_view name) const {
  size_t count = 0;
  for (const auto& entry : query) count += query_name_matches(entry.first, name);
  return count;
}

std::optional<std::string> parse_target(std::string_view target, Incoming& into) {
  into.target = std::string(target);
  auto question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::vector<std::string> segments;
  size_t at = path.empty() || path[0] != '/' ? 0 : 1;
  while (at <= path.size()) {
    auto slash = path.find('/', at);
    if (slash == std::string_view::npos) slash = path.size();
    auto decoded = wire::percent_decode(path.substr(at, slash - at));
    segments.push_back(decoded ? *decoded : std::string(path.substr(at, slash - at)));
    at = slash + 1;
  }
  into.account = segments.empty() ? "" : segments[0];
  into.segments = segments.size() > 1 ? segments.size() - 1 : 0;
  if (segments.size() > 1) into.container = segments[1];
  for (size_t i = 2; i < segments.size(); ++i) into.blob += (i > 2 ? "/" : "") + segments[i];
  if (segments.size() == 2 && segments[1].empty()) into.segments = 0;  // "/account/"

  into.query.clear();
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  size_t start = 0;
  while (start <= query.size()) {
    auto amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    auto part = query.substr(start, amp - start);
    start = amp + 1;
    if (part.empty()) continue;
    auto equals = part.find('=');
    auto name = wire::form_decode(part.substr(0, equals));
    auto value = wire::form_decode(equals == std::string_view::npos ? "" : part.substr(equals + 1));
    if (!name || !value) return "the query parameter \"" + std::string(part.substr(0, equals)) + "\" has a malformed %-escape";
    into.query.emplace_back(*name, *value);
  }
  return std::nullopt;
}

}  // namespace blobconform::reference
