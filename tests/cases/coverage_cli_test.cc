// `blobconform coverage`: per rule, the cases whose `covers` name it; a rule left without a case is
// flagged and the command exits 1.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

#include "tests/support/command.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

TEST(CoverageCommand, RemovingACasesCoversLeavesItsRuleUncovered) {
  testing::TempDir dir;
  fs::path cases = dir.path() / "cases";
  fs::copy(fs::path(BLOBCONFORM_SOURCE_DIR) / "cases", cases, fs::copy_options::recursive);
  auto before = testing::run_blobconform({"coverage", "--no-default-cases", "--cases", cases.string()});
  ASSERT_TRUE(before.exit_code == 0 || before.exit_code == 1) << before.output;

  // A rule that exactly one case covers.
  std::smatch match;
  static const std::regex single("(^|\n)([a-z0-9.-]+)  1 case\\(s\\): ([a-z0-9/-]+)\n");
  ASSERT_TRUE(std::regex_search(before.output, match, single)) << before.output;
  const std::string rule = match[2], case_id = match[3];
  EXPECT_EQ(before.output.find(rule + "  UNCOVERED"), std::string::npos);

  // Take the rule out of that case's covers.
  const std::string group = case_id.substr(0, case_id.rfind('/'));
  const std::string local = case_id.substr(case_id.rfind('/') + 1);
  fs::path file = cases / (group + ".json");
  json document = json::parse(testing::read_file(file));
  bool edited = false;
  for (auto& c : document["cases"]) {
    if (c["id"] != local) continue;
    auto& covers = c["covers"];
    covers.erase(std::remove(covers.begin(), covers.end(), json(rule)), covers.end());
    if (covers.empty()) c.erase("covers");
    edited = true;
  }
  ASSERT_TRUE(edited) << case_id;
  testing::write_file(file, document.dump(2));

  auto after = testing::run_blobconform({"coverage", "--no-default-cases", "--cases", cases.string()});
  EXPECT_EQ(after.exit_code, 1) << after.output;
  EXPECT_NE(after.output.find(rule + "  UNCOVERED"), std::string::npos) << after.output;
  EXPECT_NE(after.output.find(" uncovered"), std::string::npos);
}

TEST(CoverageCommand, EveryRuleOfTheProjectIsCovered) {
  auto result = testing::run_blobconform({"coverage"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.find("UNCOVERED"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace blobconform
