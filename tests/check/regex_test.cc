#include "harness/check/regex.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace blobconform::check {
namespace {

TEST(Regex, SearchesWithTheEcmaScriptGrammar) {
  EXPECT_TRUE(*regex_search("^[0-9a-f]{8}-", "0123abcd-0000"));
  EXPECT_FALSE(*regex_search("^abc$", "abc\n"));
  EXPECT_TRUE(*regex_search("b", "abc"));
}

TEST(Regex, AnInvalidPatternIsAnErrorEveryTime) {
  for (int i = 0; i < 2; ++i) {  // the second answer comes from the cache
    auto compiled = compile_regex("([a-z]");
    ASSERT_FALSE(compiled);
    EXPECT_EQ(compiled.error().message.rfind("invalid regular expression: ", 0), 0u) << compiled.error().message;
    EXPECT_FALSE(regex_search("([a-z]", "a"));
  }
}

TEST(Regex, APatternIsCompiledOnceAndSharedAcrossThreads) {
  const std::string pattern = "^x-ms-[a-z-]+$ (regex test)";
  auto first = compile_regex(pattern);
  ASSERT_TRUE(first);
  std::vector<const std::regex*> seen(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      auto again = compile_regex(pattern);
      seen[t] = again ? again->get() : nullptr;
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::regex* re : seen) EXPECT_EQ(re, first->get()) << "compiled again instead of taken from the cache";
}

}  // namespace
}  // namespace blobconform::check
