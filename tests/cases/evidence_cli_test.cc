// `blobconform evidence`: per group, the cases by level and by the strongest evidence their spec
// entries cite (case-format §2.1).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/command.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;

std::string a_case(const std::string& id, const std::string& level, const std::string& spec) {
  return R"({ "id": ")" + id + R"(", "description": "Abort on a blob that was never copied gets 409.", "level": ")" + level +
         R"(", )" + (spec.empty() ? "" : R"("spec": [ )" + spec + " ], ") +
         R"("setup": [ { "op": "create_container" } ], "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } }, )"
         R"("expect": { "status": 409 } })";
}

std::string entry(const std::string& evidence, bool summary = false) {
  return R"({ "url": "https://example.com/)" + evidence + R"(", "quote": "Q", "evidence": ")" + evidence + R"(")" +
         (summary ? R"(, "summary": true })" : " }");
}

TEST(EvidenceCommand, CountsEachCaseUnderItsStrongestEvidence) {
  testing::TempDir dir;
  testing::write_file(
      (dir.path() / "mine" / "g.json").string(),
      R"({ "format": 1, "group": "mine/g", "description": "A group of the evidence test.", )"
      R"("spec": [ { "url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob", "quote": "Q" } ], "cases": [ )" +
          a_case("a", "must", entry("observed") + ", " + entry("recorded", true)) + ", " +
          a_case("b", "must", entry("front-end") + ", " + entry("doc")) + ", " + a_case("c", "must", "") + ", " +
          a_case("d", "should", entry("archived-doc")) + ", " + a_case("e", "info", entry("observed")) + " ] }");
  auto result = testing::run_blobconform({"evidence", "--no-default-cases", "--cases", dir.path().string()});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  // must should info | recorded front-end doc archived-doc observed unstated | entries summaries
  // a: recorded; b: front-end; c: the group's learn.microsoft.com page, doc; d: archived-doc; e: observed.
  const std::string row = "mine/g      3      1      1  |        1         1   1            1        1        0  |       7          1";
  EXPECT_NE(result.output.find(row), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("total       3      1      1  |"), std::string::npos) << result.output;
}

TEST(EvidenceCommand, AMustNothingCarriesStopsItAtLint) {
  testing::TempDir dir;
  testing::write_file((dir.path() / "mine" / "g.json").string(),
                      R"({ "format": 1, "group": "mine/g", "description": "A group of the evidence test.", "cases": [ )" +
                          a_case("a", "must", entry("observed")) + " ] }");
  auto result = testing::run_blobconform({"evidence", "--no-default-cases", "--cases", dir.path().string()});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("g.json: /cases/0/spec: a \"must\" needs a spec entry"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace blobconform
