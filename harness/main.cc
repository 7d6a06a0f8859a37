// blobconform: the command line. run (default), list, lint.
// Exit codes: 0 as expected; 1 a regression; 2 usage or case-file error; 3 target unreachable;
// 4 stopped early.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>

#include "harness/auth/shared_key.h"
#include "harness/cases/coverage.h"
#include "harness/run/copy_sources.h"
#include "harness/netfuzz/fuzz_run.h"
#include "harness/transport/raw_client.h"
#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/report/baseline.h"
#include "harness/report/console.h"
#include "harness/report/junit.h"
#include "harness/report/results_json.h"
#include "harness/run/runner.h"
#include "harness/target/azurite.h"
#include "harness/target/connection_string.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"

namespace fs = std::filesystem;
using namespace blobconform;

namespace {

enum ExitCode { kAsExpected = 0, kRegression = 1, kUsage = 2, kUnreachable = 3, kStopped = 4 };

constexpr const char* kDefaultLatestVersion = "2026-06-06";  // the newest version Azurite 3.37.0 accepts
constexpr const char* kDevelopmentStorage = "UseDevelopmentStorage=true";

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop = true; }

struct Options {
  std::string target;
  std::vector<std::string> case_dirs;
  std::vector<std::string> filters;
  std::vector<std::string> tags;
  std::vector<std::string> capabilities;
  std::string report_dir;
  std::string latest_version = kDefaultLatestVersion;
  std::string azurite_dir;
  std::string ca_file;
  bool insecure = false;
  bool keep = false;
  bool strict = false;
  bool quiet = false;
  bool list = false;
  int jobs = 0;  // 0: a sensible number for the target
  std::string shard;
  std::string baseline;        // --baseline FILE
  bool no_baseline = false;    // --no-baseline: not even the embedded Azurite's
  std::string write_baseline;  // baseline --write FILE
  run::CopySourceOptions copy_sources;  // --pending-copy, --source-*, --large-source-size
  uint64_t fuzz_seed = 1;               // fuzz --seed
  uint64_t fuzz_requests = 0;           // fuzz --requests
  uint64_t fuzz_seconds = 0;            // fuzz --seconds
  std::string findings_dir;             // fuzz --findings-dir
  std::string fuzz_log;                 // fuzz --log
  std::string replay_file;              // replay FILE
  std::string second_target;            // --second-target
};

// The baseline shipped for the embedded Azurite, used by default against it.
fs::path default_azurite_baseline(const fs::path& data) {
  for (auto candidate : {data / "reports" / "baselines" / "azurite-3.37.0.json", data / "baselines" / "azurite-3.37.0.json"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return {};
}

std::string baseline_target_name(const std::string& server) {
  std::string name;
  for (char c : server) {
    if (c == ' ') break;
    name += c == '/' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name.empty() ? "unknown-target" : name;
}

fs::path executable_dir() {
  std::error_code ec;
  auto path = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : path.parent_path();
}

// The project's own data: next to an installed program, else the source tree it was built from.
fs::path data_dir() {
  if (const char* env = std::getenv("BLOBCONFORM_DATA_DIR")) return env;
  fs::path installed = executable_dir() / ".." / "share" / "blobconform";
  if (fs::exists(installed / "cases" / "schema" / "case.schema.json")) return fs::weakly_canonical(installed);
  return BLOBCONFORM_SOURCE_DIR;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Loads and lints the case folders; prints every problem.
bool load_cases(const Options& options, const fs::path& data, cases::Catalog& catalog, size_t* files = nullptr) {
  cases::LoadOptions load;
  load.case_dirs = options.case_dirs;
  load.schema_dir = (data / "cases" / "schema").string();
  cases::Problems problems;
  catalog = cases::load_catalog(load, problems);
  auto lint = cases::lint_catalog(catalog, {options.latest_version});
  problems.insert(problems.end(), lint.begin(), lint.end());
  for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
  if (!problems.empty()) {
    std::cerr << problems.size() << " problem(s) in the case files\n";
    return false;
  }
  if (files) *files = catalog.groups.size();
  return true;
}

std::string probe_server(const target::Target& target, const transport::TlsOptions& tls, std::string& error) {
  transport::Timeouts timeouts;
  timeouts.connect = std::chrono::milliseconds(5000);
  timeouts.read = std::chrono::milliseconds(10000);
  timeouts.total = std::chrono::milliseconds(15000);
  transport::HttpClient client(target.endpoint, tls, timeouts);
  transport::Request request;
  request.method = "GET";
  request.target = target.base_path.empty() ? "/" : target.base_path;
  bool default_port = (target.endpoint.scheme == "http" && target.endpoint.port == 80) ||
                      (target.endpoint.scheme == "https" && target.endpoint.port == 443);
  request.headers.emplace_back("Host", default_port ? target.endpoint.host
                                                    : target.endpoint.host + ":" + std::to_string(target.endpoint.port));
  auto exchange = client.send(request);
  if (!exchange.response) {
    error = exchange.transport_error;
    return {};
  }
  return transport::find_header(exchange.response->headers, "Server").value_or("");
}

int command_lint(const Options& options) {
  cases::Catalog catalog;
  size_t files = 0;
  if (!load_cases(options, data_dir(), catalog, &files)) return kUsage;
  size_t count = 0;
  for (const auto& g : catalog.groups) count += g->cases.size();
  std::cout << files << " case files, " << count << " cases, " << catalog.operations.size()
            << " operations: no problems\n";
  return kAsExpected;
}

// Per rule of rules.json, the cases whose `covers` name it; exit 1 while any rule has none.
int command_coverage(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options, data_dir(), catalog)) return kUsage;
  size_t uncovered = 0;
  auto coverage = cases::rule_coverage(catalog);
  for (const auto& rule : coverage) {
    if (rule.cases.empty()) {
      ++uncovered;
      std::cout << rule.rule << "  UNCOVERED  " << rule.sentence << "\n";
      continue;
    }
    std::cout << rule.rule << "  " << rule.cases.size() << " case(s): " << join(rule.cases) << "\n";
  }
  std::cout << coverage.size() << " rules: " << coverage.size() - uncovered << " covered, " << uncovered
            << " uncovered\n";
  return uncovered == 0 ? kAsExpected : kRegression;
}

int command_list(const Options& options) {
  cases::Catalog catalog;
  if (!load_cases(options, data_dir(), catalog)) return kUsage;
  auto instances = run::select_instances(run::expand_instances(catalog, options.latest_version),
                                         {options.filters, options.tags});
  for (const auto& instance : instances) {
    std::cout << instance.id << "  [" << cases::level_name(instance.test_case->level) << "] "
              << instance.test_case->description << "\n";
  }
  std::cerr << instances.size() << " instances\n";
  return kAsExpected;
}

struct PreparedTarget {
  target::Target target;
  std::optional<auth::AccountKey> key;
  std::unique_ptr<target::EmbeddedAzurite> azurite;  // started for this run, stopped with it
  std::string server;                                // the target's Server header
};

bool is_loopback(const target::Target& target) {
  const auto& host = target.endpoint.host;
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

transport::TlsOptions tls_options(const Options& options) {
  transport::TlsOptions tls;
  tls.verify = !options.insecure;
  tls.ca_file = options.ca_file;
  return tls;
}

// --target: the connection string and its key.
int parse_target(const Options& options, PreparedTarget& prepared) {
  auto parsed = target::parse_connection_string(options.target);
  if (!parsed) {
    std::cerr << "error: --target: " << parsed.error().message << "\n";
    return kUsage;
  }
  prepared.target = *parsed;
  if (!prepared.target.key.empty()) {
    auto made = auth::make_account_key(prepared.target.account, prepared.target.key);
    if (!made) {
      std::cerr << "error: --target: AccountKey: " << made.error().message << "\n";
      return kUsage;
    }
    prepared.key = *made;
  }
  return kAsExpected;
}

// Starts the embedded Azurite when the target is it and nothing listens on its port, then asks
// the target for its Server header.
int reach_target(const Options& options, const fs::path& data, const transport::TlsOptions& tls,
                 PreparedTarget& prepared) {
  const target::Target& target = prepared.target;
  // The embedded Azurite, started when nothing listens on its port.
  if (target.development_storage) {
    std::string header;
    auto state = target::probe_port(target.endpoint.host, target.endpoint.port, &header);
    if (!state) {
      std::cerr << "error: " << state.error().message << "\n";
      return kUnreachable;
    }
    if (*state == target::PortState::Other) {
      std::cerr << "error: " << target.endpoint.host << ":" << target.endpoint.port
                << " is taken by something that is not Azurite 3.37.0 (Server: "
                << (header.empty() ? "none" : header) << "); stop it or give --target\n";
      return kUnreachable;
    }
    if (*state == target::PortState::Free) {
      std::vector<std::string> candidates;
      if (!options.azurite_dir.empty()) candidates.push_back(options.azurite_dir);
      candidates.push_back(data.string());
      candidates.push_back(BLOBCONFORM_SOURCE_DIR);
      candidates.push_back(fs::current_path().string());
      auto dir = target::find_azurite_dir(candidates);
      if (!dir) {
        std::cerr << "error: " << dir.error().message << " (run 'npm ci' in the project folder, or give --azurite-dir)\n";
        return kUnreachable;
      }
      target::AzuriteOptions azurite_options;
      azurite_options.azurite_dir = *dir;
      azurite_options.host = target.endpoint.host;
      azurite_options.port = target.endpoint.port;
      if (!options.quiet) std::cerr << "starting Azurite from " << *dir << " on port " << target.endpoint.port << "\n";
      auto started = target::EmbeddedAzurite::start(azurite_options);
      if (!started) {
        std::cerr << "error: " << started.error().message << "\n";
        return kUnreachable;
      }
      prepared.azurite = std::move(*started);
      if (!options.quiet) std::cerr << "started Azurite pid " << prepared.azurite->pid() << "\n";
    }
  }
  std::string probe_error;
  prepared.server = probe_server(target, tls, probe_error);
  if (!probe_error.empty()) {
    std::cerr << "error: the target " << target.describe() << " does not answer: " << probe_error << "\n";
    return kUnreachable;
  }

  return kAsExpected;
}

void stop_azurite(PreparedTarget& prepared, const Options& options) {
  if (!prepared.azurite) return;
  auto stopped = prepared.azurite->stop();
  if (!stopped) std::cerr << "warning: " << stopped.error().message << "\n";
  else if (!options.quiet) std::cerr << "stopped Azurite\n";
  prepared.azurite.reset();
}

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
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);

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

// `fuzz`: mutated requests against the target; findings become regression cases.
int command_fuzz(const Options& options) {
  fs::path data = data_dir();
  PreparedTarget prepared;
  if (int code = parse_target(options, prepared); code != kAsExpected) return code;
  if (!prepared.key) {
    std::cerr << "error: --target: fuzzing needs the account's key (AccountKey) to sign its requests\n";
    return kUsage;
  }
  if (options.fuzz_requests == 0 && options.fuzz_seconds == 0) {
    std::cerr << "error: fuzz: give --requests N or --seconds T\n";
    return kUsage;
  }
  cases::Catalog catalog;
  if (!load_cases(options, data, catalog)) return kUsage;
  transport::TlsOptions tls = tls_options(options);
  if (int code = reach_target(options, data, tls, prepared); code != kAsExpected) return code;

  auto identity = run::new_run_identity();
  netfuzz::FuzzOptions fuzz;
  fuzz.target = prepared.target;
  fuzz.key = &*prepared.key;
  fuzz.tls = tls;
  fuzz.catalog = &catalog;
  fuzz.seed = options.fuzz_seed;
  fuzz.requests = options.fuzz_requests;
  fuzz.duration = std::chrono::seconds(options.fuzz_seconds);
  fuzz.container = identity.container_prefix + "fuzz";
  fuzz.version = options.latest_version;
  fuzz.user_agent = std::string("blobconform/") + BLOBCONFORM_VERSION;
  fuzz.findings_dir = options.findings_dir.empty() ? (data / "cases").string() : options.findings_dir;
  fuzz.log_file = options.fuzz_log;
  fuzz.keep = options.keep;
  fuzz.stop = &g_stop;
  // A pending copy too, where this harness can hold one (the gated source; not Azurite, not a
  // remote account).
  run::TargetContext context;
  run::Fixtures fixtures;
  run::CopySourceOptions copy_options = options.copy_sources;
  copy_options.tls = tls;
  auto copy_sources = run::start_copy_sources(copy_options, prepared.server, is_loopback(prepared.target), context,
                                              fixtures);
  if (!copy_sources) {
    std::cerr << "error: " << copy_sources.error().message << "\n";
    return kUsage;
  }
  if (copy_sources->gated) fuzz.pending_source_url = fixtures.variables("fuzz")["pending_source_url"];
  if (!options.quiet) fuzz.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  if (!options.quiet) {
    std::cerr << "fuzz " << identity.run_id << ": seed " << fuzz.seed << " against " << prepared.target.describe()
              << " (Server: " << (prepared.server.empty() ? "none" : prepared.server) << ")\n";
  }
  auto summary = netfuzz::run_fuzz(fuzz);
  stop_azurite(prepared, options);
  if (!summary) {
    std::cerr << "error: " << summary.error().message << "\n";
    return kUnreachable;
  }
  std::cout << summary->drawn << " requests drawn, " << summary->sent << " sent, " << summary->findings.size()
            << " finding(s)";
  if (summary->suppressed) std::cout << " (and " << summary->suppressed << " more of classes already found)";
  std::cout << "\n";
  for (const auto& finding : summary->findings) {
    std::cout << "finding: " << finding.oracle << ": " << finding.detail << " (request " << finding.index << ")\n";
    if (!finding.case_file.empty()) std::cout << "  case: " << finding.case_file << "\n";
    if (!finding.bytes_file.empty()) std::cout << "  bytes: " << finding.bytes_file << "\n";
  }
  if (g_stop) return kStopped;
  return summary->findings.empty() ? kAsExpected : kRegression;
}

// `replay FILE`: sends a finding's bytes again (its Host line set to the target's) and prints both
// sides. The bytes carry a redacted signature: a request the server authenticates before it
// parses will be refused as unauthenticated; the finding's case file replays it signed.
int command_replay(const Options& options) {
  PreparedTarget prepared;
  if (int code = parse_target(options, prepared); code != kAsExpected) return code;
  std::ifstream in(options.replay_file, std::ios::binary);
  if (!in) {
    std::cerr << "error: replay: cannot read " << options.replay_file << "\n";
    return kUsage;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string bytes = text.str();
  const auto& endpoint = prepared.target.endpoint;
  std::string host = endpoint.host + ":" + std::to_string(endpoint.port);
  auto head_end = bytes.find("\r\n\r\n");
  for (size_t at = bytes.find("\nHost:"); at != std::string::npos && at < head_end; at = std::string::npos) {
    auto line_end = bytes.find('\r', at + 1);
    bytes.replace(at + 1, line_end - at - 1, "Host: " + host);
  }
  std::string method = bytes.substr(0, bytes.find(' '));
  transport::Timeouts timeouts;
  timeouts.total = netfuzz::kFuzzRequestTimeout;
  timeouts.read = netfuzz::kFuzzRequestTimeout;
  auto exchange = transport::send_raw_bytes(endpoint, tls_options(options), timeouts, bytes, method);
  std::cout << bytes << (bytes.size() > 0 && bytes.back() == '\n' ? "" : "\n") << "=> ";
  if (!exchange.response) {
    std::cout << "no response: " << exchange.transport_error << "\n";
    return kUnreachable;
  }
  const auto& response = *exchange.response;
  std::cout << response.http_version << " " << response.status << " " << response.reason << "\n";
  for (const auto& [name, value] : response.headers) std::cout << name << ": " << value << "\n";
  std::cout << "\n" << response.body << "\n";
  return kAsExpected;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"blobconform: a conformance and fuzz suite for the Azure Blob service REST API"};
  app.set_version_flag("--version", BLOBCONFORM_VERSION);
  Options options;
  const char* env_target = std::getenv("AZURE_STORAGE_CONNECTION_STRING");
  options.target = env_target && *env_target ? env_target : kDevelopmentStorage;
  app.add_option("--target", options.target,
                 "Azure connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else UseDevelopmentStorage=true, "
                 "the embedded Azurite)");
  app.add_option("--cases", options.case_dirs, "a folder of case files (repeatable; default: the project's cases/)");
  app.add_option("--filter", options.filters, "glob on instance ids ('*' in a segment, '**' across; '-' excludes)");
  app.add_option("--tags", options.tags, "run cases carrying any of these tags")->delimiter(',');
  app.add_option("--capability", options.capabilities, "declare a capability of the target (cases/capabilities.json)");
  app.add_option("--report-dir", options.report_dir, "where reports go (default: reports/<run-id>/)");
  app.add_option("--latest-version", options.latest_version, "what 'latest' means in `versions`")
      ->capture_default_str();
  app.add_option("--jobs", options.jobs, "instances run in parallel (default: 4 on loopback, 16 otherwise)")
      ->check(CLI::Range(1, 64));
  app.add_option("--shard", options.shard, "run the I-th of N deterministic slices of the selection, as I/N");
  app.add_option("--azurite-dir", options.azurite_dir, "a folder holding node_modules/azurite (3.37.0)");
  app.add_option("--ca-file", options.ca_file, "PEM file of extra trust anchors for HTTPS")->check(CLI::ExistingFile);
  app.add_flag("--insecure", options.insecure, "do not verify the server's certificate");
  app.add_flag("--keep", options.keep, "keep each instance's container");
  app.add_flag("--strict", options.strict, "NON-STRICT results gate too");
  app.add_flag("--quiet", options.quiet, "no progress lines");
  app.add_flag("--list", options.list, "list the selected instances and stop");
  app.add_option("--baseline", options.baseline,
                 "known deviations of the target (default against the embedded Azurite: its shipped baseline)");
  app.add_flag("--no-baseline", options.no_baseline, "gate on the documented behaviour alone");
  app.add_option("--pending-copy", options.copy_sources.method,
                 "how copies are held pending: gated (this harness serves the copy source), large (a large blob "
                 "in --second-target, copied cross-account: a race), none, or auto (none on Azurite, gated for "
                 "another loopback server, large for a remote one with --second-target)")
      ->check(CLI::IsMember({"auto", "gated", "large", "none"}));
  app.add_option("--source-listen", options.copy_sources.listen,
                 "HOST:PORT the gated copy source listens on (port 0: any)");
  app.add_option("--source-advertise", options.copy_sources.advertise,
                 "the gated source's base URL as the target reaches it (default: the listen address)");
  app.add_option("--second-target", options.second_target,
                 "connection string of a second account (with AccountKey): cross-account copy sources");
  app.add_option("--large-source-size", options.copy_sources.large_size,
                 "bytes of the large source in the second account (--pending-copy large; at most 256 MiB)")
      ->capture_default_str();
  app.fallthrough();
  auto* run_command = app.add_subcommand("run", "run the selected cases against the target (the default)");
  auto* list_command = app.add_subcommand("list", "list the selected instances");
  auto* lint_command = app.add_subcommand("lint", "check every case file; exit 2 on any problem");
  auto* coverage_command =
      app.add_subcommand("coverage", "the cases that check each rule of rules.json; exit 1 while a rule has none");
  auto* baseline_command =
      app.add_subcommand("baseline", "run the selected cases and write what differs from the documented behaviour");
  baseline_command->add_option("--write", options.write_baseline, "the baseline file to write")->required();
  auto* fuzz_command =
      app.add_subcommand("fuzz", "send mutated requests; write each finding as a regression case (exit 1 if any)");
  fuzz_command->add_option("--seed", options.fuzz_seed, "the same seed sends the same requests")->capture_default_str();
  fuzz_command->add_option("--requests", options.fuzz_requests, "stop after this many requests");
  fuzz_command->add_option("--seconds", options.fuzz_seconds, "stop after this long");
  fuzz_command->add_option("--findings-dir", options.findings_dir,
                           "case folder the findings go to, under regressions/ (default: the project's cases/)");
  fuzz_command->add_option("--log", options.fuzz_log, "write every request drawn as NDJSON (no secrets)");
  auto* replay_command = app.add_subcommand("replay", "send a finding's bytes (.bin) to the target again");
  replay_command->add_option("file", options.replay_file, "the .bin file a fuzz finding wrote")
      ->required()
      ->check(CLI::ExistingFile);
  for (auto* sub : {run_command, list_command, lint_command, coverage_command, baseline_command, fuzz_command,
                    replay_command}) {
    sub->fallthrough();
  }
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kAsExpected : kUsage;
  }
  if (options.case_dirs.empty()) options.case_dirs.push_back((data_dir() / "cases").string());
  if (*lint_command) return command_lint(options);
  if (*coverage_command) return command_coverage(options);
  if (*fuzz_command) return command_fuzz(options);
  if (*replay_command) return command_replay(options);
  if (*list_command || options.list) return command_list(options);
  return command_run(options);
}
