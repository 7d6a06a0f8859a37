#include "harness/check/version.h"

#include <gtest/gtest.h>

namespace blobconform::check {
namespace {

TEST(CompareVersions, OrdersByDate) {
  EXPECT_LT(compare_versions("2015-04-05", "2017-07-29"), 0);
  EXPECT_GT(compare_versions("2017-07-29", "2017-07-28"), 0);
  EXPECT_EQ(compare_versions("2017-07-29", "2017-07-29"), 0);
  EXPECT_LT(compare_versions("2009-09-19", "2026-06-06"), 0);
}

TEST(IsVersion, AcceptsDatesOnly) {
  EXPECT_TRUE(is_version("2017-07-29"));
  EXPECT_FALSE(is_version("latest"));
  EXPECT_FALSE(is_version("2017-7-29"));
  EXPECT_FALSE(is_version("2017-13-01"));
  EXPECT_FALSE(is_version("2017-00-10"));
  EXPECT_FALSE(is_version("2017-01-32"));
  EXPECT_FALSE(is_version("2017/01/02"));
  EXPECT_FALSE(is_version(""));
}

TEST(ParseWhen, GreaterOrEqual) {
  auto r = parse_when(">=2017-07-29");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(contains(*r, "2017-07-29"));
  EXPECT_TRUE(contains(*r, "2026-06-06"));
  EXPECT_FALSE(contains(*r, "2017-04-17"));
  EXPECT_EQ(describe(*r), ">=2017-07-29");
}

TEST(ParseWhen, Greater) {
  auto r = parse_when(">2015-01-01");
  ASSERT_TRUE(r);
  EXPECT_FALSE(contains(*r, "2015-01-01"));
  EXPECT_TRUE(contains(*r, "2015-01-02"));
  EXPECT_FALSE(contains(*r, "2014-12-31"));
}

TEST(ParseWhen, Less) {
  auto r = parse_when("<2015-02-21");
  ASSERT_TRUE(r);
  EXPECT_TRUE(contains(*r, "2015-02-20"));
  EXPECT_FALSE(contains(*r, "2015-02-21"));
  EXPECT_FALSE(contains(*r, "2017-07-29"));
}

TEST(ParseWhen, LessOrEqual) {
  auto r = parse_when("<=2015-02-21");
  ASSERT_TRUE(r);
  EXPECT_TRUE(contains(*r, "2015-02-21"));
  EXPECT_FALSE(contains(*r, "2015-02-22"));
}

TEST(ParseWhen, Equal) {
  auto r = parse_when("=2015-04-05");
  ASSERT_TRUE(r);
  EXPECT_TRUE(contains(*r, "2015-04-05"));
  EXPECT_FALSE(contains(*r, "2015-04-06"));
  EXPECT_FALSE(contains(*r, "2015-04-04"));
  EXPECT_EQ(describe(*r), "=2015-04-05");
}

TEST(ParseWhen, InclusiveRange) {
  auto r = parse_when("2012-02-12..2015-04-05");
  ASSERT_TRUE(r);
  EXPECT_TRUE(contains(*r, "2012-02-12"));
  EXPECT_TRUE(contains(*r, "2013-08-15"));
  EXPECT_TRUE(contains(*r, "2015-04-05"));
  EXPECT_FALSE(contains(*r, "2012-02-11"));
  EXPECT_FALSE(contains(*r, "2015-07-08"));
  EXPECT_EQ(describe(*r), "2012-02-12..2015-04-05");
}

TEST(ParseWhen, RejectsBadInput) {
  for (const char* bad : {"", ">=", "2017-07-29", "~2017-07-29", ">=2017-7-29", ">=latest",
                          "=>2017-07-29", "2015-04-05..2012-02-12", "2012-02-12..", "..2015-04-05",
                          ">=2017-07-29x", "2012-02-12...2015-04-05"}) {
    auto r = parse_when(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_NE(r.error().message.find("version range"), std::string::npos) << r.error().message;
    }
  }
}

TEST(Contains, NonDateVersionIsOutsideBoundedRanges) {
  auto r = parse_when(">=2017-07-29");
  ASSERT_TRUE(r);
  EXPECT_FALSE(contains(*r, "latest"));
  EXPECT_TRUE(contains(VersionRange{}, "anything"));
}

}  // namespace
}  // namespace blobconform::check
