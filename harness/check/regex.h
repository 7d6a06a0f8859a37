// The `matches` of an expectation: an ECMAScript regular expression searched in a value.
// std::regex reports errors by throwing; these wrappers turn every such error into a Result.
#pragma once

#include <regex>
#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::check {

// Compiles the pattern (ECMAScript grammar); an invalid one is an error
// "invalid regular expression: <reason>".
Result<std::regex> compile_regex(std::string_view pattern);

// Whether the pattern is found anywhere in the value (std::regex_search). An invalid pattern, or a
// search the library gives up on (complexity, stack), is an error naming the reason.
Result<bool> regex_search(std::string_view pattern, std::string_view value);

}  // namespace blobconform::check
