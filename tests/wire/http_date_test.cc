#include <gtest/gtest.h>

#include "harness/wire/http_date.h"

namespace blobconform::wire {
namespace {

Clock::time_point at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  using namespace std::chrono;
  return Clock::time_point(sys_days(year_month_day{year(y), month(m), day(d)})) + hours(hh) + minutes(mm) + seconds(ss);
}

TEST(HttpDate, FormatsRfc1123AndIso8601) {
  EXPECT_EQ(format_rfc1123(at(2015, 6, 26, 23, 39, 12)), "Fri, 26 Jun 2015 23:39:12 GMT");
  EXPECT_EQ(format_iso8601(at(2015, 6, 26, 0, 0, 0)), "2015-06-26T00:00:00Z");
}

TEST(HttpDate, ParsesRfc1123Exactly) {
  auto parsed = parse_rfc1123("Fri, 26 Jun 2015 23:39:12 GMT");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, at(2015, 6, 26, 23, 39, 12));
  EXPECT_FALSE(parse_rfc1123("Fri, 26 Jun 2015 23:39:12 UTC").ok());
  EXPECT_FALSE(parse_rfc1123("2015-06-26T23:39:12Z").ok());
  EXPECT_FALSE(parse_rfc1123("Fri, 31 Feb 2015 23:39:12 GMT").ok());
  EXPECT_FALSE(parse_rfc1123("").ok());
}

TEST(HttpDate, ParsesIso8601Forms) {
  EXPECT_EQ(*parse_iso8601("2015-06-26"), at(2015, 6, 26, 0, 0, 0));
  EXPECT_EQ(*parse_iso8601("2015-06-26T01:02Z"), at(2015, 6, 26, 1, 2, 0));
  EXPECT_EQ(*parse_iso8601("2015-06-26T01:02:03Z"), at(2015, 6, 26, 1, 2, 3));
  EXPECT_FALSE(parse_iso8601("2015-06-26T01:02:03+01:00").ok());
  EXPECT_FALSE(parse_iso8601("2015-13-26").ok());
  EXPECT_FALSE(parse_iso8601("2015").ok());
}

TEST(HttpDate, RelativeOffsets) {
  EXPECT_EQ(*parse_relative_offset("+1h"), std::chrono::seconds(3600));
  EXPECT_EQ(*parse_relative_offset("-5m"), std::chrono::seconds(-300));
  EXPECT_EQ(*parse_relative_offset("30s"), std::chrono::seconds(30));
  EXPECT_EQ(*parse_relative_offset("+2d"), std::chrono::seconds(172800));
  EXPECT_FALSE(parse_relative_offset("+1y").ok());
  EXPECT_FALSE(parse_relative_offset("+h").ok());
  EXPECT_FALSE(parse_relative_offset("+99999999999h").ok());
  auto now = at(2020, 1, 1, 0, 0, 0);
  EXPECT_EQ(*resolve_time("-20m", now), now - std::chrono::minutes(20));
  EXPECT_EQ(*resolve_time("2015-06-26T00:00:00Z", now), at(2015, 6, 26, 0, 0, 0));
}

}  // namespace
}  // namespace blobconform::wire
