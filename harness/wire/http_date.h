// Dates as the service writes them: RFC 1123 (headers) and ISO 8601 (SAS fields).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::wire {

using Clock = std::chrono::system_clock;

std::string format_rfc1123(Clock::time_point when);   // "Fri, 26 Jun 2015 23:39:12 GMT"
std::string format_iso8601(Clock::time_point when);   // "2015-06-26T23:39:12Z"

// Accepts exactly "Www, DD Mmm YYYY hh:mm:ss GMT".
Result<Clock::time_point> parse_rfc1123(std::string_view text);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDThh:mmZ" and "YYYY-MM-DDThh:mm:ssZ" (UTC only). Both parsers
// accept the years 1970 to 2261: the clock (64-bit nanoseconds) ends in April 2262.
Result<Clock::time_point> parse_iso8601(std::string_view text);

// A time relative to the harness clock: "+1h", "-5m", "30s", "+2d" (units s, m, h, d).
Result<std::chrono::seconds> parse_relative_offset(std::string_view text);

// A relative offset (see above) or an absolute ISO 8601 time, resolved against `now`.
Result<Clock::time_point> resolve_time(std::string_view text, Clock::time_point now);

}  // namespace blobconform::wire
