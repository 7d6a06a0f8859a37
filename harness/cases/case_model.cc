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

const char* evidence_name(Evidence evidence) {
  switch (evidence) {
    case Evidence::Unstated: return "unstated";
    case Evidence::Recorded: return "recorded";
    case Evidence::FrontEnd: return "front-end";
    case Evidence::Doc: return "doc";
    case Evidence::ArchivedDoc: return "archived-doc";
    case Evidence::Observed: return "observed";
  }
  return "unstated";
}

std::optional<Evidence> evidence_from_name(const std::string& name) {
  for (Evidence e : {Evidence::Recorded, Evidence::FrontEnd, Evidence::Doc, Evidence::ArchivedDoc, Evidence::Observed}) {
    if (name == evidence_name(e)) return e;
  }
  return std::nullopt;
}

Evidence SpecRef::effective_evidence() const {
  if (evidence != Evidence::Unstated) return evidence;
  for (const char* page : {"https://learn.microsoft.com/", "https://docs.microsoft.com/"}) {
    if (url.rfind(page, 0) == 0) return Evidence::Doc;
  }
  return Evidence::Unstated;
}

bool SpecRef::grounds_must() const {
  switch (effective_evidence()) {
    case Evidence::Recorded:
    case Evidence::FrontEnd: return true;
    case Evidence::Doc: return !summary;
    default: return false;
  }
}

}  // namespace blobconform::cases
