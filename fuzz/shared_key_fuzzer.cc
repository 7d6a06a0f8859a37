// auth::shared_key_string_to_sign and shared_key_lite_string_to_sign (with canonicalized_headers).
// Input: line 1 the method, line 2 the request target, then one header per line, "name: value"
// (split at the first ':'; a line without one is a name with an empty value).
// Oracle: the string-to-sign does not depend on the order of the headers when their names are
// all distinct (compared trimmed and case-insensitively, as the signer matches them): the
// headers are shuffled deterministically and both strings compared. Also both schemes agree on
// what is valid (the same method check, the same query parser).
#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/auth/shared_key.h"
#include "harness/wire/encoding.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

constexpr std::string_view kAccount = "myaccount";
constexpr int kShuffles = 2;  // besides the reversed order

struct Signed {
  Result<std::string> full;
  Result<std::string> lite;
};

Signed sign(std::string_view method, std::string_view target, const transport::HeaderList& headers) {
  return {auth::shared_key_string_to_sign(method, target, headers, kAccount),
          auth::shared_key_lite_string_to_sign(method, target, headers, kAccount)};
}

bool same(const Result<std::string>& a, const Result<std::string>& b) {
  return a.ok() == b.ok() && (!a.ok() || *a == *b);
}

bool distinct_names(const transport::HeaderList& headers) {
  std::set<std::string> seen;
  for (const auto& [name, value] : headers) {
    if (!seen.insert(wire::to_lower(wire::trim(name))).second) return false;
  }
  return true;
}

// FNV-1a: a seed that depends on the input only, so that a finding replays.
uint32_t seed_of(std::string_view text) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
  return hash;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = blobconform::fuzz::as_text(data, size);
  auto lines = blobconform::fuzz::split_lines(text);
  if (lines.size() < 2) return 0;
  transport::HeaderList headers;
  for (size_t i = 2; i < lines.size(); ++i) {
    auto colon = lines[i].find(':');
    headers.emplace_back(std::string(lines[i].substr(0, colon)),
                         colon == std::string_view::npos ? std::string() : std::string(lines[i].substr(colon + 1)));
  }
  const Signed original = sign(lines[0], lines[1], headers);
  require(original.full.ok() == original.lite.ok(), "Shared Key and Shared Key Lite agree on what is valid");
  if (!distinct_names(headers) || headers.size() < 2) return 0;

  std::minstd_rand random(seed_of(text));
  transport::HeaderList shuffled = headers;
  for (int round = 0; round <= kShuffles; ++round) {
    if (round == 0) std::reverse(shuffled.begin(), shuffled.end());
    else std::shuffle(shuffled.begin(), shuffled.end(), random);
    const Signed reordered = sign(lines[0], lines[1], shuffled);
    // Distinct names: no value is joined to another, so nothing may follow the order sent.
    require(same(original.full, reordered.full), "the Shared Key string-to-sign does not depend on header order");
    require(same(original.lite, reordered.lite), "the Shared Key Lite string-to-sign does not depend on header order");
  }
  return 0;
}
