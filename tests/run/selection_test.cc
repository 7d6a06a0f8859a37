#include <gtest/gtest.h>

#include "harness/run/selection.h"

namespace blobconform::run {
namespace {

TEST(Glob, StarStaysWithinASegment) {
  EXPECT_TRUE(glob_matches("abort-copy/lease/*", "abort-copy/lease/no-id"));
  EXPECT_FALSE(glob_matches("abort-copy/*", "abort-copy/lease/no-id"));
  EXPECT_TRUE(glob_matches("abort-copy/*/no-id", "abort-copy/lease/no-id"));
}

TEST(Glob, DoubleStarCrossesSegments) {
  EXPECT_TRUE(glob_matches("abort-copy/**", "abort-copy/lease/no-id@2015-04-05"));
  EXPECT_TRUE(glob_matches("**/no-id*", "abort-copy/lease/no-id@latest"));
  EXPECT_FALSE(glob_matches("sas/**", "abort-copy/lease/no-id"));
}

TEST(Glob, ManyStarsMatchAsFewDo) {
  std::string stars(90, '*');  // backtracking took exponential time on this (found by the selection fuzzer)
  EXPECT_FALSE(run::glob_matches("ab" + stars + "rt", "abort-copy-/lea/x"));
  EXPECT_TRUE(run::glob_matches("ab" + stars + "/lea/x", "abort-copy-/lea/x"));
  EXPECT_FALSE(run::glob_matches("a*b*c*d", "a/b/c/d"));
  EXPECT_TRUE(run::glob_matches("a**b*c*d", "a/x/bxcyd"));
  EXPECT_TRUE(run::glob_matches("***", "a/b"));
  EXPECT_TRUE(run::glob_matches("", ""));
  EXPECT_FALSE(run::glob_matches("", "a"));
}

TEST(Glob, QuestionMarkAndLiterals) {
  EXPECT_TRUE(glob_matches("a?c", "abc"));
  EXPECT_FALSE(glob_matches("a?c", "a/c"));
  EXPECT_FALSE(glob_matches("abc", "abcd"));
  EXPECT_TRUE(glob_matches("", ""));
}

class SelectionTest : public ::testing::Test {
 protected:
  SelectionTest() {
    group.name = "abort-copy/lease";
    cases::Case a;
    a.group = &group;
    a.id = "abort-copy/lease/a";
    a.tags = {"lease"};
    cases::Case b = a;
    b.id = "abort-copy/lease/b";
    b.tags = {"lease", "version"};
    b.versions = {"2015-04-05", "latest"};
    group.cases = {a, b};
    catalog_instances();
  }
  void catalog_instances() {
    for (const auto& c : group.cases) {
      if (c.versions.empty()) all.push_back({&c, c.id, "", "2026-06-06"});
      for (const auto& v : c.versions) all.push_back({&c, c.id + "@" + v, v, v == "latest" ? "2026-06-06" : v});
    }
  }
  std::vector<std::string> ids(const Selection& s) {
    std::vector<std::string> out;
    for (const auto& i : select_instances(all, s)) out.push_back(i.id);
    return out;
  }
  cases::Group group;
  std::vector<Instance> all;
};

TEST_F(SelectionTest, EverythingByDefault) {
  EXPECT_EQ(ids({}), (std::vector<std::string>{"abort-copy/lease/a", "abort-copy/lease/b@2015-04-05",
                                               "abort-copy/lease/b@latest"}));
}

TEST_F(SelectionTest, ACaseIdSelectsAllItsVersions) {
  EXPECT_EQ(ids({{"abort-copy/lease/b"}, {}}),
            (std::vector<std::string>{"abort-copy/lease/b@2015-04-05", "abort-copy/lease/b@latest"}));
}

TEST_F(SelectionTest, LeadingMinusExcludes) {
  EXPECT_EQ(ids({{"abort-copy/**", "-**@latest"}, {}}),
            (std::vector<std::string>{"abort-copy/lease/a", "abort-copy/lease/b@2015-04-05"}));
}

TEST_F(SelectionTest, TagsAreAnyOf) {
  EXPECT_EQ(ids({{}, {"version", "sas"}}),
            (std::vector<std::string>{"abort-copy/lease/b@2015-04-05", "abort-copy/lease/b@latest"}));
  EXPECT_TRUE(ids({{}, {"sas"}}).empty());
}

TEST_F(SelectionTest, ShardsPartitionTheSelection) {
  auto first = shard_instances(all, 1, 2), second = shard_instances(all, 2, 2);
  ASSERT_EQ(first.size() + second.size(), all.size());
  EXPECT_EQ(first[0].id, "abort-copy/lease/a");
  EXPECT_EQ(second[0].id, "abort-copy/lease/b@2015-04-05");
  EXPECT_EQ(first[1].id, "abort-copy/lease/b@latest");
  EXPECT_EQ(shard_instances(all, 1, 1).size(), all.size());
}

TEST(Shard, ParsesIOverN) {
  auto parsed = parse_shard("2/3");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->first, 2u);
  EXPECT_EQ(parsed->second, 3u);
  for (const char* bad : {"0/3", "4/3", "1/0", "a/b", "1", "/3", "1/", "1/3/4"}) {
    EXPECT_FALSE(parse_shard(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace blobconform::run
