#include "harness/run/fixtures.h"

#include <chrono>
#include <thread>

namespace blobconform::run {

Fixtures::Fixtures() {
  add("clock", [](const cases::Step& step, const std::string&) -> Result<void> {
    if (step.action != "wait" || !step.seconds) return fail(step.pointer + ": the clock only waits, for \"seconds\"");
    std::this_thread::sleep_for(std::chrono::seconds(*step.seconds));
    return {};
  });
}

void Fixtures::add(const std::string& name, Handler handler, Variables variables) {
  handlers_[name] = std::move(handler);
  if (variables) variables_.push_back(std::move(variables));
}

void Fixtures::add(const std::string& name, Handler handler, std::map<std::string, std::string> variables) {
  add(name, std::move(handler), [variables = std::move(variables)](const std::string&) { return variables; });
}

void Fixtures::add_variables(std::map<std::string, std::string> variables) {
  variables_.push_back([variables = std::move(variables)](const std::string&) { return variables; });
}

Result<void> Fixtures::perform(const cases::Step& step, const std::string& instance) const {
  auto found = handlers_.find(step.fixture);
  if (found == handlers_.end()) {
    return fail("fixture \"" + step.fixture + "\" is not available on this target");
  }
  return found->second(step, instance);
}

std::map<std::string, std::string> Fixtures::variables(const std::string& instance) const {
  std::map<std::string, std::string> out;
  for (const auto& provide : variables_) {
    for (auto& [name, value] : provide(instance)) out[name] = std::move(value);
  }
  return out;
}

}  // namespace blobconform::run
