// The `matches` of an expectation: an ECMAScript regular expression searched in a value.
// std::regex reports errors by throwing; these wrappers turn every such error into a Result.
#pragma once

#include <cstddef>
#include <memory>
#include <regex>
#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::check {

// Compiled patterns (and the errors of invalid ones) are kept for the rest of the process, up to
// this many: lint and every check of a run compile the same few patterns again and again, and
// std::regex takes tens of microseconds to compile one.
inline constexpr size_t kMaxCachedRegexes = 4096;

// Compiles the pattern (ECMAScript grammar); an invalid one is an error
// "invalid regular expression: <reason>". Safe from several threads at once.
Result<std::shared_ptr<const std::regex>> compile_regex(std::string_view pattern);

// Whether the pattern is found anywhere in the value (std::regex_search). An invalid pattern, or a
// search the library gives up on (complexity, stack), is an error naming the reason.
Result<bool> regex_search(std::string_view pattern, std::string_view value);

}  // namespace blobconform::check
