// run (the default) and baseline --write: the selected cases against the target, and the reports.
#include <fstream>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/report/baseline.h"
#include "harness/report/console.h"
#include "harness/report/junit.h"
#include "harness/report/results_json.h"
#include "harness/run/copy_sources.h"
#include "harness/run/runner.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {

int command_run(const Options& options) {
  fs::path data = data_dir();
  PreparedTarget prepared;
  if (int code = parse_target(options, prepared); code != kAsExpected) return code;
  const target::Target& target = prepared.target;
  const std::optional<auth::AccountKey>& key = prepared.key;
  cases::Catalog catalog;
  if (!load_cases(options, data, catalog)) return kUsage;
  auto instances = run::select_instances(run::expand_instances(catalog, options.latest_version),
                                         {options.filters, options.tags});
  if (!options.shard.empty()) {
    auto shard = run::parse_shard(options.shard);
    if (!shard) {
      std::cerr << "error: " << shard.error().message << "\n";
      return kUsage;
    }
    instances = run::shard_instances(instances, shard->first, shard->second);
  }

  std::string baseline_file = options.baseline;
  if (baseline_file.empty() && !options.no_baseline && target.development_storage && options.write_baseline.empty()) {
    baseline_file = default_azurite_baseline(data).string();
  }
  std::optional<report::Baseline> baseline;
  if (!baseline_file.empty()) {
    cases::Problems problems;
    baseline = report::load_baseline(baseline_file, problems);
    auto stale = report::unknown_baseline_entries(*baseline, catalog);
    problems.insert(problems.end(), stale.begin(), stale.end());
    for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
    if (!problems.empty()) return kUsage;
    if (!options.quiet) std::cerr << "baseline: " << baseline_file << "\n";
  }

  transport::TlsOptions tls = tls_options(options);
  if (int code = reach_target(options, data, tls, prepared); code != kAsExpected) return code;
  const std::string& server = prepared.server;

  run::TargetContext target_context;
  target_context.target = &target;
  target_context.key = key ? &*key : nullptr;
  target_context.user_agent = std::string("blobconform/") + BLOBCONFORM_VERSION;
  if (key) target_context.capabilities["shared-key"] = "the connection string has an AccountKey";
  if (key) target_context.capabilities["sas"] = "the connection string has an AccountKey";
  if (target.endpoint.scheme == "https") target_context.capabilities["https"] = "the endpoint is HTTPS";
  if (target.endpoint.scheme == "http") target_context.capabilities["plain-http"] = "the endpoint is plain HTTP";
  for (const auto& name : options.capabilities) {
    if (!catalog.capabilities.count(name)) {
      std::cerr << "error: --capability: unknown capability \"" << name << "\" (see cases/capabilities.json)\n";
      return kUsage;
    }
    target_context.capabilities[name] = "declared with --capability";
  }

  bool loopback = is_loopback(target);
  auto identity = run::new_run_identity();
  run::Fixtures fixtures;
  run::CopySourceOptions copy_options = options.copy_sources;
  if (!options.second_target.empty()) {
    auto second = target::parse_connection_string(options.second_target);
    if (!second) {
      std::cerr << "error: --second-target: " << second.error().message << "\n";
      return kUsage;
    }
    copy_options.second_target = *second;
  }
  copy_options.tls = tls;
  copy_options.container = identity.container_prefix + "src";
  copy_options.version = options.latest_version;
  copy_options.keep = options.keep;
  auto copy_sources = run::start_copy_sources(copy_options, server, loopback, target_context, fixtures);
  if (!copy_sources) {
    std::cerr << "error: " << copy_sources.error().message << "\n";
    return kUsage;
  }
  if (!options.quiet && target_context.capabilities.count("pending-copy")) {
    std::cerr << "pending copies: " << target_context.capabilities["pending-copy"] << "\n";
  }

  run::RunOptions run_options;
  run_options.run_id = identity.run_id;
  run_options.container_prefix = identity.container_prefix;
  run_options.keep = options.keep;
  // Loopback servers (Azurite is one node process) gain little past a few connections; a remote
  // account's latency is hidden best by more.
  run_options.jobs = options.jobs > 0 ? options.jobs : (loopback ? 4 : 16);
  run_options.cleanup_version = options.latest_version;
  run_options.tls = tls;
  run_options.stop = &g_stop;
  if (!options.quiet) {
    run_options.on_result = [](const run::InstanceResult& r, size_t done, size_t total) {
      report::print_progress_line(std::cout, r, done, total);
      std::cout.flush();
    };
  }
  install_stop_handlers();

  report::RunRecord record;
  record.harness_version = BLOBCONFORM_VERSION;
  record.run_id = identity.run_id;
  record.started = wire::format_iso8601(wire::Clock::now());
  record.target = target.describe();
  record.target_server = server;
  record.latest_version = options.latest_version;
  record.case_dirs = options.case_dirs;
  record.filters = options.filters;
  record.tags = options.tags;
  record.strict = options.strict;
  record.baseline_file = baseline_file;
  if (!options.quiet) {
    std::cerr << "run " << identity.run_id << ": " << instances.size() << " instances against " << target.describe()
              << " (Server: " << (server.empty() ? "none" : server) << ")\n";
  }
  auto began = std::chrono::steady_clock::now();
  auto outcome = run::run_instances(instances, catalog, target_context, fixtures, run_options);
  record.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  record.finished = wire::format_iso8601(wire::Clock::now());
  record.stopped_early = outcome.stopped_early || g_stop.load();
  record.results = std::move(outcome.results);

  fs::path report_dir = options.report_dir.empty() ? fs::path("reports") / identity.run_id : fs::path(options.report_dir);
  std::error_code ec;
  fs::create_directories(report_dir, ec);
  if (ec) {
    std::cerr << "error: cannot create " << report_dir << ": " << ec.message() << "\n";
    return kUsage;
  }
  stop_azurite(prepared, options);

  if (!options.write_baseline.empty()) {
    std::optional<report::Baseline> previous;
    if (fs::exists(options.write_baseline)) {
      cases::Problems ignored;
      previous = report::load_baseline(options.write_baseline, ignored);
    }
    auto document = report::baseline_from_results(record.results, baseline_target_name(server),
                                                  previous ? &*previous : nullptr, options.strict);
    std::ofstream out(options.write_baseline, std::ios::binary);
    out << document.dump(2) << "\n";
    if (!out) {
      std::cerr << "error: cannot write " << options.write_baseline << "\n";
      return kUsage;
    }
    std::cout << "baseline: " << document["expected"].size() << " entries written to " << options.write_baseline
              << " (review each reason: it states the deviation)\n";
  }

  std::string today = wire::format_iso8601(wire::Clock::now()).substr(0, 10);
  auto verdict = report::gate(record.results, baseline ? &*baseline : nullptr, options.strict, today);
  if (baseline) {
    for (const auto& r : record.results) {
      const auto* entry = report::baseline_entry(*baseline, r);
      if (entry && entry->result == r.result) record.known_deviations[r.id] = entry->reason;
    }
  }
  for (auto written : {report::write_junit(record, (report_dir / "junit.xml").string()),
                       report::write_results_json(record, (report_dir / "results.json").string())}) {
    if (!written) std::cerr << "error: " << written.error().message << "\n";
  }
  report::print_summary(std::cout, record);
  for (const auto& warning : verdict.warnings) std::cerr << "warning: " << warning << "\n";
  if (baseline) std::cout << verdict.known << " known deviations (baseline)\n";
  for (const auto& d : verdict.differences) {
    std::cout << (d.unexpected_pass ? "unexpected pass: " : "regression: ") << d.id << ": expected " << d.expected
              << ", got " << d.actual << "\n";
  }
  std::cout << "reports: " << (report_dir / "junit.xml").string() << ", " << (report_dir / "results.json").string()
            << "\n";
  if (record.stopped_early) return kStopped;
  if (!options.write_baseline.empty()) return kAsExpected;
  return verdict.differences.empty() ? kAsExpected : kRegression;
}

}  // namespace blobconform::cli
