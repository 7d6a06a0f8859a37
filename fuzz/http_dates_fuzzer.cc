// wire::parse_rfc1123, parse_iso8601, parse_relative_offset, resolve_time, and the encodings
// percent_decode / base64_decode, each on the whole input.
// Oracles:
//  - format_rfc1123(parse_rfc1123(x)) parses back to the same time point (same for ISO 8601);
//  - resolve_time of "+…"/"-…" is now + parse_relative_offset, and of a long text parse_iso8601;
//  - base64_decode(base64_encode(base64_decode(x))) == base64_decode(x), and
//    base64_decode(base64_encode(x)) == x for any bytes x;
//  - percent_decode(percent_encode(x)) == x for any x, and percent_decode(x), encoded and
//    decoded again, is unchanged.
#include <chrono>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

// A fixed "now", so that a finding replays: 2024-01-01T00:00:00Z.
const wire::Clock::time_point kNow = wire::Clock::time_point(std::chrono::seconds(1704067200));

void check_dates(std::string_view text) {
  if (auto when = wire::parse_rfc1123(text)) {
    auto again = wire::parse_rfc1123(wire::format_rfc1123(*when));
    require(again.ok() && *again == *when, "format_rfc1123(parse_rfc1123(x)) parses to the same time");
  }
  auto iso = wire::parse_iso8601(text);
  if (iso) {
    auto again = wire::parse_iso8601(wire::format_iso8601(*iso));
    require(again.ok() && *again == *iso, "format_iso8601(parse_iso8601(x)) parses to the same time");
  }
  auto offset = wire::parse_relative_offset(text);
  auto resolved = wire::resolve_time(text, kNow);
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    // The header: a relative offset resolves against now.
    // ... and refuses offsets beyond 100 years, which would overflow the clock.
    bool within = offset.ok() && std::chrono::abs(*offset) <= std::chrono::hours(24 * 365 * 100);
    require(within == resolved.ok(), "resolve_time of +/- text fails exactly when the offset does or is beyond 100 years");
    if (within) require(*resolved == kNow + *offset, "resolve_time(+/-x) == now + parse_relative_offset(x)");
  } else if (text.size() >= 10) {
    require(iso.ok() == resolved.ok(), "resolve_time of a long text fails exactly when parse_iso8601 does");
    if (iso) require(*resolved == *iso, "resolve_time of an absolute time is parse_iso8601");
  }
}

void check_encodings(std::string_view text) {
  if (auto decoded = wire::base64_decode(text)) {
    auto again = wire::base64_decode(wire::base64_encode(*decoded));
    require(again.ok() && *again == *decoded, "base64_decode(base64_encode(base64_decode(x))) == base64_decode(x)");
  }
  auto round = wire::base64_decode(wire::base64_encode(text));
  require(round.ok() && *round == text, "base64_decode(base64_encode(x)) == x");

  auto percent = wire::percent_decode(wire::percent_encode(text));
  require(percent.ok() && *percent == text, "percent_decode(percent_encode(x)) == x");
  if (auto decoded = wire::percent_decode(text)) {
    auto again = wire::percent_decode(wire::percent_encode(*decoded));
    require(again.ok() && *again == *decoded, "a decoded text survives encode then decode");
    // Decoding never lengthens: each escape is three bytes for one.
    require(decoded->size() <= text.size(), "percent_decode never lengthens the text");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = blobconform::fuzz::as_text(data, size);
  check_dates(text);
  check_encodings(text);
  return 0;
}
