// The minimizer against triggers whose minimal form is known.
#include <gtest/gtest.h>

#include "harness/netfuzz/minimizer.h"

namespace blobconform::netfuzz {
namespace {

bool has(const std::vector<Mutation>& ms, Kind kind) {
  for (const auto& m : ms) {
    if (m.kind == kind) return true;
  }
  return false;
}

TEST(Minimizer, KeepsOnlyTheMutationsTheFindingNeeds) {
  // The "server" fails only when both a bad escape and an obs-fold are present.
  std::vector<Mutation> drawn = {{Kind::QueryReorder, 0, 0}, {Kind::QueryBadEscape, 1, 0}, {Kind::Whitespace, 2, 0},
                                 {Kind::ObsFold, 0, 0}, {Kind::ManyHeaders, 0, 0}};
  size_t calls = 0;
  auto minimal = minimize(drawn, [&](const std::vector<Mutation>& candidate) {
    ++calls;
    return has(candidate, Kind::QueryBadEscape) && has(candidate, Kind::ObsFold);
  });
  ASSERT_EQ(minimal.size(), 2u);
  EXPECT_EQ(minimal[0].kind, Kind::QueryBadEscape);
  EXPECT_EQ(minimal[1].kind, Kind::ObsFold);
  EXPECT_LE(calls, kMaxMinimizeAttempts);
}

TEST(Minimizer, HalvesSizesWhileTheFindingStays) {
  // Fails from 3000 bytes up: 65536 halves to 4096, and 2048 no longer reproduces.
  std::vector<Mutation> drawn = {{Kind::QueryHugeValue, 0, 65536}};
  auto minimal = minimize(drawn, [](const std::vector<Mutation>& c) { return !c.empty() && c[0].size >= 3000; });
  ASSERT_EQ(minimal.size(), 1u);
  EXPECT_EQ(minimal[0].size, 4096u);
}

TEST(Minimizer, StopsAtItsBudgetAndNeverDropsTheLastMutation) {
  std::vector<Mutation> drawn = {{Kind::QueryDrop, 0, 0}, {Kind::QueryExtra, 0, 0}, {Kind::DateValue, 0, 0}};
  size_t calls = 0;
  auto minimal = minimize(drawn, [&](const std::vector<Mutation>&) { return ++calls, true; }, 1);
  EXPECT_EQ(calls, 1u);
  EXPECT_EQ(minimal.size(), 2u);
  auto always = minimize(drawn, [](const std::vector<Mutation>&) { return true; });
  EXPECT_EQ(always.size(), 1u);
}

}  // namespace
}  // namespace blobconform::netfuzz
