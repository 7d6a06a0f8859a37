// A case file, as `blobconform` reads it: cases::parse_json_text, load_group_document against the
// project's case schema, then cases::lint_catalog and run::expand_instances / select_instances
// when the group loaded. The project's operations, capabilities, rules and named setups are loaded
// once, so that the linter checks ops, args, requires and covers, and uses expand, as for real files.
// The input is named "<cases>/fuzz/case.json" below the case folder "<cases>": its group must be
// "fuzz/case" (seeds in fuzz/corpus/case_file use that name).
// Oracles (besides "never throws", which the loader promises):
//  - a file with a problem contributes nothing, and a file that contributes nothing says why;
//  - every problem (loader's and linter's) names the file;
//  - a loaded group is "fuzz/case" and each case id is "fuzz/case/<id>";
//  - expansion gives one instance per case without `versions`, else one per listed version, with
//    ids "<case id>" or "<case id>@<label>" and "latest" resolved; "**" selects all of them.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/run/selection.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;
using nlohmann::json;

const std::string kCaseDir = std::string(BLOBCONFORM_SOURCE_DIR) + "/cases";
const std::string kFile = kCaseDir + "/fuzz/case.json";
constexpr const char* kExpectedGroup = "fuzz/case";
constexpr const char* kLatestVersion = "2026-06-06";  // blobconform's default --latest-version

struct Project {
  std::unique_ptr<cases::SchemaValidator> case_schema;
  cases::Catalog catalog;  // operations, capabilities, rules and named setups; groups come and go per input
};

[[noreturn]] void setup_failed(const cases::Problems& problems) {
  for (const auto& problem : problems) std::fprintf(stderr, "case_file fuzzer setup: %s\n", cases::to_string(problem).c_str());
  std::fprintf(stderr, "case_file fuzzer setup: the project's own files do not load\n");
  std::abort();
}

// capabilities.json (an object name -> {description}) and rules.json (an array of {id, sentence}):
// only the names matter to the linter.
void load_names(const std::string& file, const char* key, std::map<std::string, std::string>& into,
                cases::Problems& problems) {
  json document;
  if (!cases::read_json_file(file, document, problems)) return;
  const json entries = document.is_object() ? document.value(key, json()) : json();
  if (entries.is_object()) {
    for (const auto& [name, value] : entries.items()) into[name] = "";
  } else if (entries.is_array()) {
    for (const auto& entry : entries) {
      if (entry.is_object() && entry.contains("id") && entry["id"].is_string()) into[entry["id"].get<std::string>()] = "";
    }
  }
  if (into.empty()) problems.push_back({file, "", std::string("no ") + key});
}

Project& project() {
  static Project* loaded = [] {
    auto* p = new Project;  // never freed: it lives as long as the fuzzer
    cases::Problems problems;
    json case_schema, operations_schema;
    if (!cases::read_json_file(kCaseDir + "/schema/case.schema.json", case_schema, problems) ||
        !cases::read_json_file(kCaseDir + "/schema/operations.schema.json", operations_schema, problems)) {
      setup_failed(problems);
    }
    p->case_schema = std::make_unique<cases::SchemaValidator>(case_schema);
    cases::load_operations_file(p->catalog, kCaseDir + "/operations.json", cases::SchemaValidator(operations_schema), problems);
    load_names(kCaseDir + "/capabilities.json", "capabilities", p->catalog.capabilities, problems);
    load_names(kCaseDir + "/rules.json", "rules", p->catalog.rules, problems);
    cases::load_setups_file(p->catalog, kCaseDir + "/setups.json", *p->case_schema, problems);
    if (!problems.empty() || p->catalog.operations.empty() || p->catalog.setups.empty()) setup_failed(problems);
    return p;
  }();
  return *loaded;
}

bool all_name_the_file(const cases::Problems& problems) {
  for (const auto& problem : problems) {
    if (problem.file != kFile) return false;
  }
  return true;
}

void check_loaded_group(cases::Catalog& catalog) {
  const cases::Group& group = *catalog.groups.back();
  require(group.name == kExpectedGroup, "a loaded group's name is its path below the case folder");
  size_t expected_instances = 0;
  for (const cases::Case& c : group.cases) {
    require(c.id == group.name + "/" + c.local_id, "a case id is <group>/<id>");
    require(c.group == &group, "a case points at its group");
    expected_instances += c.versions.empty() ? 1 : c.versions.size();
  }

  auto lint = cases::lint_catalog(catalog, {kLatestVersion});
  require(all_name_the_file(lint), "every lint problem names the file");

  auto instances = run::expand_instances(catalog, kLatestVersion);
  require(instances.size() == expected_instances, "one instance per case, or per listed version");
  for (const auto& instance : instances) {
    const cases::Case& c = *instance.test_case;
    std::string expected_id = instance.version_label.empty() ? c.id : c.id + "@" + instance.version_label;
    require(instance.id == expected_id, "an instance id is <case id>[@<version label>]");
    require(instance.version == (instance.version_label == "latest" || instance.version_label.empty()
                                     ? std::string(kLatestVersion)
                                     : instance.version_label),
            "an instance's version is its label, with latest (or none) resolved");
  }
  require(run::select_instances(instances, {{"**"}, {}}).size() == instances.size(), "\"**\" selects every instance");
  require(run::select_instances(instances, {{"-**"}, {}}).empty(), "\"-**\" excludes every instance");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Project& p = project();
  const std::string_view text = blobconform::fuzz::as_text(data, size);
  cases::Problems problems;
  json document;
  if (!cases::parse_json_text(text, kFile, document, problems)) {
    require(!problems.empty(), "refused JSON comes with a problem");
    require(all_name_the_file(problems), "every JSON problem names the file");
    return 0;
  }
  const size_t groups_before = p.catalog.groups.size();
  cases::load_group_document(p.catalog, document, kFile, kCaseDir, *p.case_schema, problems);
  const bool loaded = p.catalog.groups.size() == groups_before + 1;
  require(loaded || p.catalog.groups.size() == groups_before, "a file adds at most one group");
  require(all_name_the_file(problems), "every loader problem names the file");
  // The loader's contract: a file with a problem contributes nothing to the catalog.
  require(loaded == problems.empty(), "a group loads exactly when its file has no problem");
  if (loaded) {
    check_loaded_group(p.catalog);
    p.catalog.groups.pop_back();  // the next input starts from the project's catalog again
  }
  return 0;
}
