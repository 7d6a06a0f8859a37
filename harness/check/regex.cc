// GCC 12 warns -Wmaybe-uninitialized inside libstdc++'s <regex> (a false positive in
// std::function moves); the pragma must be active where <regex> is included.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "harness/check/regex.h"

#include <exception>
#include <mutex>
#include <unordered_map>

namespace blobconform::check {
namespace {

using Compiled = Result<std::shared_ptr<const std::regex>>;

Compiled compile_uncached(std::string_view pattern) {
  try {
    return std::make_shared<const std::regex>(pattern.begin(), pattern.end(), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return fail(std::string("invalid regular expression: ") + e.what());
  } catch (const std::exception& e) {
    return fail(std::string("regular expression not usable: ") + e.what());
  }
}

}  // namespace

Compiled compile_regex(std::string_view pattern) {
  static std::mutex mutex;
  static std::unordered_map<std::string, Compiled> cache;
  std::string key(pattern);
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  Compiled compiled = compile_uncached(pattern);  // outside the lock: other threads go on
  std::lock_guard lock(mutex);
  if (cache.size() < kMaxCachedRegexes) cache.emplace(std::move(key), compiled);
  return compiled;
}

Result<bool> regex_search(std::string_view pattern, std::string_view value) {
  auto re = compile_regex(pattern);
  if (!re) return re.error();
  try {
    return std::regex_search(value.begin(), value.end(), **re);
  } catch (const std::exception& e) {
    return fail(std::string("regular expression search failed: ") + e.what());
  }
}

}  // namespace blobconform::check
