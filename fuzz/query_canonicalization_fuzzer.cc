// auth::parse_query, canonicalized_resource and canonicalized_resource_lite on a request target
// ("/path?query"; without '?' the whole input is also tried as a bare query).
// Oracles:
//  (a) round trip: the parsed (name, value) list, percent-encoded again and joined with '&' and
//      '=', parses back to the same list;
//  (b) order independence: the Shared Key CanonicalizedResource sorts the parameters (facts §4.4),
//      so reversing the order of the '&'-separated segments changes neither whether it succeeds
//      nor its value.
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "harness/auth/canonicalized_resource.h"
#include "harness/wire/encoding.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

constexpr std::string_view kAccount = "myaccount";

bool same(const std::vector<auth::QueryParameter>& a, const std::vector<auth::QueryParameter>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
  }
  return true;
}

void check_round_trip(std::string_view query) {
  auto parsed = auth::parse_query(query);
  if (!parsed) return;
  std::string encoded;
  for (const auto& parameter : *parsed) {
    if (!encoded.empty()) encoded += '&';
    encoded += wire::percent_encode(parameter.name) + "=" + wire::percent_encode(parameter.value);
  }
  auto again = auth::parse_query(encoded);
  // (a) percent_encode's output always decodes, and '&' and '=' are encoded inside names and values.
  require(again.ok(), "an encoded query parses");
  require(same(*parsed, *again), "parse_query(encode(parse_query(q))) == parse_query(q)");
}

std::string reversed_segments(std::string_view query) {
  std::vector<std::string_view> segments;
  size_t at = 0;
  while (true) {
    size_t amp = query.find('&', at);
    segments.push_back(query.substr(at, amp == std::string_view::npos ? std::string_view::npos : amp - at));
    if (amp == std::string_view::npos) break;
    at = amp + 1;
  }
  std::string out;
  for (size_t i = segments.size(); i-- > 0;) {
    out += segments[i];
    if (i) out += '&';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view target = blobconform::fuzz::as_text(data, size);
  const auto mark = target.find('?');
  const std::string_view query = mark == std::string_view::npos ? target : target.substr(mark + 1);
  check_round_trip(query);

  auto resource = auth::canonicalized_resource(kAccount, target);
  auto lite = auth::canonicalized_resource_lite(kAccount, target);
  // Both read the same path and query: one cannot refuse what the other accepts.
  require(resource.ok() == lite.ok(), "canonicalized_resource and _lite agree on what is valid");
  if (mark == std::string_view::npos) return 0;

  std::string reordered = std::string(target.substr(0, mark + 1)) + reversed_segments(query);
  auto reordered_resource = auth::canonicalized_resource(kAccount, reordered);
  // (b) a malformed escape is malformed in any position.
  require(resource.ok() == reordered_resource.ok(), "the order of the query parameters does not decide validity");
  if (resource.ok()) {
    // (b) parameters are sorted by name and repeated names' values sorted: order is irrelevant.
    require(*resource == *reordered_resource, "CanonicalizedResource does not depend on the parameter order");
  }
  return 0;
}
