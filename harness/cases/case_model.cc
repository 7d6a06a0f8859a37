#include "harness/cases/case_model.h"

#include "harness/check/version.h"

namespace blobconform::cases {

const char* level_name(Level level) {
  switch (level) {
    case Level::Must: return "must";
    case Level::Should: return "should";
    case Level::Info: return "info";
  }
  return "must";
}

const char* grade_name(Grade grade) {
  switch (grade) {
    case Grade::Pass: return "pass";
    case Grade::Inconclusive: return "inconclusive";
    case Grade::Info: return "info";
    case Grade::Fail: return "fail";
  }
  return "pass";
}

std::vector<VersionRun> version_runs(const Case& c, const std::string& latest_version) {
  if (c.versions.empty()) return {{"", latest_version}};
  std::vector<VersionRun> out;
  for (const auto& label : c.versions) out.push_back({label, label == "latest" ? latest_version : label});
  return out;
}

const ExpectSpec::Variant* select_variant(const ExpectSpec& expect, const std::string& version) {
  for (const auto& variant : expect.variants) {
    if (variant.when.empty()) return &variant;
    auto range = check::parse_when(variant.when);
    if (range && check::contains(*range, version)) return &variant;
  }
  return nullptr;
}

std::optional<Grade> grade_from_name(const std::string& name) {
  for (Grade grade : {Grade::Pass, Grade::Inconclusive, Grade::Info, Grade::Fail}) {
    if (name == grade_name(grade)) return grade;
  }
  return std::nullopt;
}

}  // namespace blobconform::cases
