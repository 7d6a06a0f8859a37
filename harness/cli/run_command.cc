// run (the default) and baseline --write: the selected cases against the target, and the reports.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "harness/cli/common.h"
#include "harness/cli/interrupts.h"
#include "harness/report/baseline.h"
#include "harness/report/console.h"
#include "harness/report/events.h"
#include "harness/report/progress.h"
#include "harness/report/junit.h"
#include "harness/report/repro_command.h"
#include "harness/report/results_json.h"
#include "harness/run/copy_sources.h"
#include "harness/run/runner.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {

namespace {

// A baseline checked against the catalog (a stale entry is an error), with the problems of reading
// it; every problem printed.
std::optional<report::Baseline> checked_baseline(report::Baseline baseline, cases::Problems problems,
                                                 const cases::Catalog& catalog) {
  auto stale = report::unknown_baseline_entries(baseline, catalog);
  problems.insert(problems.end(), stale.begin(), stale.end());
  for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
  if (!problems.empty()) return std::nullopt;
  return baseline;
}

struct RunLimits {
  std::chrono::seconds case_timeout{0};
  std::chrono::seconds max_duration{0};  // 0: none
};

// What can be checked before anything starts (Azurite, the copy sources): a problem is printed and
// is a usage error.
std::optional<RunLimits> check_run_options(const Options& options, const cases::Catalog& catalog) {
  for (const auto& name : options.capabilities) {
    if (!catalog.capabilities.count(name)) {
      std::cerr << "error: --capability: unknown capability \"" << name << "\" (see cases/capabilities.json)\n";
      return std::nullopt;
    }
  }
  RunLimits limits;
  auto case_timeout = parse_duration("--case-timeout", options.case_timeout);
  if (!case_timeout) {
    std::cerr << "error: " << case_timeout.error().message << "\n";
    return std::nullopt;
  }
  limits.case_timeout = *case_timeout;
  if (!options.max_duration.empty()) {
    auto duration = parse_duration("--max-duration", options.max_duration);
    if (!duration) {
      std::cerr << "error: " << duration.error().message << "\n";
      return std::nullopt;
    }
    limits.max_duration = *duration;
  }
  return limits;
}

}  // namespace

int command_run(const Options& options) {
  fs::path data = data_dir();
  PreparedTarget prepared;
  if (int code = parse_target(options, prepared); code != kAsExpected) return code;
  const target::Target& target = prepared.target;
  const std::optional<auth::AccountKey>& key = prepared.key;
  if (!key) {
    std::cerr << "error: --target: the connection string has no AccountKey, and every case is signed with the "
                 "account's key (SharedAccessSignature and bearer tokens are not supported yet): give "
                 "AccountName=...;AccountKey=... (nothing was run)\n";
    return kUsage;
  }
  cases::Catalog catalog;
  if (!load_cases(options, data, catalog)) return kUsage;
  auto all = run::expand_instances(catalog, options.latest_version);
  auto instances = run::select_instances(all, {options.filters, options.tags, options.id_substrings});
  if (!options.shard.empty()) {
    auto shard = run::parse_shard(options.shard);
    if (!shard) {
      std::cerr << "error: " << shard.error().message << "\n";
      return kUsage;
    }
    instances = run::shard_instances(instances, shard->first, shard->second);
  }
  if (instances.empty()) {
    std::cerr << "error: no instance selected: " << describe_selection(options) << " match none of the " << all.size()
              << " instances (`" << options.program << " list` shows them); nothing was run\n";
    return kNothingTested;
  }

  auto limits = check_run_options(options, catalog);
  if (!limits) return kUsage;
  // A baseline given by name is checked before anything runs.
  std::optional<report::Baseline> baseline;
  if (!options.baseline.empty()) {
    cases::Problems problems;
    auto read = report::load_baseline(options.baseline, problems);
    if (!(baseline = checked_baseline(std::move(read), std::move(problems), catalog))) return kUsage;
  }

  std::optional<target::Target> second_target;
  if (!options.second_target.empty()) {
    auto second = target::parse_connection_string(options.second_target);
    if (!second) {
      std::cerr << "error: --second-target: " << second.error().message << "\n";
      return kUsage;
    }
    second_target = *second;
  }

  run::CopySourceOptions copy_options = options.copy_sources;
  copy_options.second_target = second_target;
  if (auto checked = run::check_copy_source_options(copy_options); !checked) {
    std::cerr << "error: " << checked.error().message << "\n";
    return kUsage;
  }

  transport::TlsOptions tls = tls_options(options);
  if (int code = reach_target(options, data, tls, prepared); code != kAsExpected) return code;
  const std::string& server = prepared.server;
  if (int code = verify_credentials(options, prepared, catalog); code != kAsExpected) return code;

  // The shipped baseline for the server that answered, unless one was given (and read above).
  auto chosen = choose_baseline(options, data, server);
  if (!baseline && chosen.shipped &&
      !(baseline = checked_baseline(std::move(*chosen.shipped), std::move(chosen.shipped_problems), catalog))) {
    return kUsage;
  }
  if (!options.quiet) std::cerr << "baseline: " << (chosen.file.empty() ? "" : chosen.file + ", ") << chosen.why << "\n";
  const std::string& baseline_file = chosen.file;

  run::TargetContext target_context;
  target_context.target = &target;
  target_context.key = &*key;
  target_context.user_agent = std::string("blobconform/") + BLOBCONFORM_VERSION;
  target_context.capabilities["shared-key"] = "the connection string has an AccountKey";
  target_context.capabilities["sas"] = "the connection string has an AccountKey";
  if (target.endpoint.scheme == "https") target_context.capabilities["https"] = "the endpoint is HTTPS";
  if (target.endpoint.scheme == "http") target_context.capabilities["plain-http"] = "the endpoint is plain HTTP";
  for (const auto& name : options.capabilities) target_context.capabilities[name] = "declared with --capability";

  bool loopback = is_loopback(target);
  auto identity = run::new_run_identity();
  run::Fixtures fixtures;
  copy_options.tls = tls;
  copy_options.container = identity.container_prefix + "src";
  copy_options.version = options.latest_version;
  copy_options.keep = options.keep;
  copy_options.catalog = &catalog;
  auto copy_sources = run::start_copy_sources(copy_options, server, loopback, target_context, fixtures);
  if (!copy_sources) {
    std::cerr << "error: " << copy_sources.error().message << "\n";
    return kUnreachable;
  }
  if (!options.quiet && target_context.capabilities.count("pending-copy")) {
    std::cerr << "pending copies: " << target_context.capabilities["pending-copy"] << "\n";
  }

  run::RunOptions run_options;
  run_options.run_id = identity.run_id;
  run_options.container_prefix = identity.container_prefix;
  run_options.keep = options.keep;
  run_options.jobs = options.jobs > 0 ? options.jobs : default_jobs(loopback, prepared.round_trip);
  if (options.jobs <= 0 && !options.quiet) {
    std::cerr << "--jobs " << run_options.jobs << " (default for a" << (loopback ? " loopback" : " remote")
              << " target answering in " << prepared.round_trip.count() / 1000.0 << " ms)\n";
  }
  run_options.cleanup_version = options.latest_version;
  run_options.tls = tls;
  run_options.timeouts = timeouts(options);
  run_options.stop = &g_stop;
  run::Budget budget;
  budget.max_requests = options.max_requests;
  budget.max_bytes = options.max_bytes;
  run_options.budget = &budget;
  run_options.case_timeout = limits->case_timeout;
  run_options.max_duration = limits->max_duration;
  fs::path report_dir = options.report_dir.empty() ? fs::path("reports") / identity.run_id : fs::path(options.report_dir);
  std::error_code ec;
  fs::create_directories(report_dir, ec);
  if (ec) {
    std::cerr << "error: cannot create " << report_dir << ": " << ec.message() << "\n";
    return kUsage;
  }
  report::EventLog events;
  report::ProgressOptions progress_options;
  progress_options.terminal = isatty(STDOUT_FILENO) == 1;
  progress_options.colour = report::colour_wanted(progress_options.terminal);
  progress_options.verbose = options.verbose;
  progress_options.quiet = options.quiet;
  progress_options.baseline = baseline ? &*baseline : nullptr;
  progress_options.strict = options.strict;
  report::Progress progress(std::cout, progress_options);
  progress.set_total(instances.size());
  std::atomic<bool> failed_fast{false};
  if (options.fail_fast) run_options.failed_fast = &failed_fast;
  run_options.on_result = [&](const run::InstanceResult& r, size_t done, size_t total) {
    events.instance(r, done, total);
    progress.finished(r, done, total);
    if (options.fail_fast && report::needs_attention(report::standing_of(r, progress_options.baseline, options.strict))) {
      failed_fast = true;
    }
  };

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
  record.program = options.program;
  record.target_argument = options.target_given ? report::kTargetFromEnvironment : "";
  if (!options.quiet) {
    std::cerr << "run " << identity.run_id << ": " << instances.size() << " instances against " << target.describe()
              << " (Server: " << (server.empty() ? "none" : server) << ")\n";
  }
  if (auto opened = events.open((report_dir / "events.ndjson").string(), record, instances.size()); !opened) {
    std::cerr << "error: " << opened.error().message << "\n";
    return kUsage;
  }
  auto began = std::chrono::steady_clock::now();
  run::InFlight in_flight;
  run_options.in_flight = &in_flight;
  std::optional<run::RunOutcome> ran;
  {
    InterruptWatcher interrupts(options, prepared, catalog, identity.container_prefix, in_flight,
                                [&](const std::string& line) {
                                  if (options.quiet) std::cerr << line << "\n";
                                  else progress.note(line);
                                });
    ran = run::run_instances(instances, catalog, target_context, fixtures, run_options);
  }
  auto& outcome = *ran;
  progress.end();
  record.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  record.finished = wire::format_iso8601(wire::Clock::now());
  record.stopped_early = outcome.stopped_early || g_stop.load();
  record.failed_fast = failed_fast.load() && !g_stop.load();
  if (record.stopped_early) std::cerr << "stopped early: " << (outcome.stop_reason.empty() ? "by a signal" : outcome.stop_reason) << "\n";
  record.results = std::move(outcome.results);
  events.finish(record);

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

  if (int code = write_reports(options, record, baseline ? &*baseline : nullptr, report_dir); code != kAsExpected) {
    return code;
  }
  return kAsExpected;
}

}  // namespace blobconform::cli
