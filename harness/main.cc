// blobconform: the command line. run (the default), list, lint, coverage, baseline, fuzz, cleanup,
// replay, report, repro; the commands themselves are in harness/cli/.
// Exit codes: 0 as expected; 1 a regression; 2 usage or case-file error; 3 target unreachable;
// 4 stopped early; 5 nothing tested.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "harness/cli/common.h"

using namespace blobconform;
using namespace blobconform::cli;

int main(int argc, char** argv) {
  CLI::App app{"blobconform: a conformance and fuzz suite for the Azure Blob service REST API", "blobconform"};
  app.set_version_flag("--version", BLOBCONFORM_VERSION);
  Options options;
  // The program as invoked, for the commands the reports print: a path stays a path, a bare name
  // was found on PATH.
  if (argc > 0 && std::string(argv[0]).find('/') != std::string::npos) options.program = argv[0];
  const char* env_target = std::getenv("AZURE_STORAGE_CONNECTION_STRING");
  options.target.connection_string = env_target && *env_target ? env_target : kDevelopmentStorage;
  options.target.given = env_target && *env_target;
  auto* target_option = app.add_option("--target", options.target.connection_string,
                 "Azure connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else UseDevelopmentStorage=true, "
                 "the embedded Azurite)");
  app.add_option("--cases", options.cases.case_dirs,
                 "a folder of case files, run with the project's cases (repeatable); its operations, capabilities "
                 "and rules add to the project's");
  app.add_flag("--no-default-cases", options.cases.no_default_cases,
               "leave the project's own cases out (its operations, capabilities and schemas stay available)");
  app.add_option("--filter", options.cases.filters, "glob on instance ids ('*' in a segment, '**' across; '-' excludes)");
  app.add_option("--tags", options.cases.tags, "run cases carrying any of these tags")->delimiter(',');
  app.add_option("-k", options.cases.id_substrings, "run instances whose id contains TEXT (repeatable: any of)");
  app.add_flag("-x,--fail-fast", options.run.fail_fast, "start no instance after the first that needs attention");
  app.add_option("--capability", options.cases.capabilities, "declare a capability of the target (cases/capabilities.json)");
  app.add_option("--report-dir", options.output.report_dir, "where reports go (default: reports/<run-id>/)");
  app.add_option("--latest-version", options.cases.latest_version, "what 'latest' means in `versions`")
      ->capture_default_str();
  app.add_option("--jobs", options.run.jobs, "instances run in parallel (default: 4 on loopback, 16 otherwise)")
      ->check(CLI::Range(1, 64));
  app.add_option("--shard", options.cases.shard, "run the I-th of N deterministic slices of the selection, as I/N");
  app.add_option("--azurite-dir", options.target.azurite_dir, "a folder holding node_modules/azurite (3.37.0)");
  app.add_option("--ca-file", options.target.ca_file, "PEM file of extra trust anchors for HTTPS")->check(CLI::ExistingFile);
  app.add_flag("--insecure", options.target.insecure, "do not verify the server's certificate");
  app.add_flag("--keep", options.run.keep, "keep each instance's container");
  app.add_flag("--strict", options.output.strict, "NON-STRICT results gate too");
  app.add_flag("--quiet", options.output.quiet, "no progress lines");
  app.add_flag("--verbose", options.output.verbose, "print every exchange as each instance finishes");
  app.add_option("--max-requests", options.run.max_requests, "stop starting instances after this many requests");
  app.add_option("--max-bytes", options.run.max_bytes, "... after this many bytes sent and received");
  app.add_option("--max-duration", options.run.max_duration, "... after this long (90s, 30m, 2h)");
  app.add_option("--case-timeout", options.run.case_timeout, "an instance running longer ends ERROR")->capture_default_str();
  app.add_option("--timeout-connect-ms", options.target.timeout_connect_ms, "connect (and TLS handshake) timeout")
      ->capture_default_str()->check(CLI::Range(1, 600000));
  app.add_option("--timeout-read-ms", options.target.timeout_read_ms, "longest wait between two reads")
      ->capture_default_str()->check(CLI::Range(1, 600000));
  app.add_option("--timeout-total-ms", options.target.timeout_total_ms, "longest exchange, connect to last byte")
      ->capture_default_str()->check(CLI::Range(1, 3600000));
  app.add_flag("--list", options.cases.list, "list the selected instances and stop");
  auto* baseline_option = app.add_option(
      "--baseline", options.output.baseline,
      "known deviations of the target (default: the shipped baseline whose target is the server that answers)");
  app.add_flag("--no-baseline", options.output.no_baseline, "gate on the documented behaviour alone")->excludes(baseline_option);
  app.add_option("--pending-copy", options.target.copy_sources.method,
                 "how copies are held pending: gated (this harness serves the copy source), large (a large blob "
                 "in --second-target, copied cross-account: a race), none, or auto (none on Azurite, gated for "
                 "another loopback server, large for a remote one with --second-target)")
      ->check(CLI::IsMember({"auto", "gated", "large", "none"}));
  app.add_option("--source-listen", options.target.copy_sources.listen,
                 "HOST:PORT the gated copy source listens on (port 0: any)");
  app.add_option("--source-advertise", options.target.copy_sources.advertise,
                 "the gated source's base URL as the target reaches it (default: the listen address)");
  app.add_option("--token-command", options.target.token_command,
                 "a command that prints a Microsoft Entra access token for the account (run again before it "
                 "expires); without it, AZURE_STORAGE_TOKEN. Steps without their own auth then sign with it");
  app.add_option("--no-role-token-command", options.target.no_role_token_command,
                 "a command that prints an access token of an identity WITHOUT a data role on the account: the "
                 "case of such an identity's abort runs (capability identity-without-role)");
  app.add_option("--http-endpoint", options.target.http_endpoint,
                 "http://HOST[:PORT] where the account also answers plain HTTP (default: the endpoint itself when it "
                 "is http://, port 80 of an Azure host): the cases that send one request there run (capability "
                 "http-endpoint)");
  app.add_option("--second-target", options.target.second_target,
                 "connection string of a second account (with AccountKey): cross-account copy sources");
  app.add_option("--large-source-size", options.target.copy_sources.large_size,
                 "bytes of the large source in the second account (--pending-copy large; a multiple of 512, at most 256 MiB)")
      ->capture_default_str();
  app.fallthrough();
  auto* run_command = app.add_subcommand("run", "run the selected cases against the target (the default)");
  auto* list_command = app.add_subcommand("list", "list the selected instances");
  std::vector<std::string> list_tags;
  auto* list_tags_option =
      list_command->add_option("--tags", list_tags, "without a value: every tag with its number of cases; with "
                                                    "tags: the instances carrying any of them")
          ->expected(0, 1)
          ->delimiter(',');
  auto* lint_command = app.add_subcommand("lint", "check every case file; exit 2 on any problem");
  auto* coverage_command =
      app.add_subcommand("coverage", "the cases that check each rule of rules.json; exit 1 while a rule has none");
  auto* evidence_command = app.add_subcommand(
      "evidence", "per case group, the cases by level and by the strongest evidence their spec entries cite");
  auto* baseline_command =
      app.add_subcommand("baseline", "run the selected cases and write what differs from the documented behaviour");
  baseline_command->add_option("--write", options.output.write_baseline, "the baseline file to write")->required();
  auto* fuzz_command =
      app.add_subcommand("fuzz", "send mutated requests; write each finding as a regression case (exit 1 if any)");
  fuzz_command->add_option("--seed", options.fuzz.seed, "the same seed sends the same requests")->capture_default_str();
  fuzz_command->add_option("--requests", options.fuzz.requests, "stop after this many requests");
  fuzz_command->add_option("--seconds", options.fuzz.seconds, "stop after this long");
  fuzz_command->add_option("--findings-dir", options.fuzz.findings_dir,
                           "case folder the findings go to, under regressions/ (default: the report folder, --report-dir or "
                           "reports/<run-id>-fuzz/)");
  fuzz_command->add_option("--log", options.fuzz.log, "write every request drawn as NDJSON (no secrets)");
  fuzz_command->add_flag("--allow-remote-fuzz", options.fuzz.allow_remote,
                         "fuzz a target that is not on this machine (a real account: mind the cost)");
  auto* cleanup_command = app.add_subcommand(
      "cleanup", "delete containers that crashed runs left behind: named bc-<8 hex>-..., older than --older-than");
  cleanup_command->add_option("--older-than", options.cleanup.older_than, "only containers older than this (2h, 1d)")->required();
  cleanup_command->add_flag("--dry-run", options.cleanup.dry_run, "list what would be deleted, delete nothing");
  auto* replay_command = app.add_subcommand("replay", "send findings' bytes (.bin) to the target again; exit 1 while one still reproduces");
  replay_command->add_option("files", options.fuzz.replay_files, "the .bin files fuzz findings wrote")
      ->required()
      ->check(CLI::ExistingFile);
  auto* report_command = app.add_subcommand(
      "report", "reports again from results.json files: shards of one run merged and gated, several targets compared");
  report_command->add_option("files", options.reports.results_files, "results.json files")->required()->check(CLI::ExistingFile);
  report_command->add_flag("--compare", options.reports.compare, "side by side, even when the files are of one target");
  auto* repro_command = app.add_subcommand("repro", "run one instance of a results file again and print its request");
  repro_command->add_option("results", options.reports.repro_results, "a results.json")->required()->check(CLI::ExistingFile);
  repro_command->add_option("instance", options.reports.repro_instance, "the instance id")->required();
  // Every subcommand takes the options above (fallthrough); its --help lists them too.
  std::string global_help = "\nOptions of every command (blobconform --help explains them):\n ";
  for (const auto* option : app.get_options()) {
    if (option->get_name() != "--help" && option->get_name() != "--version") global_help += " " + option->get_name();
  }
  for (auto* sub : {run_command, list_command, lint_command, coverage_command, evidence_command, baseline_command, fuzz_command,
                    replay_command, report_command, repro_command, cleanup_command}) {
    sub->fallthrough();
    sub->footer(global_help);
  }
  app.require_subcommand(0, 1);
  if (argc <= 1) {
    std::cout << app.help() << "\nA full run against the embedded Azurite: " << argv[0] << " run\n";
    return kUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kAsExpected : kUsage;
  }
  if (target_option->count() > 0) options.target.given = true;
  // From here on SIGINT and SIGTERM stop the command cleanly: a run that is still setting up
  // (starting Azurite, making the second account's sources) starts no instance and cleans up.
  install_stop_handlers();
  resolve_case_dirs(options.cases, data_dir());
  if (*lint_command) return command_lint(options);
  if (*coverage_command) return command_coverage(options);
  if (*evidence_command) return command_evidence(options);
  if (*fuzz_command) return command_fuzz(options);
  if (*replay_command) return command_replay(options);
  if (*report_command) return command_report(options);
  if (*repro_command) return command_repro(options);
  if (*cleanup_command) return command_cleanup(options);
  std::erase(list_tags, std::string());
  if (*list_command && list_tags_option->count() > 0 && list_tags.empty()) return command_list_tags(options);
  if (*list_command && !list_tags.empty()) options.cases.tags = list_tags;
  if (*list_command || options.cases.list) return command_list(options);
  return command_run(options);
}
