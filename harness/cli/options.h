// The command line's options, exit codes and stop flag, shared by the commands in this folder.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/run/copy_sources.h"

namespace blobconform::cli {

// 5 as pytest does: a run that tested nothing (no instance selected, or every one skipped) is
// never green.
enum ExitCode { kAsExpected = 0, kRegression = 1, kUsage = 2, kUnreachable = 3, kStopped = 4, kNothingTested = 5 };

inline constexpr const char* kDefaultLatestVersion = "2026-06-06";  // the newest version Azurite 3.37.0 accepts
inline constexpr const char* kDevelopmentStorage = "UseDevelopmentStorage=true";

// Set by SIGINT and SIGTERM: the running command stops cleanly. g_signals counts them: a second
// one stops at once (after a best-effort cleanup of what the run created).
extern std::atomic<bool> g_stop;
extern std::atomic<int> g_signals;
void install_stop_handlers();

// Which cases and instances a command works on.
struct CaseSelection {
  std::vector<std::string> case_dirs;        // group folders (resolve_case_dirs: the project's first unless left out)
  std::vector<std::string> definition_dirs;  // only operations, capabilities, rules and named setups (the project's,
                                             // when its groups are left out)
  bool no_default_cases = false;             // --no-default-cases
  std::vector<std::string> filters;
  std::vector<std::string> tags;
  std::vector<std::string> id_substrings;  // -k TEXT
  std::string shard;                       // --shard I/N
  std::string latest_version = kDefaultLatestVersion;
  std::vector<std::string> capabilities;   // --capability: declared for the target
  bool list = false;                       // --list: list the selection and stop
};

// The server under test and how to reach it.
struct TargetSettings {
  std::string connection_string;
  bool given = false;  // by --target or AZURE_STORAGE_CONNECTION_STRING, not the default
  std::string azurite_dir;
  std::string ca_file;
  bool insecure = false;
  int timeout_connect_ms = 5000, timeout_read_ms = 30000, timeout_total_ms = 60000;
  std::string token_command;            // --token-command (else AZURE_STORAGE_TOKEN)
  std::string no_role_token_command;    // --no-role-token-command: an identity without a data role
  std::string http_endpoint;            // --http-endpoint: where the account answers plain HTTP
  std::string second_target;            // --second-target
  run::CopySourceOptions copy_sources;  // --pending-copy, --source-*, --large-source-size
};

// What a run prints and writes, and what it gates on.
struct OutputSettings {
  std::string report_dir;
  bool quiet = false;
  bool verbose = false;  // every exchange as the run goes
  bool strict = false;
  std::string baseline;        // --baseline FILE
  bool no_baseline = false;    // --no-baseline: not even the embedded Azurite's
  std::string write_baseline;  // baseline --write FILE
};

// How a run goes: parallelism, limits, what it keeps.
struct RunSettings {
  bool fail_fast = false;  // -x, --fail-fast
  bool keep = false;
  int jobs = 0;                     // 0: a sensible number for the target
  uint64_t max_requests = 0;        // --max-requests (0: none)
  uint64_t max_bytes = 0;           // --max-bytes
  std::string max_duration;         // --max-duration, e.g. "30m"
  std::string case_timeout = "10m";  // --case-timeout
};

// fuzz and replay.
struct FuzzSettings {
  uint64_t seed = 1;
  uint64_t requests = 0;  // --requests
  uint64_t seconds = 0;   // --seconds
  std::string findings_dir;
  std::string log;                        // --log
  bool allow_remote = false;              // --allow-remote-fuzz
  std::vector<std::string> replay_files;  // replay FILE...
};

// report and repro.
struct ReportSettings {
  std::vector<std::string> results_files;  // report FILE...
  bool compare = false;                    // report --compare
  std::string repro_results;               // repro FILE INSTANCE
  std::string repro_instance;
};

struct CleanupSettings {
  std::string older_than;  // --older-than
  bool dry_run = false;    // --dry-run
};

// The command line, by concern: each command reads the parts it needs.
struct Options {
  std::string program = "blobconform";  // as invoked (argv[0] when it names a path), for printed commands
  CaseSelection cases;
  TargetSettings target;
  OutputSettings output;
  RunSettings run;
  FuzzSettings fuzz;
  ReportSettings reports;
  CleanupSettings cleanup;
};


}  // namespace blobconform::cli
