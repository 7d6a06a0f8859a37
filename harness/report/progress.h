// What a run shows while it goes. On a terminal: one status line, rewritten in place and redrawn
// every second (done/total, new failures, known deviations and errors so far, elapsed and an
// estimate of the time left), with what needs attention (a new failure or error, a regression, an
// unexpected pass) printed above it as it happens. Elsewhere (CI logs): one plain line per finished
// instance, a known deviation marked KNOWN with the baseline's reason. Quiet: nothing. Verbose:
// every instance's exchanges as well.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "harness/report/baseline.h"
#include "harness/run/result.h"

namespace blobconform::report {

struct ProgressOptions {
  bool terminal = false;  // rewrite one status line (and tick it every second)
  bool colour = false;    // ANSI colours (a terminal without NO_COLOR)
  bool verbose = false;   // every exchange
  bool quiet = false;     // nothing at all
  const Baseline* baseline = nullptr;
  bool strict = false;
};

// Whether to colour: a terminal, and NO_COLOR unset or empty (https://no-color.org).
bool colour_wanted(bool terminal);

// "RESULT" or "KNOWN FAIL", "UNEXPECTED PASS", coloured when asked.
std::string standing_label(const run::InstanceResult& result, Standing standing, bool colour);

class Progress {
 public:
  Progress(std::ostream& out, ProgressOptions options);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void set_total(size_t total);  // before the first instance ends, so the ticking line shows it
  void finished(const run::InstanceResult& result, size_t done, size_t total);
  void note(const std::string& line);  // a line above the status line (e.g. "waiting for ...")
  void end();                          // stops the ticking and clears the status line

  static std::string clock_text(std::chrono::seconds seconds);  // "1:05", "1:02:03"
  static constexpr std::chrono::seconds kTick{1};

 private:
  void draw_status_locked();
  void tick_loop();

  std::ostream& out_;
  ProgressOptions options_;
  std::chrono::steady_clock::time_point began_;
  size_t done_ = 0, total_ = 0, new_failures_ = 0, known_ = 0, errors_ = 0, unexpected_passes_ = 0;
  bool status_shown_ = false, ended_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
};

}  // namespace blobconform::report
