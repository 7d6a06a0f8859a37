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

struct Options {
  std::string program = "blobconform";  // as invoked (argv[0] when it names a path), for printed commands
  std::string target;
  bool target_given = false;  // by --target or AZURE_STORAGE_CONNECTION_STRING, not the default
  std::vector<std::string> case_dirs;        // group folders (resolve_case_dirs: the project's first unless left out)
  std::vector<std::string> definition_dirs;  // only operations, capabilities, rules (the project's, when left out)
  bool no_default_cases = false;             // --no-default-cases
  std::vector<std::string> filters;
  std::vector<std::string> tags;
  std::vector<std::string> id_substrings;  // -k TEXT
  bool fail_fast = false;                  // -x, --fail-fast
  std::vector<std::string> capabilities;
  std::string report_dir;
  std::string latest_version = kDefaultLatestVersion;
  std::string azurite_dir;
  std::string ca_file;
  bool insecure = false;
  bool keep = false;
  bool strict = false;
  bool quiet = false;
  bool verbose = false;  // every exchange as the run goes
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
  std::vector<std::string> replay_files;  // replay FILE...
  std::string second_target;            // --second-target
  std::vector<std::string> results_files;  // report FILE..., repro FILE
  std::string repro_results;               // repro FILE INSTANCE
  std::string repro_instance;
  bool compare = false;                    // report --compare
  uint64_t max_requests = 0;               // --max-requests (0: none)
  uint64_t max_bytes = 0;                  // --max-bytes
  std::string max_duration;                // --max-duration, e.g. "30m"
  std::string case_timeout = "10m";        // --case-timeout
  int timeout_connect_ms = 5000, timeout_read_ms = 30000, timeout_total_ms = 60000;
  bool allow_remote_fuzz = false;          // fuzz --allow-remote-fuzz
  std::string older_than;                  // cleanup --older-than
  bool dry_run = false;                    // cleanup --dry-run
};


}  // namespace blobconform::cli
