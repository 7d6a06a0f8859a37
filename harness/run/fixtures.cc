#include "harness/run/fixtures.h"

namespace blobconform::run {

void Fixtures::add(const std::string& name, Handler handler, std::map<std::string, std::string> variables) {
  handlers_[name] = std::move(handler);
  for (auto& [key, value] : variables) variables_[key] = std::move(value);
}

Result<bool> Fixtures::perform(const cases::Step& step) const {
  auto found = handlers_.find(step.fixture);
  if (found == handlers_.end()) {
    return fail("fixture \"" + step.fixture + "\" is not available on this target");
  }
  return found->second(step);
}

}  // namespace blobconform::run
