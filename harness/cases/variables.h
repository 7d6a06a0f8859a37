// {{name}} substitution (case-format §3.3): one pass, a substituted value is not expanded again.
// A project extension: {{name|upper}} and {{name|lower}} change the ASCII letter case of the value;
// {{name|nohyphens}} drops its hyphens and {{name|braces}} wraps it in braces (a GUID's other spellings).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::cases {

inline constexpr size_t kMaxVariableNameLength = 64;

// Names the harness itself provides; `uuid` is new at each occurrence.
inline const std::vector<std::string>& builtin_variable_names() {
  static const std::vector<std::string> names = {"container",
                                                 "account",
                                                 "version",
                                                 "uuid",
                                                 "endpoint",
                                                 "pending_source_url",
                                                 "pending_page_source_url",
                                                 "pending_append_source_url",
                                                 "pending_source_size",
                                                 "second_account_source_url"};
  return names;
}

struct Scope {
  std::map<std::string, std::string> values;
  std::function<std::string()> new_uuid;  // for {{uuid}}
  // Variables are not filled: each {{name}} stays as written, for a later fill (the raw form of a
  // step, request_builder.h). A filter ({{name|upper}}) would apply to the placeholder: not used so.
  bool keep_variables = false;
};

// Every {{name}} in `text`, in order; an unterminated or malformed reference is an error.
Result<std::vector<std::string>> referenced_names(std::string_view text);

// Replaces each {{name}} through `lookup`; a name it does not know is an error naming it.
// `lookup` returns false for unknown names.
Result<std::string> substitute(std::string_view text,
                               const std::function<bool(const std::string& name, std::string& value)>& lookup);

// The value of variable `name` in `scope`: {{uuid}} is a new one at each use; with keep_variables
// every name stands for itself ("{{name}}"). False for a name the scope does not have.
bool scope_value(const Scope& scope, const std::string& name, std::string& value);
// Substitutes with scope_value.
Result<std::string> substitute(std::string_view text, const Scope& scope);

std::string new_uuid_v4();

}  // namespace blobconform::cases
