// Dates of the wire: round trips, and the years the clock can hold.
#include <gtest/gtest.h>

#include "harness/wire/http_date.h"

namespace blobconform::wire {
namespace {

TEST(HttpDate, RoundTripsBothFormats) {
  auto when = parse_rfc1123("Fri, 26 Jun 2015 23:39:12 GMT");
  ASSERT_TRUE(when);
  EXPECT_EQ(format_rfc1123(*when), "Fri, 26 Jun 2015 23:39:12 GMT");
  EXPECT_EQ(format_iso8601(*when), "2015-06-26T23:39:12Z");
  auto iso = parse_iso8601("2015-06-26T23:39:12Z");
  ASSERT_TRUE(iso);
  EXPECT_EQ(*iso, *when);
}

// The clock counts nanoseconds in 64 bits and ends in April 2262: a later year (the fuzzer's
// 3024-01-01, or SAS's usual "never" 9999-12-31) is refused instead of overflowing.
TEST(HttpDate, YearsPastTheClocksEndAreRefused) {
  EXPECT_TRUE(parse_iso8601("2261-12-31"));
  EXPECT_FALSE(parse_iso8601("2262-06-01"));
  EXPECT_FALSE(parse_iso8601("3024-01-01"));
  EXPECT_FALSE(parse_iso8601("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_rfc1123("Fri, 31 Dec 9999 23:59:59 GMT"));
  EXPECT_FALSE(resolve_time("9999-12-31", Clock::now()));
  EXPECT_FALSE(resolve_time("+99999d", Clock::now()));  // found by the http_dates fuzzer
  EXPECT_TRUE(resolve_time("+36500d", Clock::now()));
  auto refused = parse_iso8601("9999-12-31");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("out of range"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace blobconform::wire
