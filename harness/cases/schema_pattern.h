// The `pattern` keyword of the project's JSON Schemas, compiled once and searched in many strings.
//
// PCRE2 with its JIT, in UTF mode and with the options that bring it closest to ECMAScript
// (`$` only at the end, `\uhhhh` escapes, ASCII `\d \w \b`). std::regex, used before, tried
// every start position of every string in turn: half the time of validating many case files.
// The schemas' patterns use only syntax that both grammars read alike; tests/cases/
// schema_pattern_test.cc holds every pattern of cases/schema/ to std::regex's ECMAScript answers
// on the strings of cases/, so the two cannot drift apart silently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::cases {

// How much backtracking one search may do before it is given up as an error (PCRE2's match limit).
inline constexpr uint32_t kMaxPatternMatchSteps = 1'000'000;

class SchemaPattern {
 public:
  // An invalid pattern is an error "<reason> at offset <n>".
  static Result<SchemaPattern> compile(std::string_view pattern);

  // Whether the pattern is found anywhere in `subject`; an error when the search gives up (match
  // limit) or cannot run. Safe from several threads at once.
  Result<bool> search(std::string_view subject) const;

 private:
  struct Code;
  explicit SchemaPattern(std::shared_ptr<const Code> code) : code_(std::move(code)) {}
  std::shared_ptr<const Code> code_;
};

}  // namespace blobconform::cases
