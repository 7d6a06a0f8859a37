#include "harness/auth/canonicalized_resource.h"

#include <algorithm>
#include <map>

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

struct SplitTarget {
  std::string_view path;
  std::string_view query;
};

Result<SplitTarget> split_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return fail("target: must start with '/' (origin-form)");
  auto mark = target.find('?');
  if (mark == std::string_view::npos) return SplitTarget{target, {}};
  return SplitTarget{target.substr(0, mark), target.substr(mark + 1)};
}

}  // namespace

Result<std::vector<QueryParameter>> parse_query(std::string_view query) {
  std::vector<QueryParameter> out;
  size_t index = 0;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view segment = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    ++index;
    if (segment.empty()) continue;
    auto eq = segment.find('=');
    std::string_view raw_name = segment.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : segment.substr(eq + 1);
    auto name = wire::form_decode(raw_name);
    if (!name) return fail("query parameter " + std::to_string(index) + " name: " + name.error().message);
    auto value = wire::form_decode(raw_value);
    if (!value) {
      return fail("query parameter " + std::to_string(index) + " ('" + std::string(raw_name) +
                  "') value: " + value.error().message);
    }
    out.push_back({std::move(*name), std::move(*value)});
  }
  return out;
}

Result<std::string> canonicalized_resource(std::string_view account, std::string_view target) {
  auto split = split_target(target);
  if (!split) return split.error();
  auto parameters = parse_query(split->query);
  if (!parameters) return parameters.error();
  std::map<std::string, std::vector<std::string>> by_name;
  for (auto& parameter : *parameters) by_name[wire::to_lower(parameter.name)].push_back(std::move(parameter.value));
  std::string out = "/" + std::string(account) + std::string(split->path);
  for (auto& [name, values] : by_name) {
    std::sort(values.begin(), values.end());
    out += "\n" + name + ":";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
  }
  return out;
}

Result<std::string> canonicalized_resource_lite(std::string_view account, std::string_view target) {
  auto split = split_target(target);
  if (!split) return split.error();
  auto parameters = parse_query(split->query);
  if (!parameters) return parameters.error();
  std::string out = "/" + std::string(account) + std::string(split->path);
  for (const auto& parameter : *parameters) {
    if (wire::to_lower(parameter.name) != "comp") continue;
    out += "?comp=" + parameter.value;
    break;
  }
  return out;
}

}  // namespace blobconform::auth
