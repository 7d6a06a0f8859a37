#include "harness/run/copy_race.h"

#include <algorithm>

#include "harness/wire/http_date.h"

namespace blobconform::run {

void CopyRace::saw_setup(const cases::Step& step, const transport::HeaderList& headers) {
  auto date = transport::find_header(headers, "Date").value_or("(no Date)");
  if (step.op == "copy_blob") started_ = date;
  if (transport::find_header(headers, "x-ms-copy-status") == std::optional<std::string>("pending")) last_pending_ = date;
}

void CopyRace::in_question(const cases::Step& step, std::string answered) {
  step_ = &step;
  answered_ = std::move(answered);
}

std::optional<std::string> CopyRace::blob(const cases::Case& c) const {
  const auto& required = c.capabilities_required;
  if (!step_ || answered_.empty() || std::find(required.begin(), required.end(), "pending-copy") == required.end()) {
    return std::nullopt;
  }
  auto blob = step_->args.find("blob");
  if (blob == step_->args.end() || !blob->second.is_string()) return std::nullopt;
  return blob->second.get<std::string>();
}

std::optional<std::string> CopyRace::lost(const transport::HeaderList& headers, const std::string& verdict) const {
  auto status = transport::find_header(headers, "x-ms-copy-status");
  auto completion = transport::find_header(headers, "x-ms-copy-completion-time");
  if (!step_ || !status || (*status != "success" && *status != "failed") || !completion) return std::nullopt;
  auto concluded = wire::parse_rfc1123(*completion);
  auto answered = wire::parse_rfc1123(answered_);
  if (!concluded || !answered || *concluded > *answered) return std::nullopt;
  return "the race for a pending copy was lost: the copy started " + started_ + ", was last seen pending " +
         (last_pending_.empty() ? std::string("never") : last_pending_) + ", concluded (" + *status + ") " +
         *completion + ", and " + step_->pointer + " was answered " + answered_ + "; the verdict would have been: " +
         verdict;
}

}  // namespace blobconform::run
