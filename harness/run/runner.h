// Runs the selected instances, `jobs` at a time, each with its own container and connection.
// Results come back in selection order whatever the number of jobs.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "harness/run/executor.h"

namespace blobconform::run {

// The instances under way, with their containers: what a run that is told to stop waits for.
class InFlight {
 public:
  struct Entry {
    std::string id, container;
  };
  void add(const std::string& id, const std::string& container);
  void remove(const std::string& id);
  std::vector<Entry> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

// A run stops starting instances once this many in a row ended without a single answer from the
// target (every exchange a transport error: a server gone, or one that answers nothing well-formed).
inline constexpr size_t kUnansweredInARow = 5;

struct RunOptions {
  std::string run_id;            // "20261124-061950-6f3a9c21"
  std::string container_prefix;  // "bc-6f3a9c21-": every container of the run starts with it
  bool keep = false;
  int jobs = 1;
  std::string cleanup_version;
  transport::TlsOptions tls;
  transport::Timeouts timeouts;
  const std::atomic<bool>* stop = nullptr;  // set by a signal: no new instance starts
  const std::atomic<bool>* failed_fast = nullptr;  // set by --fail-fast's check: no new instance starts
  Budget* budget = nullptr;                 // --max-requests, --max-bytes: no new instance past them
  std::chrono::seconds max_duration{0};     // --max-duration: no new instance starts after it (0: none)
  std::chrono::seconds case_timeout{kDefaultCaseTimeout};  // --case-timeout
  std::function<void(const InstanceResult&, size_t done, size_t total)> on_result;
  InFlight* in_flight = nullptr;  // kept up to date when given
};

struct RunIdentity {
  std::string run_id;
  std::string container_prefix;
};
RunIdentity new_run_identity();

// The container of the index-th instance: lower-case, at most 63 characters, prefixed.
std::string container_name(const std::string& prefix, size_t index);

struct RunOutcome {
  std::string stop_reason;              // why it stopped early, when it did
  std::vector<InstanceResult> results;  // only instances that ran, in selection order
  bool stopped_early = false;
};

RunOutcome run_instances(const std::vector<Instance>& instances, const cases::Catalog& catalog,
                         const TargetContext& target, const Fixtures& fixtures, const RunOptions& options);

}  // namespace blobconform::run
