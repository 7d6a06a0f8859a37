#include "harness/report/progress.h"

#include <cstdlib>

#include "harness/report/run_record.h"

namespace blobconform::report {
namespace {

constexpr const char* kClearLine = "\r\033[2K";
constexpr const char* kReset = "\033[0m";

const char* colour_of(run::ResultKind kind, Standing standing) {
  if (standing == Standing::Known) return "\033[33m";            // yellow: known, not new
  if (standing == Standing::UnexpectedPass) return "\033[1;36m";  // bold cyan
  switch (kind) {
    case run::ResultKind::Pass: return "\033[32m";
    case run::ResultKind::Fail: return "\033[1;31m";
    case run::ResultKind::Error: return "\033[1;35m";
    case run::ResultKind::NonStrict: return "\033[33m";
    default: return "\033[2m";  // dim: INFO, SKIP, INCONCLUSIVE
  }
}

std::string count(size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

bool colour_wanted(bool terminal) {
  const char* no_colour = std::getenv("NO_COLOR");
  return terminal && !(no_colour && *no_colour);
}

std::string standing_label(const run::InstanceResult& result, Standing standing, bool colour) {
  std::string label = standing == Standing::Known            ? std::string("KNOWN ") + run::result_name(result.result)
                      : standing == Standing::UnexpectedPass ? std::string("UNEXPECTED ") + run::result_name(result.result)
                                                             : std::string(run::result_name(result.result));
  return colour ? colour_of(result.result, standing) + label + kReset : label;
}

Progress::Progress(std::ostream& out, ProgressOptions options)
    : out_(out), options_(options), began_(std::chrono::steady_clock::now()) {
  if (options_.terminal && !options_.quiet) ticker_ = std::thread([this] { tick_loop(); });
}

Progress::~Progress() { end(); }

std::string Progress::clock_text(std::chrono::seconds seconds) {
  long long s = seconds.count();
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  return text;
}

void Progress::set_total(size_t total) {
  std::lock_guard lock(mutex_);
  total_ = total;
}

void Progress::tick_loop() {
  std::unique_lock lock(mutex_);
  while (!ended_) {
    wake_.wait_for(lock, kTick, [this] { return ended_; });
    if (ended_) break;
    if (status_shown_) out_ << kClearLine;
    draw_status_locked();
  }
}

void Progress::draw_status_locked() {
  auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - began_);
  out_ << "[" << done_ << "/" << total_ << "] ";
  if (options_.baseline) out_ << count(new_failures_, "new failure", "new failures") << ", " << known_ << " known, ";
  else out_ << count(new_failures_, "failure", "failures") << ", ";
  out_ << count(errors_, "error", "errors");
  if (unexpected_passes_) out_ << ", " << count(unexpected_passes_, "unexpected pass", "unexpected passes");
  out_ << ", " << clock_text(elapsed) << " elapsed";
  if (done_) {
    auto left = elapsed * static_cast<long>(total_ - done_) / static_cast<long>(done_);
    out_ << ", about " << clock_text(left) << " left";
  }
  status_shown_ = true;
  out_.flush();
}

void Progress::note(const std::string& line) {
  if (options_.quiet) return;
  std::lock_guard lock(mutex_);
  if (options_.terminal && status_shown_) out_ << kClearLine;
  out_ << line << "\n";
  if (options_.terminal && !ended_) draw_status_locked();
  out_.flush();
}

void Progress::finished(const run::InstanceResult& result, size_t done, size_t total) {
  Standing standing = standing_of(result, options_.baseline, options_.strict);
  std::lock_guard lock(mutex_);
  done_ = done;
  total_ = total;
  new_failures_ += (standing == Standing::New || standing == Standing::Changed) && result.result != run::ResultKind::Error;
  errors_ += (standing == Standing::New || standing == Standing::Changed) && result.result == run::ResultKind::Error;
  known_ += standing == Standing::Known;
  unexpected_passes_ += standing == Standing::UnexpectedPass;
  if (options_.quiet) return;
  if (options_.terminal && status_shown_) out_ << kClearLine;
  if (!options_.terminal || needs_attention(standing) || options_.verbose) {
    out_ << "[" << done << "/" << total << "] " << standing_label(result, standing, options_.colour) << "  " << result.id;
    if (standing == Standing::Known) {
      const BaselineEntry* entry = baseline_entry(*options_.baseline, result);
      out_ << "  — baseline: " << entry->reason;
    } else if (standing == Standing::UnexpectedPass) {
      const BaselineEntry* entry = baseline_entry(*options_.baseline, result);
      out_ << "  — the baseline expects " << run::result_name(entry->result) << ": " << entry->reason;
    } else if (result.result != run::ResultKind::Pass && !result.reason.empty()) {
      out_ << "  — " << result.reason;
    }
    out_ << "\n";
  }
  if (options_.verbose) {
    for (const auto& exchange : result.exchanges) out_ << format_exchange(exchange) << "\n";
  }
  if (options_.terminal) draw_status_locked();
  out_.flush();
}

void Progress::end() {
  {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    ended_ = true;
    if (options_.terminal && status_shown_) out_ << kClearLine;
    status_shown_ = false;
    out_.flush();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

}  // namespace blobconform::report
