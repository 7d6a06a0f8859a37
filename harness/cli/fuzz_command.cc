// fuzz and replay: the network fuzzer against the target, and a finding's bytes sent again.
#include <fstream>
#include <iostream>
#include <sstream>

#include "harness/cli/common.h"
#include "harness/netfuzz/fuzz_run.h"
#include "harness/report/repro_command.h"
#include "harness/run/copy_sources.h"
#include "harness/run/runner.h"
#include "harness/transport/raw_client.h"

namespace blobconform::cli {

// `fuzz`: mutated requests against the target; findings become regression cases.
int command_fuzz(const Options& options) {
  fs::path data = data_dir();
  PreparedTarget prepared;
  if (int code = parse_target(options.target, prepared); code != kAsExpected) return code;
  if (!prepared.key) {
    std::cerr << "error: --target: fuzzing needs the account's key (AccountKey) to sign its requests\n";
    return kUsage;
  }
  if (options.fuzz.requests == 0 && options.fuzz.seconds == 0) {
    std::cerr << "error: fuzz: give --requests N or --seconds T\n";
    return kUsage;
  }
  if (!is_loopback(prepared.target) && !prepared.target.development_storage && !options.fuzz.allow_remote) {
    std::cerr << "error: fuzz: " << prepared.target.describe()
              << " is not on this machine: fuzzing it sends thousands of malformed requests (a real account bills "
                 "them); give --allow-remote-fuzz to do it anyway\n";
    return kUsage;
  }
  cases::Catalog catalog;
  if (!load_cases(options.cases, data, catalog)) return kUsage;
  transport::TlsOptions tls = tls_options(options.target);
  if (int code = reach_target(options, data, tls, prepared); code != kAsExpected) return code;

  auto identity = run::new_run_identity();
  netfuzz::FuzzOptions fuzz;
  fuzz.target = prepared.target;
  fuzz.key = &*prepared.key;
  fuzz.tls = tls;
  fuzz.catalog = &catalog;
  fuzz.seed = options.fuzz.seed;
  fuzz.requests = options.fuzz.requests;
  fuzz.duration = std::chrono::seconds(options.fuzz.seconds);
  fuzz.container = identity.container_prefix + "fuzz";
  fuzz.version = options.cases.latest_version;
  fuzz.user_agent = std::string("blobconform/") + BLOBCONFORM_VERSION;
  // Findings go under the run's report folder unless --findings-dir names a case folder (the
  // project's cases/ only when asked): a default run never picks them up unasked.
  fs::path report_dir = options.output.report_dir.empty() ? fs::path("reports") / (identity.run_id + "-fuzz")
                                                   : fs::path(options.output.report_dir);
  fuzz.findings_dir = options.fuzz.findings_dir.empty() ? report_dir.string() : options.fuzz.findings_dir;
  fuzz.log_file = options.fuzz.log;
  fuzz.keep = options.run.keep;
  fuzz.stop = &g_stop;
  // A pending copy too, where this harness can hold one (the gated source; not Azurite, not a
  // remote account).
  run::TargetContext context;
  run::Fixtures fixtures;
  run::CopySourceOptions copy_options = options.target.copy_sources;
  copy_options.tls = tls;
  auto copy_sources = run::start_copy_sources(copy_options, prepared.server, is_loopback(prepared.target), context,
                                              fixtures);
  if (!copy_sources) {
    std::cerr << "error: " << copy_sources.error().message << "\n";
    return kUsage;
  }
  if (copy_sources->gated) fuzz.pending_source_url = fixtures.variables("fuzz")["pending_source_url"];
  if (!options.output.quiet) fuzz.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  if (!options.output.quiet) {
    std::cerr << "fuzz " << identity.run_id << ": seed " << fuzz.seed << " against " << prepared.target.describe()
              << " (Server: " << (prepared.server.empty() ? "none" : prepared.server) << ")\n";
  }
  auto summary = netfuzz::run_fuzz(fuzz);
  stop_azurite(prepared, options.output);
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
  if (!summary->findings.empty()) {
    std::cout << "the findings are regression cases under " << fuzz.findings_dir << "/regressions/: run them with "
              << options.program << " run --cases " << report::shell_word(fuzz.findings_dir)
              << " --no-default-cases (add --target as for this run)\n";
  }
  if (g_stop) return kStopped;
  return summary->findings.empty() ? kAsExpected : kRegression;
}

namespace {

// The answer-only oracles (the .bin's signature is redacted, so the request is unauthenticated):
// prints whether the finding still reproduces.
bool still_reproduces(const transport::Exchange& exchange) {
  auto verdict = netfuzz::judge_answer(exchange, true);
  if (verdict) std::cout << "still reproduces: " << verdict->oracle << ": " << verdict->detail << " (exit 1)\n";
  else std::cout << "does not reproduce: no answer-only oracle fires (a 5xx, no answer, an error without "
                    "x-ms-request-id or with two codes, a 2xx without a valid signature)\n";
  return verdict.has_value();
}

}  // namespace

// `replay FILE...`: sends each finding's bytes again (its Host line set to the target's) and prints
// both sides; exit 1 when any still reproduces. The bytes carry a redacted signature: a request
// the server authenticates before it parses will be refused as unauthenticated; the finding's case
// file replays it signed.
int command_replay(const Options& options) {
  PreparedTarget prepared;
  if (int code = parse_target(options.target, prepared); code != kAsExpected) return code;
  std::vector<std::string> contents;
  for (const auto& file : options.fuzz.replay_files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "error: replay: cannot read " << file << "\n";
      return kUsage;
    }
    contents.push_back(text.str());
  }
  const auto& endpoint = prepared.target.endpoint;
  std::string host = endpoint.host + ":" + std::to_string(endpoint.port);
  transport::Timeouts timeouts;
  timeouts.total = netfuzz::kFuzzRequestTimeout;
  timeouts.read = netfuzz::kFuzzRequestTimeout;
  size_t reproduced = 0;
  for (size_t i = 0; i < contents.size(); ++i) {
    std::string& bytes = contents[i];
    if (contents.size() > 1) std::cout << "== " << options.fuzz.replay_files[i] << "\n";
    auto head_end = bytes.find("\r\n\r\n");
    for (size_t at = bytes.find("\nHost:"); at != std::string::npos && at < head_end; at = std::string::npos) {
      auto line_end = bytes.find('\r', at + 1);
      bytes.replace(at + 1, line_end - at - 1, "Host: " + host);
    }
    std::string method = bytes.substr(0, bytes.find(' '));
    auto exchange = transport::send_raw_bytes(endpoint, tls_options(options.target), timeouts, bytes, method);
    std::cout << bytes << (bytes.size() > 0 && bytes.back() == '\n' ? "" : "\n") << "=> ";
    if (!exchange.response) {
      std::cout << "no response: " << exchange.transport_error << "\n";
    } else {
      const auto& response = *exchange.response;
      std::cout << response.http_version << " " << response.status << " " << response.reason << "\n";
      for (const auto& [name, value] : response.headers) std::cout << name << ": " << value << "\n";
      std::cout << "\n" << response.body << "\n";
    }
    reproduced += still_reproduces(exchange);
  }
  if (contents.size() > 1) std::cout << reproduced << " of " << contents.size() << " findings still reproduce\n";
  return reproduced ? kRegression : kAsExpected;
}

}  // namespace blobconform::cli
