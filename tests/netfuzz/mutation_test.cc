// The network fuzzer's draws and mutations: deterministic, and always a buildable request.
#include <gtest/gtest.h>

#include <set>

#include "harness/cases/loader.h"
#include "harness/cases/variables.h"
#include "harness/netfuzz/mutation.h"

namespace blobconform::netfuzz {
namespace {

// The project's operations, which the base requests are built from.
const cases::Catalog& project() {
  static const cases::Catalog catalog = [] {
    const std::string cases_dir = std::string(BLOBCONFORM_SOURCE_DIR) + "/cases";
    cases::Problems problems;
    auto loaded = cases::load_catalog({{}, cases_dir + "/schema", {cases_dir}}, problems);
    EXPECT_TRUE(problems.empty());
    return loaded;
  }();
  return catalog;
}

cases::Step base(BaseOp op, bool pending = false) {
  auto step = base_step(op, pending, project());
  EXPECT_TRUE(step) << (step ? "" : step.error().message);
  return step ? *step : cases::Step{};
}

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
  EXPECT_EQ(kinds.size(), 31u);
  EXPECT_EQ(ops.size(), kBaseOps);
  EXPECT_GT(after, 300u);
}

// Whatever is applied, the step's templates stay intact: a mutation never adds "{{".
TEST(Mutation, EveryVariantKeepsTheTemplatesWellFormed) {
  for (uint64_t i = 0; i < 3000; ++i) {
    auto d = draw(5, i);
    auto step = base(d.op, d.second_destination);
    for (const auto& m : d.mutations) apply(m, step);
    auto check = [&](const std::string& text) {
      EXPECT_TRUE(cases::referenced_names(text).ok()) << describe(d.mutations.front()) << ": " << text.substr(0, 80);
    };
    check(step.path);
    for (const auto& [name, value] : step.raw_query.value_or(cases::NamedValues{})) check(name + value);
    for (const auto& [name, value] : step.raw_headers) check(name + value);
  }
}

// Every base request is its operation's raw form: the template's query and headers, as the step's own.
TEST(Mutation, EachBaseRequestIsItsOperationInTheRawForm) {
  auto abort = base(BaseOp::Abort);
  EXPECT_EQ(abort.method, "PUT");
  EXPECT_EQ(abort.path, "/{{container}}/dst");
  EXPECT_EQ(*abort.raw_query, (cases::NamedValues{{"comp", "copy"}, {"copyid", "{{copy_id}}"}}));
  EXPECT_EQ(abort.raw_headers, (cases::NamedValues{{"x-ms-copy-action", "abort"}}));
  EXPECT_EQ((*base(BaseOp::Abort, true).raw_query)[1].second, "{{pending_copy_id}}");
  EXPECT_EQ(base(BaseOp::CopyBlob).raw_headers,
            (cases::NamedValues{{"x-ms-copy-source", "{{endpoint}}/{{container}}/src"}}));
  EXPECT_EQ(base(BaseOp::ListContainers).path, "/");
  EXPECT_EQ(*base(BaseOp::ListContainers).raw_query,
            (cases::NamedValues{{"comp", "list"}, {"prefix", "{{container}}"}}));
  EXPECT_EQ(base(BaseOp::SetMetadata).raw_headers, (cases::NamedValues{{"x-ms-meta-fuzz", "1"}}));
  for (size_t op = 0; op < kBaseOps; ++op) EXPECT_TRUE(base_step(static_cast<BaseOp>(op), false, project())) << op;
}

TEST(Mutation, NamesAndValuesOfQueryAndHeadersAlike) {
  auto step = base(BaseOp::Abort);
  apply({Kind::QueryValueCase, 1, 0}, step);  // variant 1: copyid
  EXPECT_EQ((*step.raw_query)[1].second, "{{copy_id|upper}}");
  apply({Kind::QueryNameEncoding, 0, 0}, step);  // variant 0: comp, its first letter escaped
  EXPECT_EQ((*step.raw_query)[0].first, "%63omp");
  apply({Kind::HeaderValueCase, 0, 0}, step);  // variant 0: x-ms-copy-action
  EXPECT_EQ(step.raw_headers[0], (std::pair<std::string, std::string>{"x-ms-copy-action", "ABORT"}));
  apply({Kind::HeaderValueLength, 1, 2048}, step);  // variant 1: x-ms-version, promoted whole
  ASSERT_EQ(step.raw_headers.size(), 2u);
  EXPECT_EQ(step.raw_headers[1].first, "x-ms-version");
  EXPECT_EQ(step.raw_headers[1].second.substr(0, 22), "{{version}}{{version}}");
  EXPECT_TRUE(cases::referenced_names(step.raw_headers[1].second).ok());
  apply({Kind::HeaderNameEncoding, 0, 0}, step);  // variant 0: "_" for "-" in x-ms-copy-action
  EXPECT_EQ(step.raw_headers.back().first, "x_ms_copy_action");
  apply({Kind::HeaderReorder, 0, 0}, step);
  EXPECT_EQ(step.raw_headers.front().first, "x_ms_copy_action");
}

TEST(Mutation, KnownMutationsDoWhatTheySay) {
  auto step = base(BaseOp::Abort);
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
