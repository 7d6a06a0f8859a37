// Fixture steps (case-format §3.5): named actions a case asks the harness to perform, such as
// letting the gated copy source send bytes. Each fixture registers its handler and the variables
// it gives each instance; both receive the instance's key (its container name), so parallel
// instances never share a fixture's state.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/cases/case_model.h"
#include "harness/wire/result.h"

namespace blobconform::run {

class Fixtures {
 public:
  // Every run has the clock: {"fixture": "clock", "action": "wait", "seconds": N} waits N seconds
  // (a key or a SAS let expire), whatever the target.
  Fixtures();
  using Handler = std::function<Result<void>(const cases::Step& step, const std::string& instance)>;
  using Variables = std::function<std::map<std::string, std::string>(const std::string& instance)>;

  void add(const std::string& name, Handler handler, Variables variables = {});
  // The same variables for every instance.
  void add(const std::string& name, Handler handler, std::map<std::string, std::string> variables);
  // Variables that come with no fixture action (e.g. second_account_source_url).
  void add_variables(std::map<std::string, std::string> variables);
  bool has(const std::string& name) const { return handlers_.count(name) > 0; }
  // Performs the step's action; an error when the fixture is not available on this target.
  Result<void> perform(const cases::Step& step, const std::string& instance) const;
  // Variables the fixtures provide to an instance, e.g. pending_source_url.
  std::map<std::string, std::string> variables(const std::string& instance) const;

 private:
  std::map<std::string, Handler> handlers_;
  std::vector<Variables> variables_;
};

}  // namespace blobconform::run
