// The network fuzzer's draws and mutations: deterministic, and always a buildable request.
#include <gtest/gtest.h>

#include <set>

#include "harness/cases/variables.h"
#include "harness/netfuzz/mutation.h"

namespace blobconform::netfuzz {
namespace {

bool same(const Draw& a, const Draw& b) {
  if (a.op != b.op || a.after_signing != b.after_signing || a.mutations.size() != b.mutations.size()) return false;
  for (size_t i = 0; i < a.mutations.size(); ++i) {
    if (a.mutations[i].kind != b.mutations[i].kind || a.mutations[i].variant != b.mutations[i].variant ||
        a.mutations[i].size != b.mutations[i].size) {
      return false;
    }
  }
  return true;
}

TEST(Draw, TheSameSeedAndIndexGiveTheSameDrawAndOtherSeedsDiffer) {
  size_t differ = 0;
  for (uint64_t i = 0; i < 200; ++i) {
    EXPECT_TRUE(same(draw(42, i), draw(42, i))) << i;
    differ += !same(draw(42, i), draw(43, i));
    EXPECT_GE(draw(42, i).mutations.size(), 1u);
    EXPECT_LE(draw(42, i).mutations.size(), kMaxMutationsPerRequest);
  }
  EXPECT_GT(differ, 150u);
}

TEST(Draw, EveryKindAndBaseOperationComesUp) {
  std::set<Kind> kinds;
  std::set<BaseOp> ops;
  size_t after = 0;
  for (uint64_t i = 0; i < 2000; ++i) {
    auto d = draw(1, i);
    ops.insert(d.op);
    after += d.after_signing;
    for (const auto& m : d.mutations) kinds.insert(m.kind);
  }
  EXPECT_EQ(kinds.size(), 23u);
  EXPECT_EQ(ops.size(), 3u);
  EXPECT_GT(after, 300u);
}

// Whatever is applied, the step's templates stay intact: a mutation never adds "{{".
TEST(Mutation, EveryVariantKeepsTheTemplatesWellFormed) {
  for (uint64_t i = 0; i < 3000; ++i) {
    auto d = draw(5, i);
    auto step = base_step(d.op, d.op == BaseOp::Abort ? "dst" : "scratch");
    for (const auto& m : d.mutations) apply(m, step);
    auto check = [&](const std::string& text) {
      EXPECT_TRUE(cases::referenced_names(text).ok()) << describe(d.mutations.front()) << ": " << text.substr(0, 80);
    };
    check(step.path);
    for (const auto& [name, value] : *step.raw_query) check(name + value);
    for (const auto& [name, value] : step.raw_headers) check(name + value);
  }
}

TEST(Mutation, KnownMutationsDoWhatTheySay) {
  auto step = base_step(BaseOp::Abort, "dst");
  apply({Kind::QueryBadEscape, 1, 0}, step);  // variant 1: "%4"
  EXPECT_EQ((*step.raw_query)[1].second, "{{copy_id}}%4");
  apply({Kind::HeaderRemove, 0, 0}, step);  // variant 0: x-ms-version, a header the builder adds
  ASSERT_EQ(step.headers.size(), 1u);
  EXPECT_EQ(step.headers[0].first, "x-ms-version");
  EXPECT_FALSE(step.headers[0].second);
  apply({Kind::QueryHugeValue, 0, 1024}, step);
  EXPECT_EQ((*step.raw_query)[0].second.size(), 1024u);
  apply({Kind::ObsFold, 0, 0}, step);
  EXPECT_EQ(step.raw_headers.front().second, "abort\r\n continued");
  EXPECT_EQ(describe({Kind::QueryHugeValue, 3, 8192}), "QueryHugeValue#3(8192)");
}

}  // namespace
}  // namespace blobconform::netfuzz
