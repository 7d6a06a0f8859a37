// What a run shows while it goes. On a terminal: one status line, rewritten in place (done/total,
// failures and errors so far, elapsed and an estimate of the time left), with each FAIL and ERROR
// printed above it as it happens. Elsewhere (CI logs): one plain line per finished instance.
// Verbose: every instance's exchanges as well.
#pragma once

#include <chrono>
#include <ostream>

#include "harness/run/result.h"

namespace blobconform::report {

class Progress {
 public:
  Progress(std::ostream& out, bool terminal, bool verbose);
  void finished(const run::InstanceResult& result, size_t done, size_t total);
  void end();  // clears the status line

  static std::string clock_text(std::chrono::seconds seconds);  // "1:05", "1:02:03"

 private:
  std::ostream& out_;
  bool terminal_, verbose_;
  std::chrono::steady_clock::time_point began_;
  size_t failures_ = 0, errors_ = 0;
  bool status_shown_ = false;
};

}  // namespace blobconform::report
