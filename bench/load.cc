// bench_load: benchmark 4 of bench/README.md, loading and expanding many case instances.
//
//   bench_load --generate DIR [--instances N] [--from CASES]
//     writes a case folder DIR holding copies of the case files of CASES (default the source
//     tree's cases/) under DIR/g0001/, DIR/g0002/, ... (each group renamed after its new path),
//     and operations, capabilities, rules and setups (CASES's, else cases/'s), until the copies expand to
//     N instances (default 10,000; the last file is cut after the case that reaches N).
//   bench_load --load DIR [--filter GLOB]...
//     loads, lints, expands and selects DIR with the harness's own loader, lint and selection, as
//     `blobconform list --cases DIR` does, and prints one JSON line: instances, the milliseconds of
//     each stage and in all, the resident set after each stage (/proc/self/statm) and the
//     process's peak (getrusage).
//   bench_load --explain DIR
//     where loading goes, file by file, with the loader's own pieces: reading and parsing the JSON
//     (parse_ms), JSON-Schema validation of every document (schema_ms), and the part of it that
//     does not depend on the documents (schema_setup_ms: checking the schema and compiling its
//     patterns, once per load), as one JSON line.
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cases/json_schema.h"
#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/run/selection.h"

using namespace blobconform;
namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr const char* kLatest = "2026-06-06";  // the harness's default --latest-version

double ms_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count();
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

long current_rss_kb() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

fs::path schema_dir() { return fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "schema"; }

bool print_problems(const cases::Problems& problems) {
  for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
  return problems.empty();
}

int generate(const fs::path& dir, size_t wanted, const fs::path& from) {
  // The source corpus, loaded as the harness loads it, to know how many instances each case gives.
  cases::Problems problems;
  cases::Catalog catalog = cases::load_catalog({{from.string()}, schema_dir().string()}, problems);
  if (!print_problems(problems)) return 2;
  std::map<std::string, std::vector<size_t>> per_file;  // file -> instances of each case, in order
  for (const auto& group : catalog.groups) {
    auto& counts = per_file[group->file];
    for (const auto& c : group->cases) counts.push_back(cases::version_runs(c, kLatest).size());
  }
  size_t per_copy = 0;
  for (const auto& [file, counts] : per_file)
    for (size_t n : counts) per_copy += n;
  if (per_copy == 0) {
    std::cerr << "error: " << from << " holds no cases\n";
    return 2;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  // Operations, capabilities, rules and named setups: the folder's own, else the project's (bench/cases has none).
  for (const char* name : {"operations.json", "capabilities.json", "rules.json", "setups.json"}) {
    fs::path source = fs::exists(from / name) ? from / name : fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / name;
    if (fs::exists(source)) fs::copy_file(source, dir / name);
  }
  size_t total = 0, files = 0, bytes = 0;
  for (int copy = 1; total < wanted; ++copy) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "g%04d", copy);
    for (const auto& [file, counts] : per_file) {
      if (total >= wanted) break;
      std::ifstream in(file, std::ios::binary);
      nlohmann::json document = nlohmann::json::parse(in);
      document["group"] = std::string(prefix) + "/" + document["group"].get<std::string>();
      size_t keep = 0;
      while (keep < counts.size() && total < wanted) total += counts[keep++];
      if (keep < counts.size()) document["cases"].erase(document["cases"].begin() + keep, document["cases"].end());
      fs::path out = dir / prefix / fs::relative(file, from);
      fs::create_directories(out.parent_path());
      std::string written = document.dump(2) + "\n";
      std::ofstream(out, std::ios::binary) << written;
      bytes += written.size();
      ++files;
    }
  }
  nlohmann::json summary = {{"generated", dir.string()}, {"files", files}, {"bytes", bytes}, {"instances", total},
                            {"instances_per_corpus_copy", per_copy}};
  std::cout << summary.dump() << "\n";
  return 0;
}

int load(const fs::path& dir, const std::vector<std::string>& filters) {
  auto t0 = SteadyClock::now();
  cases::Problems problems;
  cases::Catalog catalog = cases::load_catalog({{dir.string()}, schema_dir().string()}, problems);
  double load_ms = ms_since(t0);
  long rss_loaded = current_rss_kb();
  malloc_trim(0);  // what the catalog holds, without the heap the parsing freed
  long rss_trimmed = current_rss_kb();
  auto t1 = SteadyClock::now();
  auto lint = cases::lint_catalog(catalog, {kLatest});
  double lint_ms = ms_since(t1);
  long rss_linted = current_rss_kb();
  problems.insert(problems.end(), lint.begin(), lint.end());
  if (!print_problems(problems)) return 2;
  auto t2 = SteadyClock::now();
  auto all = run::expand_instances(catalog, kLatest);
  double expand_ms = ms_since(t2);
  auto t3 = SteadyClock::now();
  auto selected = run::select_instances(all, {filters, {}});
  double select_ms = ms_since(t3);
  double total_ms = ms_since(t0);
  long rss_selected = current_rss_kb();
  size_t cases_count = 0;
  for (const auto& g : catalog.groups) cases_count += g->cases.size();
  nlohmann::json out = {{"files", catalog.groups.size()}, {"cases", cases_count},      {"instances", all.size()},
                        {"selected", selected.size()},    {"load_ms", load_ms},         {"lint_ms", lint_ms},
                        {"expand_ms", expand_ms},         {"select_ms", select_ms},     {"total_ms", total_ms},
                        {"rss_after_load_kb", rss_loaded}, {"rss_catalog_trimmed_kb", rss_trimmed},
                        {"rss_after_lint_kb", rss_linted},
                        {"rss_after_select_kb", rss_selected}, {"peak_rss_kb", peak_rss_kb()}};
  std::cout << out.dump() << "\n";
  return 0;
}

int explain(const fs::path& dir) {
  cases::Problems problems;
  nlohmann::json schema;
  if (!cases::read_json_file((schema_dir() / "case.schema.json").string(), schema, problems)) return print_problems(problems), 2;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    if (cases::is_reserved_file(fs::relative(entry.path(), dir))) continue;  // as the loader skips them
    files.push_back(entry.path());
  }
  std::vector<nlohmann::json> documents(files.size());
  auto t0 = SteadyClock::now();
  for (size_t i = 0; i < files.size(); ++i) {
    if (!cases::read_json_file(files[i].string(), documents[i], problems)) return print_problems(problems), 2;
  }
  double parse_ms = ms_since(t0);
  auto t1 = SteadyClock::now();
  const cases::SchemaValidator validator(schema);  // once per load, as the loader does
  double setup_ms = ms_since(t1);
  size_t found = 0;
  for (const auto& document : documents) found += validator.validate(document).size();
  double schema_ms = ms_since(t1);
  nlohmann::json out = {{"files", files.size()},          {"parse_ms", parse_ms},   {"schema_ms", schema_ms},
                        {"schema_setup_ms", setup_ms},    {"schema_problems", found}};
  std::cout << out.dump() << "\n";
  return 0;
}

int usage() {
  std::cerr << "usage: bench_load --generate DIR [--instances N] [--from CASES]\n"
               "       bench_load --load DIR [--filter GLOB]...\n"
               "       bench_load --explain DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string generate_dir, load_dir, explain_dir;
  fs::path from = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
  size_t instances = 10000;
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--generate") generate_dir = next();
    else if (a == "--load") load_dir = next();
    else if (a == "--explain") explain_dir = next();
    else if (a == "--instances") instances = std::stoul(next());
    else if (a == "--from") from = next();
    else if (a == "--filter") filters.push_back(next());
    else return usage();
  }
  if (!explain_dir.empty()) return explain(explain_dir);
  if (!generate_dir.empty() == !load_dir.empty()) return usage();
  if (!generate_dir.empty()) return generate(generate_dir, instances, from);
  return load(load_dir, filters);
}
