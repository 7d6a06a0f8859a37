// Named setups (case-format.md §9): steps defined once, in a group file's "setups" or a case
// folder's setups.json, that cases use by name ({"use": "copied", "with": {"body": "hi"}}) in
// "setup" and "then". The loader expands every use into the steps it names, so the rest of the
// harness sees only plain steps.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/cases/problem.h"
#include "harness/wire/result.h"

namespace blobconform::cases {

// How deep uses may nest (a named setup that uses another); deeper is refused, and so is a cycle.
inline constexpr int kMaxSetupNesting = 8;
// How many steps one list ("setup" or "then" of a case) may expand to: uses that fan out cannot
// make a small file into millions of steps.
inline constexpr size_t kMaxExpandedSteps = 1000;
// The placeholder of a parameter inside a named setup's steps: {{with.<param>}}.
inline constexpr std::string_view kParamPrefix = "{{with.";

struct NamedSetup {
  std::string name;
  std::string file;     // where it is defined
  std::string pointer;  // "/setups/<name>" in that file
  nlohmann::json params = nlohmann::json::object();  // name -> default: a string, an object, or null (none)
  nlohmann::json steps = nlohmann::json::array();    // as written, placeholders and uses included
};

using NamedSetups = std::map<std::string, NamedSetup>;

// Reads a schema-valid "setups" object of `file` into `into`. A placeholder that names no param
// of its setup, or a name `into` already has, is a problem naming the file and the field.
void read_named_setups(const nlohmann::json& setups, const std::string& file, NamedSetups& into, Problems& problems);

// The setup's steps with its params filled from `with` (a given value, else the default): every
// {{with.x}} inside a string is replaced by x's text; a string that is exactly {{with.x}} becomes
// x's value itself (an object, for metadata), and leaves its object when that value is null.
// A `with` key that is not a param is an error naming it.
Result<nlohmann::json> instantiate_setup(const NamedSetup& setup, const nlohmann::json& with);

}  // namespace blobconform::cases
