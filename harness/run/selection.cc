#include "harness/run/selection.h"

#include <algorithm>


namespace blobconform::run {

std::vector<Instance> expand_instances(const cases::Catalog& catalog, const std::string& latest_version) {
  std::vector<Instance> out;
  for (const auto& group : catalog.groups) {
    for (const auto& c : group->cases) {
      for (auto& [label, version] : cases::version_runs(c, latest_version)) {
        out.push_back({&c, label.empty() ? c.id : c.id + "@" + label, label, std::move(version)});
      }
    }
  }
  return out;
}

bool glob_matches(std::string_view pattern, std::string_view text) {
  // Dynamic programming over (pattern position, text position), from the ends backwards: linear
  // in pattern × text, whatever the stars (backtracking was exponential in them). row(i)[j] says
  // whether pattern[i..] matches text[j..].
  const size_t p = pattern.size(), t = text.size();
  std::vector<std::vector<char>> rows(3, std::vector<char>(t + 1, 0));
  auto row = [&rows](size_t i) -> std::vector<char>& { return rows[i % 3]; };
  row(p).assign(t + 1, 0);
  row(p)[t] = 1;
  for (size_t i = p; i-- > 0;) {
    auto& here = row(i);
    bool double_star = pattern.compare(i, 2, "**") == 0;
    const auto& next = row(i + (double_star ? 2 : 1));
    for (size_t j = t + 1; j-- > 0;) {
      char c = pattern[i];
      if (double_star) {
        here[j] = next[j] || (j < t && here[j + 1]);  // '**': any text, '/' included
      } else if (c == '*') {
        here[j] = next[j] || (j < t && text[j] != '/' && here[j + 1]);  // '*': within a segment
      } else if (j == t) {
        here[j] = 0;
      } else if (c == '?') {
        here[j] = text[j] != '/' && next[j + 1];
      } else {
        here[j] = c == text[j] && next[j + 1];
      }
    }
  }
  return row(0)[0];
}

std::vector<Instance> select_instances(const std::vector<Instance>& all, const Selection& selection) {
  std::vector<std::string> includes, excludes;
  for (const auto& filter : selection.filters) {
    if (!filter.empty() && filter[0] == '-') excludes.push_back(filter.substr(1));
    else includes.push_back(filter);
  }
  auto matches = [](const std::string& glob, const Instance& instance) {
    return glob_matches(glob, instance.id) || glob_matches(glob, instance.test_case->id);
  };
  std::vector<Instance> out;
  for (const auto& instance : all) {
    bool included = includes.empty() ||
                    std::any_of(includes.begin(), includes.end(), [&](const auto& g) { return matches(g, instance); });
    bool excluded = std::any_of(excludes.begin(), excludes.end(), [&](const auto& g) { return matches(g, instance); });
    bool tagged = selection.tags.empty() ||
                  std::any_of(selection.tags.begin(), selection.tags.end(), [&](const std::string& tag) {
                    const auto& tags = instance.test_case->tags;
                    return std::find(tags.begin(), tags.end(), tag) != tags.end();
                  });
    bool named = selection.substrings.empty() ||
                 std::any_of(selection.substrings.begin(), selection.substrings.end(),
                             [&](const std::string& text) { return instance.id.find(text) != std::string::npos; });
    if (included && !excluded && tagged && named) out.push_back(instance);
  }
  return out;
}

std::vector<Instance> shard_instances(const std::vector<Instance>& selected, size_t index, size_t count) {
  std::vector<Instance> out;
  for (size_t i = 0; i < selected.size(); ++i) {
    if (i % count == index - 1) out.push_back(selected[i]);
  }
  return out;
}

Result<std::pair<size_t, size_t>> parse_shard(std::string_view text) {
  constexpr size_t kMaxShards = 1000;
  auto slash = text.find('/');
  auto number = [](std::string_view digits, size_t& value) {
    if (digits.empty() || digits.size() > 4) return false;
    value = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + static_cast<size_t>(c - '0');
    }
    return true;
  };
  size_t index = 0, count = 0;
  if (slash == std::string_view::npos || !number(text.substr(0, slash), index) || !number(text.substr(slash + 1), count) ||
      count == 0 || count > kMaxShards || index == 0 || index > count) {
    return fail("--shard: \"" + std::string(text) + "\" is not I/N with 1 <= I <= N <= 1000");
  }
  return std::pair<size_t, size_t>(index, count);
}

}  // namespace blobconform::run
