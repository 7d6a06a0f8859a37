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

// The instances the selection names, sharded; kNothingTested (said why) when there are none.
int selected_instances(const Options& options, const cases::Catalog& catalog, std::vector<run::Instance>& out) {
  const CaseSelection& selection = options.cases;
  auto all = run::expand_instances(catalog, selection.latest_version);
  out = run::select_instances(all, {selection.filters, selection.tags, selection.id_substrings});
  if (!selection.shard.empty()) {
    auto shard = run::parse_shard(selection.shard);
    if (!shard) {
      std::cerr << "error: " << shard.error().message << "\n";
      return kUsage;
    }
    out = run::shard_instances(out, shard->first, shard->second);
  }
  if (out.empty()) {
    std::cerr << "error: no instance selected: " << describe_selection(selection) << " match none of the "
              << all.size() << " instances (`" << options.program << " list` shows them); nothing was run\n";
    return kNothingTested;
  }
  return kAsExpected;
}

// Whatever the command line says that can be checked before anything starts (Azurite, the copy
// sources): a problem is printed and is a usage error.
struct CheckedInputs {
  std::chrono::seconds case_timeout{0};
  std::chrono::seconds max_duration{0};      // 0: none
  std::optional<report::Baseline> baseline;  // --baseline FILE, read
  run::CopySourceOptions copy_sources;       // with the second target, parsed
};

std::optional<CheckedInputs> check_inputs(const Options& options, const cases::Catalog& catalog) {
  auto error = [](const std::string& message) {
    std::cerr << "error: " << message << "\n";
    return std::nullopt;
  };
  for (const auto& name : options.cases.capabilities) {
    if (!catalog.capabilities.count(name)) {
      return error("--capability: unknown capability \"" + name + "\" (see cases/capabilities.json)");
    }
  }
  CheckedInputs checked;
  auto case_timeout = parse_duration("--case-timeout", options.run.case_timeout);
  if (!case_timeout) return error(case_timeout.error().message);
  checked.case_timeout = *case_timeout;
  if (!options.run.max_duration.empty()) {
    auto duration = parse_duration("--max-duration", options.run.max_duration);
    if (!duration) return error(duration.error().message);
    checked.max_duration = *duration;
  }
  if (!options.output.baseline.empty()) {
    cases::Problems problems;
    auto read = report::load_baseline(options.output.baseline, problems);
    if (!(checked.baseline = checked_baseline(std::move(read), std::move(problems), catalog))) return std::nullopt;
  }
  checked.copy_sources = options.target.copy_sources;
  if (!options.target.second_target.empty()) {
    auto second = target::parse_connection_string(options.target.second_target);
    if (!second) return error("--second-target: " + second.error().message);
    checked.copy_sources.second_target = *second;
  }
  if (auto copy = run::check_copy_source_options(checked.copy_sources); !copy) return error(copy.error().message);
  return checked;
}

// The capabilities the harness infers from the target, and those declared with --capability.
run::TargetContext target_context(const PreparedTarget& prepared, const std::vector<std::string>& declared) {
  const target::Target& target = prepared.target;
  run::TargetContext context;
  context.target = &target;
  context.key = prepared.key ? &*prepared.key : nullptr;
  context.bearer = bearer_of(prepared);
  context.no_role_bearer = no_role_bearer_of(prepared);
  context.user_agent = std::string("blobconform/") + BLOBCONFORM_VERSION;
  if (prepared.token) context.capabilities["bearer-token"] = prepared.token->describe();
  else context.lacking["bearer-token"] = "no bearer token was given (AZURE_STORAGE_TOKEN or --token-command)";
  if (prepared.no_role_token) context.capabilities["identity-without-role"] = prepared.no_role_token->describe();
  else context.lacking["identity-without-role"] = "no token of an identity without a data role was given (--no-role-token-command)";
  if (prepared.key) {
    context.capabilities["shared-key"] = "the connection string has an AccountKey";
    context.capabilities["sas"] = "the connection string has an AccountKey";
  } else {
    context.lacking["shared-key"] = "the connection string has no AccountKey: the run signs with its bearer token";
    context.lacking["sas"] = "the connection string has no AccountKey to sign a SAS with";
  }
  if (target.endpoint.scheme == "https") context.capabilities["https"] = "the endpoint is HTTPS";
  if (target.endpoint.scheme == "http") context.capabilities["plain-http"] = "the endpoint is plain HTTP";
  if (target.http_endpoint) {
    context.capabilities["http-endpoint"] = "the account answers plain HTTP at " + transport::origin(*target.http_endpoint);
  } else {
    context.lacking["http-endpoint"] = "no plain-HTTP endpoint of the account is known (--http-endpoint)";
  }
  if (target.path_style) context.capabilities["path-style"] = "the endpoint is path-style (the account is the URL's first segment)";
  for (const auto& name : declared) context.capabilities[name] = "declared with --capability";
  return context;
}

run::RunOptions run_options(const Options& options, const run::RunIdentity& identity, const PreparedTarget& prepared,
                            const transport::TlsOptions& tls, const CheckedInputs& checked) {
  run::RunOptions out;
  out.run_id = identity.run_id;
  out.container_prefix = identity.container_prefix;
  out.keep = options.run.keep;
  bool loopback = is_loopback(prepared.target);
  out.jobs = options.run.jobs > 0 ? options.run.jobs : default_jobs(loopback, prepared.round_trip);
  if (options.run.jobs <= 0 && !options.output.quiet) {
    std::cerr << "--jobs " << out.jobs << " (default for a" << (loopback ? " loopback" : " remote")
              << " target answering in " << prepared.round_trip.count() / 1000.0 << " ms)\n";
  }
  out.cleanup_version = options.cases.latest_version;
  out.tls = tls;
  out.timeouts = timeouts(options.target);
  out.stop = &g_stop;
  out.case_timeout = checked.case_timeout;
  out.max_duration = checked.max_duration;
  return out;
}

report::RunRecord run_record(const Options& options, const run::RunIdentity& identity, const PreparedTarget& prepared,
                             const std::string& baseline_file) {
  report::RunRecord record;
  record.harness_version = BLOBCONFORM_VERSION;
  record.run_id = identity.run_id;
  record.started = wire::format_iso8601(wire::Clock::now());
  record.target = prepared.target.describe();
  record.target_server = prepared.server;
  record.latest_version = options.cases.latest_version;
  record.case_dirs = options.cases.case_dirs;
  record.filters = options.cases.filters;
  record.tags = options.cases.tags;
  record.strict = options.output.strict;
  record.baseline_file = baseline_file;
  record.program = options.program;
  record.target_argument = options.target.given ? report::kTargetFromEnvironment : "";
  return record;
}

// --report-dir, else reports/<run id>/, created; nullopt (said why) when it cannot be.
std::optional<fs::path> report_folder(const OutputSettings& output, const run::RunIdentity& identity) {
  fs::path folder = output.report_dir.empty() ? fs::path("reports") / identity.run_id : fs::path(output.report_dir);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    std::cerr << "error: cannot create " << folder << ": " << ec.message() << "\n";
    return std::nullopt;
  }
  return folder;
}

report::ProgressOptions console_options(const OutputSettings& output, const report::Baseline* baseline) {
  report::ProgressOptions out;
  out.terminal = isatty(STDOUT_FILENO) == 1;
  out.colour = report::colour_wanted(out.terminal);
  out.verbose = output.verbose;
  out.quiet = output.quiet;
  out.baseline = baseline;
  out.strict = output.strict;
  return out;
}

// baseline --write FILE: what differs from the documented behaviour, keeping the reasons FILE gave.
int write_baseline(const std::string& file, const report::RunRecord& record, bool strict) {
  std::optional<report::Baseline> previous;
  if (fs::exists(file)) {
    cases::Problems ignored;
    previous = report::load_baseline(file, ignored);
  }
  auto document = report::baseline_from_results(record.results, baseline_target_name(record.target_server),
                                                previous ? &*previous : nullptr, strict);
  std::ofstream out(file, std::ios::binary);
  out << document.dump(2) << "\n";
  if (!out) {
    std::cerr << "error: cannot write " << file << "\n";
    return kUsage;
  }
  std::cout << "baseline: " << document["expected"].size() << " entries written to " << file
            << " (review each reason: it states the deviation)\n";
  return kAsExpected;
}

}  // namespace

int command_run(const Options& options) {
  fs::path data = data_dir();
  PreparedTarget prepared;
  if (int code = parse_target(options.target, prepared); code != kAsExpected) return code;
  if (!prepared.key && !prepared.token) {
    std::cerr << "error: --target: the connection string has no AccountKey, and no bearer token was given "
                 "(AZURE_STORAGE_TOKEN or --token-command): give AccountName=...;AccountKey=..., or a token "
                 "(nothing was run)\n";
    return kUsage;
  }
  cases::Catalog catalog;
  if (!load_cases(options.cases, data, catalog)) return kUsage;
  std::vector<run::Instance> instances;
  if (int code = selected_instances(options, catalog, instances); code != kAsExpected) return code;
  auto checked = check_inputs(options, catalog);
  if (!checked) return kUsage;

  transport::TlsOptions tls = tls_options(options.target);
  if (int code = reach_target(options, data, tls, prepared); code != kAsExpected) return code;
  if (int code = verify_credentials(options, prepared, catalog); code != kAsExpected) return code;
  // The shipped baseline for the server that answered, unless one was given (and read above).
  std::optional<report::Baseline>& baseline = checked->baseline;
  auto chosen = choose_baseline(options, data, prepared.server);
  if (!baseline && chosen.shipped &&
      !(baseline = checked_baseline(std::move(*chosen.shipped), std::move(chosen.shipped_problems), catalog))) {
    return kUsage;
  }
  if (!options.output.quiet) std::cerr << "baseline: " << (chosen.file.empty() ? "" : chosen.file + ", ") << chosen.why << "\n";

  run::TargetContext context = target_context(prepared, options.cases.capabilities);
  auto identity = run::new_run_identity();
  run::Fixtures fixtures;
  run::CopySourceOptions& copy_options = checked->copy_sources;
  copy_options.tls = tls;
  copy_options.container = identity.container_prefix + "src";
  copy_options.version = options.cases.latest_version;
  copy_options.keep = options.run.keep;
  copy_options.catalog = &catalog;
  auto copy_sources =
      run::start_copy_sources(copy_options, prepared.server, is_loopback(prepared.target), context, fixtures);
  if (!copy_sources) {
    std::cerr << "error: " << copy_sources.error().message << "\n";
    return kUnreachable;
  }
  if (!options.output.quiet && context.capabilities.count("pending-copy")) {
    std::cerr << "pending copies: " << context.capabilities["pending-copy"] << "\n";
  }

  run::RunOptions runner = run_options(options, identity, prepared, tls, *checked);
  run::Budget budget;
  budget.max_requests = options.run.max_requests;
  budget.max_bytes = options.run.max_bytes;
  runner.budget = &budget;
  auto report_dir = report_folder(options.output, identity);
  if (!report_dir) return kUsage;
  report::EventLog events;
  const report::ProgressOptions progress_options = console_options(options.output, baseline ? &*baseline : nullptr);
  report::Progress progress(std::cout, progress_options);
  progress.set_total(instances.size());
  std::atomic<bool> failed_fast{false};
  if (options.run.fail_fast) runner.failed_fast = &failed_fast;
  runner.on_result = [&](const run::InstanceResult& r, size_t done, size_t total) {
    events.instance(r, done, total);
    progress.finished(r, done, total);
    if (options.run.fail_fast &&
        report::needs_attention(report::standing_of(r, progress_options.baseline, options.output.strict))) {
      failed_fast = true;
    }
  };

  report::RunRecord record = run_record(options, identity, prepared, chosen.file);
  if (!options.output.quiet) {
    std::cerr << "run " << identity.run_id << ": " << instances.size() << " instances against " << record.target
              << " (Server: " << (prepared.server.empty() ? "none" : prepared.server) << ")\n";
  }
  if (auto opened = events.open((*report_dir / "events.ndjson").string(), record, instances.size()); !opened) {
    std::cerr << "error: " << opened.error().message << "\n";
    return kUsage;
  }
  auto began = std::chrono::steady_clock::now();
  run::InFlight in_flight;
  runner.in_flight = &in_flight;
  std::optional<run::RunOutcome> ran;
  {
    InterruptWatcher interrupts(options, prepared, catalog, identity.container_prefix, in_flight,
                                [&](const std::string& line) {
                                  if (options.output.quiet) std::cerr << line << "\n";
                                  else progress.note(line);
                                });
    ran = run::run_instances(instances, catalog, context, fixtures, runner);
  }
  auto& outcome = *ran;
  progress.end();
  record.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  record.finished = wire::format_iso8601(wire::Clock::now());
  record.stopped_early = outcome.stopped_early || g_stop.load();
  record.failed_fast = failed_fast.load() && !g_stop.load();
  if (record.stopped_early) {
    std::cerr << "stopped early: " << (outcome.stop_reason.empty() ? "by a signal" : outcome.stop_reason) << "\n";
  }
  record.results = std::move(outcome.results);
  events.finish(record);
  record.instance_texts = events.take_instance_texts();

  stop_azurite(prepared, options.output);
  if (!options.output.write_baseline.empty()) {
    if (int code = write_baseline(options.output.write_baseline, record, options.output.strict); code != kAsExpected) {
      return code;
    }
  }
  return write_reports(options, record, baseline ? &*baseline : nullptr, *report_dir);
}

}  // namespace blobconform::cli
