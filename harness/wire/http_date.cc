#include "harness/wire/http_date.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace blobconform::wire {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::tm to_utc(Clock::time_point when) {
  std::time_t t = Clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// Reads exactly `width` decimal digits at `at`; -1 on anything else.
int digits(std::string_view text, size_t at, size_t width) {
  if (at + width > text.size()) return -1;
  int value = 0;
  for (size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

constexpr int kLatestYear = 2261;

Result<Clock::time_point> from_fields(int year, int month, int day, int hour, int minute, int second,
                                      std::string_view text) {
  // The clock counts nanoseconds in 64 bits: it ends in April 2262.
  if (year < 1970 || year > kLatestYear || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return fail("date out of range: '" + std::string(text) + "'");
  }
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                     std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return fail("no such day: '" + std::string(text) + "'");
  return Clock::time_point(sys_days(ymd)) + hours(hour) + minutes(minute) + seconds(second);
}

}  // namespace

std::string format_rfc1123(Clock::time_point when) {
  std::tm tm = to_utc(when);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday].data(),
                tm.tm_mday, kMonths[tm.tm_mon].data(), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string format_iso8601(Clock::time_point when) {
  std::tm tm = to_utc(when);
  char buffer[80];  // room for any int the compiler imagines, so -Wformat-truncation stays quiet
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

Result<Clock::time_point> parse_rfc1123(std::string_view text) {
  // "Fri, 26 Jun 2015 23:39:12 GMT" is 29 characters.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT" || text[7] != ' ' ||
      text[11] != ' ' || text[16] != ' ' || text[19] != ':' || text[22] != ':') {
    return fail("not an RFC 1123 date: '" + std::string(text) + "'");
  }
  bool day_known = false;
  for (auto d : kDays) day_known |= text.substr(0, 3) == d;
  int month = 0;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (text.substr(8, 3) == kMonths[m]) month = static_cast<int>(m) + 1;
  }
  int day = digits(text, 5, 2), year = digits(text, 12, 4), hour = digits(text, 17, 2),
      minute = digits(text, 20, 2), second = digits(text, 23, 2);
  if (!day_known || month == 0 || day < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) {
    return fail("not an RFC 1123 date: '" + std::string(text) + "'");
  }
  return from_fields(year, month, day, hour, minute, second, text);
}

Result<Clock::time_point> parse_iso8601(std::string_view text) {
  if (text.size() < 10) return fail("not an ISO 8601 date (YYYY-MM-DD[Thh:mm[:ss]Z]): '" + std::string(text) + "'");
  int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') {
    return fail("not an ISO 8601 date (YYYY-MM-DD[Thh:mm[:ss]Z]): '" + std::string(text) + "'");
  }
  if (text.size() == 10) return from_fields(year, month, day, 0, 0, 0, text);
  int hour = digits(text, 11, 2), minute = digits(text, 14, 2);
  bool ok = text.size() >= 17 && text[10] == 'T' && text[13] == ':' && hour >= 0 && minute >= 0;
  if (ok && text.size() == 17 && text[16] == 'Z') return from_fields(year, month, day, hour, minute, 0, text);
  int second = digits(text, 17, 2);
  if (ok && text.size() == 20 && text[16] == ':' && second >= 0 && text[19] == 'Z') {
    return from_fields(year, month, day, hour, minute, second, text);
  }
  return fail("not an ISO 8601 UTC time (YYYY-MM-DD[Thh:mm[:ss]Z]): '" + std::string(text) + "'");
}

Result<std::chrono::seconds> parse_relative_offset(std::string_view text) {
  constexpr int64_t kMaxMagnitude = 100000;  // bounds the number before multiplying
  if (text.size() < 2) return fail("not a relative time (like +1h, -5m): '" + std::string(text) + "'");
  int sign = 1;
  size_t at = 0;
  if (text[0] == '+' || text[0] == '-') {
    sign = text[0] == '-' ? -1 : 1;
    at = 1;
  }
  int64_t magnitude = 0;
  size_t first_digit = at;
  for (; at + 1 < text.size(); ++at) {
    if (text[at] < '0' || text[at] > '9') break;
    magnitude = magnitude * 10 + (text[at] - '0');
    if (magnitude > kMaxMagnitude) return fail("relative time too large: '" + std::string(text) + "'");
  }
  if (at == first_digit || at + 1 != text.size()) {
    return fail("not a relative time (like +1h, -5m): '" + std::string(text) + "'");
  }
  int64_t unit = 0;
  switch (text[at]) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return fail("unknown time unit '" + std::string(1, text[at]) + "' (use s, m, h or d)");
  }
  return std::chrono::seconds(sign * magnitude * unit);
}

Result<Clock::time_point> resolve_time(std::string_view text, Clock::time_point now) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-' || text.size() < 10)) {
    auto offset = parse_relative_offset(text);
    if (!offset) return offset.error();
    // The clock (64-bit nanoseconds) ends in 2262: an offset of centuries would overflow it.
    constexpr std::chrono::seconds kMaxOffset = std::chrono::hours(24 * 365 * 100);
    if (*offset > kMaxOffset || *offset < -kMaxOffset) return fail("relative time beyond 100 years: '" + std::string(text) + "'");
    return now + *offset;
  }
  return parse_iso8601(text);
}

}  // namespace blobconform::wire
