// What SIGINT and SIGTERM do during a run. The first: no new instance starts, and the run says
// what it waits for (the instances under way, each until it has deleted its container, at most
// --case-timeout). The second: the containers of the instances under way are deleted, best
// effort, and the program exits at once with kStopped.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "harness/cli/common.h"
#include "harness/run/runner.h"

namespace blobconform::cli {

class InterruptWatcher {
 public:
  // `say` prints a line for the user (above the progress line).
  InterruptWatcher(const Options& options, const PreparedTarget& prepared, const cases::Catalog& catalog,
                   std::string container_prefix,
                   const run::InFlight& in_flight, std::function<void(const std::string&)> say);
  ~InterruptWatcher();  // stops watching
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  static constexpr std::chrono::milliseconds kPoll{100};

 private:
  void watch();
  [[noreturn]] void stop_now();

  const Options& options_;
  const PreparedTarget& prepared_;
  const cases::Catalog& catalog_;  // the run's operations, for the emergency cleanup
  std::string container_prefix_;
  const run::InFlight& in_flight_;
  std::function<void(const std::string&)> say_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace blobconform::cli
