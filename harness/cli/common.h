// What several commands share: the project's data folder, loading the cases, and reaching the
// target (parsing the connection string, starting the embedded Azurite, asking for its Server).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/auth/account_key.h"
#include "harness/cases/case_model.h"
#include "harness/cli/options.h"
#include "harness/report/baseline.h"
#include "harness/target/token_source.h"
#include "harness/report/run_record.h"
#include "harness/target/azurite.h"
#include "harness/target/azurite_users.h"
#include "harness/target/connection_string.h"
#include "harness/transport/message.h"

namespace blobconform::cli {

namespace fs = std::filesystem;

fs::path data_dir();
// "azurite-blob-3.37.0" for "Azurite-Blob/3.37.0": what a baseline's "target" says.
std::string baseline_target_name(const std::string& server);
// The baseline a run gates on: --baseline, else (unless --no-baseline or baseline --write) the
// shipped baseline whose target names the server that answered, whoever started it. `why` says
// which and why, or how to write one when none fits.
struct BaselineChoice {
  std::string file;  // "" for none
  std::string why;
  std::optional<report::Baseline> shipped{};  // the shipped file, as read while choosing it,
  cases::Problems shipped_problems{};         // and what was wrong with it
};
BaselineChoice choose_baseline(const Options& options, const fs::path& data, const std::string& server);
std::string join(const std::vector<std::string>& parts);
// "--filter 'x/**', --tags lease": what selected the instances, for messages.
std::string describe_selection(const CaseSelection& selection);
// The case folders a command loads: the project's cases/ (its groups unless --no-default-cases;
// its operations, capabilities and rules always), then each --cases folder, a folder given twice
// (or the project's, given again) once.
void resolve_case_dirs(CaseSelection& selection, const fs::path& data);
// Loads and lints the case folders; prints every problem.
bool load_cases(const CaseSelection& selection, const fs::path& data, cases::Catalog& catalog, size_t* files = nullptr);

struct PreparedTarget {
  target::Target target;
  std::optional<auth::AccountKey> key;
  std::shared_ptr<target::TokenSource> token;  // AZURE_STORAGE_TOKEN or --token-command; null: none
  std::shared_ptr<target::TokenSource> no_role_token;  // --no-role-token-command; null: none
  std::unique_ptr<target::EmbeddedAzurite> azurite;  // started for this run, stopped with it
  // This run as a user of the embedded Azurite (started by it or by another run): the one that
  // started it stops it only once no other run uses it.
  std::unique_ptr<target::AzuriteUsers> azurite_users;
  std::string server;                                // the target's Server header
  std::chrono::microseconds round_trip{0};           // of a request to it, as probed (reach_target)
};

// The probe of reach_target: one request, then this many to time the round trip.
inline constexpr int kProbeRoundTrips = 2;
// --jobs when not given: a few connections for a fast loopback server (Azurite is one Node
// process and gains little past 4), many where each request waits on latency (a remote account,
// or a loopback one slower than kSlowRoundTrip: a proxy, an emulator in a VM).
inline constexpr int kFastLoopbackJobs = 4;
inline constexpr int kLatencyBoundJobs = 16;
inline constexpr std::chrono::milliseconds kSlowRoundTrip{5};
int default_jobs(bool loopback, std::chrono::microseconds round_trip);

bool is_loopback(const target::Target& target);
transport::TlsOptions tls_options(const TargetSettings& target);
transport::Timeouts timeouts(const TargetSettings& target);
// "90s", "30m", "2h", "1d": a duration of the command line; `field` names the option in errors.
Result<std::chrono::seconds> parse_duration(const std::string& field, const std::string& text);
int parse_target(const TargetSettings& settings, PreparedTarget& prepared);
// The run's bearer token as the request builder asks for it; empty when the run has none.
std::function<Result<std::string>()> bearer_of(const PreparedTarget& prepared);
// The token of the identity without a data role; empty when the run has none.
std::function<Result<std::string>()> no_role_bearer_of(const PreparedTarget& prepared);
int reach_target(const Options& options, const fs::path& data, const transport::TlsOptions& tls,
                 PreparedTarget& prepared);
// Stops the embedded Azurite this run started, once no other run uses it.
inline constexpr std::chrono::milliseconds kSharedAzuritePoll{200};
// How long a run waits for another that starts or stops the embedded Azurite (its start may take 30 s).
inline constexpr std::chrono::milliseconds kAzuriteLockWait{120000};
void stop_azurite(PreparedTarget& prepared, const OutputSettings& output);
// Before the first instance: one signed List Containers tells a wrong key (403
// AuthenticationFailed) and a server that does not speak Blob from a conformance finding, each
// with one message and kUnreachable. Other Blob errors only warn: the cases judge them.
int verify_credentials(const Options& options, const PreparedTarget& prepared, const cases::Catalog& catalog);

// The gate's verdict, the report files in `report_dir` and the summary; the exit code.
int write_reports(const Options& options, report::RunRecord& record, const report::Baseline* baseline,
                  const fs::path& report_dir);

// The commands.
int command_lint(const Options& options);
int command_coverage(const Options& options);
int command_evidence(const Options& options);
int command_list(const Options& options);
int command_list_tags(const Options& options);
int command_run(const Options& options);
int command_fuzz(const Options& options);
int command_replay(const Options& options);
int command_report(const Options& options);
int command_cleanup(const Options& options);
int command_repro(const Options& options);

}  // namespace blobconform::cli
