#include "harness/report/progress.h"

#include "harness/report/run_record.h"

namespace blobconform::report {
namespace {

constexpr const char* kClearLine = "\r\033[2K";

}  // namespace

Progress::Progress(std::ostream& out, bool terminal, bool verbose)
    : out_(out), terminal_(terminal), verbose_(verbose), began_(std::chrono::steady_clock::now()) {}

std::string Progress::clock_text(std::chrono::seconds seconds) {
  long long s = seconds.count();
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  return text;
}

void Progress::finished(const run::InstanceResult& result, size_t done, size_t total) {
  bool bad = result.result == run::ResultKind::Fail || result.result == run::ResultKind::Error;
  failures_ += result.result == run::ResultKind::Fail;
  errors_ += result.result == run::ResultKind::Error;
  if (terminal_ && status_shown_) out_ << kClearLine;
  if (!terminal_ || bad || verbose_) {
    out_ << "[" << done << "/" << total << "] " << run::result_name(result.result) << "  " << result.id;
    if (result.result != run::ResultKind::Pass && !result.reason.empty()) out_ << "  — " << result.reason;
    out_ << "\n";
  }
  if (verbose_) {
    for (const auto& exchange : result.exchanges) out_ << format_exchange(exchange) << "\n";
  }
  if (terminal_) {
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - began_);
    auto left = done ? elapsed * static_cast<long>(total - done) / static_cast<long>(done) : std::chrono::seconds(0);
    out_ << "[" << done << "/" << total << "] " << failures_ << " failed, " << errors_ << " errors, "
         << clock_text(elapsed) << " elapsed, about " << clock_text(left) << " left";
    status_shown_ = true;
  }
  out_.flush();
}

void Progress::end() {
  if (terminal_ && status_shown_) out_ << kClearLine;
  status_shown_ = false;
  out_.flush();
}

}  // namespace blobconform::report
