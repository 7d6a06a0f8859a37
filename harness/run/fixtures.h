// Fixture steps (case-format §3.5): named actions a case asks the harness to perform, such as
// letting the gated copy source send bytes. Each fixture registers its handler and variables.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "harness/cases/case_model.h"
#include "harness/wire/result.h"

namespace blobconform::run {

class Fixtures {
 public:
  using Handler = std::function<Result<bool>(const cases::Step& step)>;

  void add(const std::string& name, Handler handler, std::map<std::string, std::string> variables = {});
  bool has(const std::string& name) const { return handlers_.count(name) > 0; }
  // Performs the step's action; an error when the fixture is not available on this target.
  Result<bool> perform(const cases::Step& step) const;
  // Variables the fixtures provide to cases, e.g. pending_source_url.
  const std::map<std::string, std::string>& variables() const { return variables_; }

 private:
  std::map<std::string, Handler> handlers_;
  std::map<std::string, std::string> variables_;
};

}  // namespace blobconform::run
