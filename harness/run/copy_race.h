// The race of a pending copy (--pending-copy large on a real account): a copy the harness cannot
// hold may conclude on its own between the check that saw it pending and the request under test.
// A verdict against the server (or a setup step that did not get its answer) may then only mean
// the race was lost. CopyRace follows one instance's copy and judges, from the destination's
// properties read afterwards, whether it concluded no later than the request in question.
#pragma once

#include <optional>
#include <string>

#include "harness/cases/case_model.h"
#include "harness/transport/message.h"

namespace blobconform::run {

class CopyRace {
 public:
  // A setup step's answer: the copy's start (Copy Blob's Date) and the last time it was pending.
  void saw_setup(const cases::Step& step, const transport::HeaderList& headers);
  // The step whose answer is in question, and its Date.
  void in_question(const cases::Step& step, std::string answered);

  // The blob whose copy is in question, when the case's verdict may be a lost race: the case
  // requires pending-copy and a step with a `blob` arg was answered with a Date.
  std::optional<std::string> blob(const cases::Case& c) const;
  // The INCONCLUSIVE reason when the destination's properties now (`headers`) say its copy
  // concluded (success or failed) no later than the step in question was answered; nullopt when
  // the race was not lost. `verdict` is the reason the instance would otherwise end with.
  std::optional<std::string> lost(const transport::HeaderList& headers, const std::string& verdict) const;

 private:
  std::string started_ = "(unseen)", last_pending_;
  const cases::Step* step_ = nullptr;
  std::string answered_;
};

}  // namespace blobconform::run
