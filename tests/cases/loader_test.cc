// load_catalog reads group files on several threads (harness/cases/per_file_threads.h): the catalog and the
// problems come out in file order, the same on every load.
#include "harness/cases/loader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "harness/cases/per_file_threads.h"
#include "tests/support/command.h"

namespace blobconform::cases {
namespace {

namespace fs = std::filesystem;

std::string group_file(const std::string& group, bool broken) {
  return R"({ "format": 1, "group": ")" + group + R"(", "description": "A group of the loader test.",
    "cases": [ { "id": "c", "description": "Abort on a blob that was never copied gets 409.", "level": "must",
      "tags": ["wrong-copy-id"], )" + (broken ? R"("levle": "must", )" : "") + R"(
      "setup": [ { "op": "create_container" } ],
      "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
      "expect": { "status": 409 } } ] })";
}

TEST(Loader, ManyFilesLoadInFileOrderWhateverTheThreads) {
  testing::TempDir dir;
  const fs::path cases = dir.path() / "cases";
  constexpr int kFiles = 10 * static_cast<int>(kFilesPerLoaderThread);  // enough for every thread
  for (int i = 0; i < kFiles; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "g%03d", i);
    testing::write_file(cases / "mine" / (std::string(name) + ".json"), group_file(std::string("mine/") + name, i % 7 == 3));
  }
  const LoadOptions options{{(fs::path(BLOBCONFORM_SOURCE_DIR) / "cases").string(), cases.string()},
                            (fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "schema").string()};
  std::string first;
  for (int round = 0; round < 5; ++round) {
    Problems problems;
    Catalog catalog = load_catalog(options, problems);
    std::string seen;
    std::string previous;
    for (const auto& group : catalog.groups) {
      seen += group->name + "\n";
      if (group->name.rfind("mine/", 0) == 0) {
        EXPECT_LT(previous, group->name) << "groups out of file order";
        previous = group->name;
      }
    }
    std::string last_problem_file;
    for (const auto& problem : problems) {
      seen += to_string(problem) + "\n";
      EXPECT_LE(last_problem_file, problem.file) << "problems out of file order";
      last_problem_file = problem.file;
    }
    EXPECT_EQ(problems.size(), static_cast<size_t>((kFiles - 3 + 6) / 7)) << seen;  // files 3, 10, 17, ...
    EXPECT_NE(seen.find("mine/g003.json: /cases/0: unknown field \"levle\""), std::string::npos) << seen;
    if (round == 0) first = seen;
    EXPECT_EQ(seen, first) << "load " << round << " differs from the first";
  }
}

}  // namespace
}  // namespace blobconform::cases
