// GCC 12 warns -Wmaybe-uninitialized inside libstdc++'s <regex> (a false positive in
// std::function moves); the pragma must be active where <regex> is included.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "harness/check/regex.h"

#include <exception>

namespace blobconform::check {

Result<std::regex> compile_regex(std::string_view pattern) {
  try {
    return std::regex(pattern.begin(), pattern.end(), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return fail(std::string("invalid regular expression: ") + e.what());
  } catch (const std::exception& e) {
    return fail(std::string("regular expression not usable: ") + e.what());
  }
}

Result<bool> regex_search(std::string_view pattern, std::string_view value) {
  auto re = compile_regex(pattern);
  if (!re) return re.error();
  try {
    return std::regex_search(value.begin(), value.end(), *re);
  } catch (const std::exception& e) {
    return fail(std::string("regular expression search failed: ") + e.what());
  }
}

}  // namespace blobconform::check
