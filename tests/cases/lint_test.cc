// lint_catalog lints group files on several threads (harness/cases/per_file_threads.h): its
// problems come out in file and case order, a duplicate id just before the duplicate's own
// problems, the same on every lint.
#include "harness/cases/lint.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "harness/cases/loader.h"
#include "harness/cases/per_file_threads.h"
#include "tests/support/command.h"

namespace blobconform::cases {
namespace {

namespace fs = std::filesystem;

std::string one_case(const std::string& id, const std::string& copy_id) {
  return R"({ "id": ")" + id + R"(", "description": "Abort on a blob that was never copied gets 409.",
      "level": "must", "tags": ["wrong-copy-id"], "setup": [ { "op": "create_container" } ],
      "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": ")" + copy_id + R"(" } },
      "expect": { "status": 409 } })";
}

TEST(Lint, ManyFilesGiveTheirProblemsInFileAndCaseOrderWhateverTheThreads) {
  testing::TempDir dir;
  constexpr int kFiles = 10 * static_cast<int>(kFilesPerLoaderThread);  // enough for every thread
  std::string expected;  // the problems, in the order they must come
  for (int i = 0; i < kFiles; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "g%03d", i);
    const std::string group = std::string("mine/") + name, file = (dir.path() / (group + ".json")).string();
    bool unknown = i % 5 == 2, duplicate = i % 7 == 3;
    std::string cases = one_case("a", unknown ? "{{nope}}" : "{{uuid}}") + ", " + one_case(duplicate ? "a" : "b", "{{nope2}}");
    testing::write_file(file, R"({ "format": 1, "group": ")" + group +
                                  R"(", "description": "A group of the lint test.", "cases": [ )" + cases + " ] }");
    if (unknown) expected += file + ": /cases/0/request/args/copy_id: unknown variable \"{{nope}}\"\n";
    if (duplicate) expected += file + ": /cases/1/id: duplicate case id \"" + group + "/a\" (also in " + file + ")\n";
    expected += file + ": /cases/1/request/args/copy_id: unknown variable \"{{nope2}}\"\n";
  }
  Problems load_problems;
  Catalog catalog = load_catalog({{(fs::path(BLOBCONFORM_SOURCE_DIR) / "cases").string(), dir.path().string()},
                                  (fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "schema").string()},
                                 load_problems);
  ASSERT_TRUE(load_problems.empty()) << to_string(load_problems.front());
  for (int round = 0; round < 5; ++round) {
    std::string seen;
    for (const auto& problem : lint_catalog(catalog, {"2026-02-06"})) seen += to_string(problem) + "\n";
    ASSERT_EQ(seen, expected) << "lint " << round;
  }
}

}  // namespace
}  // namespace blobconform::cases
