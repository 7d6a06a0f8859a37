// report: results.json files made into reports again. Files of one target with disjoint
// instances are the shards of one run: merged (in the selection's order) into one set of reports
// whose gate verdict is the unsharded run's. Files of several targets (or --compare) are put side
// by side: cases × targets.
// repro: one instance of a results file run again against the target, the request under test
// printed in full.
#include <unistd.h>

#include <iostream>
#include <map>
#include <set>

#include "harness/cli/common.h"
#include "harness/report/html.h"
#include "harness/report/markdown.h"
#include "harness/report/repro_command.h"
#include "harness/report/results_reader.h"
#include "harness/run/selection.h"

namespace blobconform::cli {
namespace {

// The case folders a results file's run loaded (those that still exist; else the options' own),
// and nothing more: the project's are among them when that run loaded them.
void use_recorded_case_dirs(Options& options, const report::RunRecord& record) {
  std::vector<std::string> recorded;
  for (const auto& dir : record.case_dirs) {
    if (fs::exists(dir)) recorded.push_back(dir);
  }
  if (!recorded.empty()) options.cases.case_dirs = recorded;
  options.cases.no_default_cases = true;
  options.cases.definition_dirs.clear();
  resolve_case_dirs(options.cases, data_dir());
}

// Where each instance id comes in the selection of the cases the records name (falling back to
// the project's), so merged shards come out in the unsharded run's order.
std::map<std::string, size_t> selection_order(const Options& options, const std::vector<report::RunRecord>& records) {
  Options load = options;
  use_recorded_case_dirs(load, records.front());
  load.cases.latest_version = records.front().latest_version.empty() ? options.cases.latest_version : records.front().latest_version;
  std::map<std::string, size_t> order;
  cases::Catalog catalog;
  if (!load_cases(load.cases, data_dir(), catalog)) return order;
  auto instances = run::expand_instances(catalog, load.cases.latest_version);
  for (size_t i = 0; i < instances.size(); ++i) order.emplace(instances[i].id, i);
  return order;
}

int merge_shards(const Options& options, std::vector<report::RunRecord> records) {
  report::RunRecord merged = records.front();
  merged.results.clear();
  merged.known_deviations.clear();
  std::map<std::string, std::string> seen;  // instance id -> the file it came from
  for (size_t i = 0; i < records.size(); ++i) {
    auto& record = records[i];
    if (record.baseline_file != merged.baseline_file && options.output.baseline.empty()) {
      std::cerr << "error: report: " << options.reports.results_files[i] << " was gated on another baseline ("
                << record.baseline_file << ", not " << merged.baseline_file << "): give --baseline\n";
      return kUsage;
    }
    for (auto& result : record.results) {
      auto [at, fresh] = seen.emplace(result.id, options.reports.results_files[i]);
      if (!fresh) {
        std::cerr << "error: report: instance " << result.id << " is in both " << at->second << " and "
                  << options.reports.results_files[i] << ": these are not shards of one run (use --compare)\n";
        return kUsage;
      }
      merged.results.push_back(std::move(result));
    }
    merged.started = std::min(merged.started, record.started);
    merged.finished = std::max(merged.finished, record.finished);
    merged.duration = std::max(merged.duration, record.duration);
    merged.stopped_early |= record.stopped_early;
    merged.strict |= record.strict;
  }
  merged.strict |= options.output.strict;
  auto order = selection_order(options, records);
  std::stable_sort(merged.results.begin(), merged.results.end(), [&order](const auto& a, const auto& b) {
    auto x = order.find(a.id), y = order.find(b.id);
    size_t ax = x == order.end() ? order.size() : x->second, by = y == order.end() ? order.size() : y->second;
    return ax < by;
  });

  std::string baseline_file = options.output.baseline.empty() ? merged.baseline_file : options.output.baseline;
  merged.baseline_file = baseline_file;
  std::optional<report::Baseline> baseline;
  if (!baseline_file.empty()) {
    cases::Problems problems;
    baseline = report::load_baseline(baseline_file, problems);
    for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
    if (!problems.empty()) return kUsage;
  }
  fs::path report_dir = options.output.report_dir.empty() ? fs::path("reports") / (merged.run_id + "-merged")
                                                   : fs::path(options.output.report_dir);
  std::error_code ec;
  fs::create_directories(report_dir, ec);
  if (ec) {
    std::cerr << "error: cannot create " << report_dir << ": " << ec.message() << "\n";
    return kUsage;
  }
  std::cout << "merged " << records.size() << " shard(s) of " << merged.target << ": " << merged.results.size()
            << " instances\n";
  return write_reports(options, merged, baseline ? &*baseline : nullptr, report_dir);
}

int compare_targets(const Options& options, const std::vector<report::RunRecord>& records) {
  std::vector<std::string> ids;
  std::set<std::string> known;
  for (const auto& record : records) {
    for (const auto& result : record.results) {
      if (known.insert(result.id).second) ids.push_back(result.id);
    }
  }
  size_t disagree = 0;
  for (const auto& id : ids) {
    std::set<std::string> results;
    for (const auto& record : records) {
      std::string seen = "-";
      for (const auto& result : record.results) {
        if (result.id == id) seen = run::result_name(result.result);
      }
      results.insert(seen);
    }
    disagree += results.size() > 1;
  }
  for (size_t i = 0; i < records.size(); ++i) {
    auto counts = report::count_results(records[i].results);
    std::cout << "target " << i + 1 << ": " << records[i].target << " (" << records[i].target_server << "): ";
    for (auto kind : {run::ResultKind::Pass, run::ResultKind::Fail, run::ResultKind::NonStrict, run::ResultKind::Info,
                      run::ResultKind::Skip, run::ResultKind::Inconclusive, run::ResultKind::Error}) {
      std::cout << run::result_name(kind) << " " << counts[kind] << " ";
    }
    std::cout << "\n";
  }
  std::cout << ids.size() << " instances, " << disagree << " where the targets disagree\n";
  fs::path report_dir = options.output.report_dir.empty() ? fs::path("reports") / "comparison" : fs::path(options.output.report_dir);
  std::error_code ec;
  fs::create_directories(report_dir, ec);
  if (ec) {
    std::cerr << "error: cannot create " << report_dir << ": " << ec.message() << "\n";
    return kUsage;
  }
  for (auto written : {report::write_html_comparison(records, (report_dir / "comparison.html").string()),
                       report::write_markdown_comparison(records, (report_dir / "comparison.md").string())}) {
    if (!written) {
      std::cerr << "error: " << written.error().message << "\n";
      return kUsage;
    }
  }
  std::cout << "reports: " << (report_dir / "comparison.html").string() << ", "
            << (report_dir / "comparison.md").string() << "\n";
  return kAsExpected;
}

}  // namespace

int command_report(const Options& options) {
  std::vector<report::RunRecord> records;
  for (const auto& file : options.reports.results_files) {
    auto record = report::read_results_json(file);
    if (!record) {
      std::cerr << "error: " << record.error().message << "\n";
      return kUsage;
    }
    records.push_back(std::move(*record));
  }
  bool same_target = true;
  for (const auto& record : records) {
    same_target &= record.target == records.front().target && record.target_server == records.front().target_server;
  }
  if (options.reports.compare || !same_target) return compare_targets(options, records);
  return merge_shards(options, std::move(records));
}

int command_repro(const Options& options) {
  auto record = report::read_results_json(options.reports.repro_results);
  if (!record) {
    std::cerr << "error: " << record.error().message << "\n";
    return kUsage;
  }
  const run::InstanceResult* original = nullptr;
  for (const auto& result : record->results) {
    if (result.id == options.reports.repro_instance) original = &result;
  }
  if (!original) {
    std::cerr << "error: repro: " << options.reports.repro_results << " has no instance \"" << options.reports.repro_instance
              << "\"\n";
    return kUsage;
  }
  // The same server, or nothing: the credentials come from --target or the environment, the
  // endpoint must be the one the results name.
  auto target = target::parse_connection_string(options.target.connection_string);
  if (!target) {
    std::cerr << "error: --target: " << target.error().message << "\n";
    return kUsage;
  }
  if (target->describe() != record->target) {
    std::cerr << "error: repro: " << options.reports.repro_results << " was made against " << record->target << ", but "
              << (options.target.given ? "--target (or AZURE_STORAGE_CONNECTION_STRING) names " + target->describe()
                                       : "no --target was given (the default is the embedded Azurite)")
              << ": give that server's connection string with --target or AZURE_STORAGE_CONNECTION_STRING\n";
    return kUsage;
  }
  Options again = options;
  again.cases.filters = {options.reports.repro_instance};
  again.cases.tags.clear();
  again.cases.id_substrings.clear();
  again.cases.shard.clear();
  again.output.quiet = true;
  again.run.jobs = 1;
  use_recorded_case_dirs(again, *record);
  std::optional<fs::path> temporary;
  if (options.output.report_dir.empty()) {
    char pattern[] = "/tmp/blobconform-repro-XXXXXX";
    if (!mkdtemp(pattern)) {
      std::cerr << "error: repro: cannot make a temporary folder\n";
      return kUsage;
    }
    temporary = pattern;
    again.output.report_dir = pattern;
  }
  std::cout << "reproducing " << original->id << " (it was " << run::result_name(original->result) << " against "
            << record->target << ")\n";
  int code = command_run(again);
  auto fresh = report::read_results_json((fs::path(again.output.report_dir) / "results.json").string());
  if (temporary) {
    std::error_code ec;
    fs::remove_all(*temporary, ec);
  }
  if (fresh && !fresh->results.empty()) {
    const auto& result = fresh->results.front();
    std::cout << "\nrequest under test:\n";
    for (const auto& exchange : result.exchanges) {
      if (exchange.phase != "request") continue;
      std::cout << report::format_exchange(exchange) << "\n\nthe same request with curl (set SIGNATURE, or SIG for a "
                << "SAS, to a fresh signature; the container exists only with --keep):\n"
                << report::curl_command(exchange.exchange.request, transport::origin(target->endpoint)) << "\n";
    }
    std::cout << "now " << run::result_name(result.result) << (result.reason.empty() ? "" : ": " + result.reason)
              << "\n";
  }
  return code;
}

}  // namespace blobconform::cli
