#include "harness/cases/schema_pattern.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "tests/support/command.h"

namespace blobconform::cases {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool found(std::string_view pattern, std::string_view subject) {
  auto compiled = SchemaPattern::compile(pattern);
  EXPECT_TRUE(compiled) << pattern;
  auto result = compiled->search(subject);
  EXPECT_TRUE(result) << pattern << " on " << subject << ": " << result.error().message;
  return result && *result;
}

TEST(SchemaPattern, SearchesAnywhereUnlessAnchored) {
  EXPECT_TRUE(found("b+", "abbc"));
  EXPECT_FALSE(found("^b+", "abbc"));
  EXPECT_TRUE(found("^a[b]+c$", "abbc"));
  EXPECT_FALSE(found("^[a-z]+$", ""));
  EXPECT_TRUE(found("", ""));
}

TEST(SchemaPattern, ReadsLikeEcmaScriptWhereTheGrammarsDiffer) {
  EXPECT_FALSE(found("^abc$", "abc\n")) << "$ is the end of the string only, as in ECMAScript";
  EXPECT_TRUE(found("^\\u0041$", "A")) << "\\uhhhh escapes, as in ECMAScript";
  EXPECT_TRUE(found("\\bshould\\b", "it should do"));
  EXPECT_FALSE(found("\\bshould\\b", "shoulder"));
  EXPECT_TRUE(found("^.$", "\xc3\xa9")) << ". is one code point";
  EXPECT_FALSE(found("^\\w$", "\xc3\xa9")) << "\\w is ASCII, as in ECMAScript";
}

TEST(SchemaPattern, AnInvalidPatternIsAnErrorNamingWhere) {
  auto compiled = SchemaPattern::compile("^[a-z");
  ASSERT_FALSE(compiled);
  EXPECT_NE(compiled.error().message.find("at offset 5"), std::string::npos) << compiled.error().message;
  EXPECT_FALSE(SchemaPattern::compile("(?<"));
}

TEST(SchemaPattern, ARunawaySearchIsAnErrorNotAHang) {
  auto compiled = SchemaPattern::compile("^(a|aa)+$");
  ASSERT_TRUE(compiled);
  auto result = compiled->search(std::string(80, 'a') + "b");
  ASSERT_FALSE(result) << "exponential backtracking must stop at the match limit";
  EXPECT_NE(result.error().message.find("limit"), std::string::npos) << result.error().message;
}

TEST(SchemaPattern, InvalidUtf8InTheSubjectIsSearchedNotAnError) {
  EXPECT_FALSE(found("^[a-z]+$", "ab\xff"));
  EXPECT_TRUE(found("ab", "\xff" "ab"));
}

// Every pattern of cases/schema/ finds the same strings as std::regex's ECMAScript grammar (what
// the schemas are written in) does, over every string and field name of the project's case files
// and some chosen edge cases: the two engines cannot drift apart silently.
void collect_patterns(const json& schema, std::set<std::string>& out) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items()) {
      if (key == "pattern" && value.is_string()) out.insert(value.get<std::string>());
      if (key == "patternProperties" && value.is_object())
        for (const auto& [name, sub] : value.items()) out.insert(name);
      collect_patterns(value, out);
    }
  } else if (schema.is_array()) {
    for (const auto& item : schema) collect_patterns(item, out);
  }
}

void collect_strings(const json& j, std::set<std::string>& out) {
  if (j.is_string()) out.insert(j.get<std::string>());
  if (j.is_object())
    for (const auto& [key, value] : j.items()) out.insert(key);
  if (j.is_object() || j.is_array())
    for (const auto& item : j) collect_strings(item, out);
}

TEST(SchemaPattern, EverySchemaPatternAgreesWithEcmaScriptOnTheProjectsStrings) {
  const fs::path root = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
  std::set<std::string> patterns, subjects = {"", "\n", "a\n", "should", "Should not", "shoulder", "test that",
                                              "TEST THAT x", "x-ms-version", "https://a b", "https://x\n",
                                              "latest\n", "2019-12-12", "\xc3\xa9", "a/b/", "/", "header:", "5xx"};
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    json document = json::parse(testing::read_file(entry.path()));
    if (entry.path().parent_path().filename() == "schema") collect_patterns(document, patterns);
    collect_strings(document, subjects);
  }
  ASSERT_GE(patterns.size(), 10u);
  ASSERT_GE(subjects.size(), 1000u);
  for (const auto& pattern : patterns) {
    auto compiled = SchemaPattern::compile(pattern);
    ASSERT_TRUE(compiled) << pattern;
    std::regex ecmascript(pattern, std::regex::ECMAScript);
    size_t matched = 0;
    for (const auto& subject : subjects) {
      auto result = compiled->search(subject);
      ASSERT_TRUE(result) << pattern << " on " << subject;
      ASSERT_EQ(*result, std::regex_search(subject, ecmascript)) << "pattern " << pattern << " on \"" << subject << "\"";
      matched += *result;
    }
    EXPECT_GT(matched, 0u) << pattern << " matched none of the strings: the comparison says little";
  }
}

}  // namespace
}  // namespace blobconform::cases
