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

// A grounded must (case-format §2.1), or one that leaves its spec to the group's.
std::string one_case(const std::string& id, const std::string& copy_id, bool own_spec = true) {
  std::string spec = own_spec ? R"("spec": [ { "url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob#remarks",
      "quote": "Trying to abort a copy that has completed or failed results in 409 Conflict." } ], )"
                              : "";
  return R"({ "id": ")" + id + R"(", "description": "Abort on a blob that was never copied gets 409.",
      "level": "must", "tags": ["wrong-copy-id"], )" + spec + R"("setup": [ { "op": "create_container" } ],
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

// A `must` is a claim about Azure (case-format §2.1): only a recording, the front end's code or a
// current page quoted word for word carries it; `should` and `info` need none.
TEST(Lint, RefusesAMustThatNoEvidenceCarries) {
  const std::string learn = R"({ "url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob", "quote": "Q")";
  const std::string other = R"({ "url": "https://example.com/notes", "quote": "Q")";
  struct Row {
    const char* name;
    std::string level, spec;  // spec: the case's own, "" for none
    bool refused;
  } rows[] = {
      {"no spec at all", "must", "", true},
      {"a Microsoft page without evidence counts as doc", "must", learn + " }", false},
      {"another url without evidence", "must", other + " }", true},
      {"doc quoted word for word", "must", other + R"(, "evidence": "doc" })", false},
      {"doc summarized", "must", learn + R"(, "evidence": "doc", "summary": true })", true},
      {"an older revision of a page", "must", other + R"(, "evidence": "archived-doc" })", true},
      {"what an emulator does", "must", other + R"(, "evidence": "observed" })", true},
      {"a recording, summarized", "must", other + R"(, "evidence": "recorded", "summary": true })", false},
      {"the front end's code, summarized", "must", other + R"(, "evidence": "front-end", "summary": true })", false},
      {"one grounded entry among others", "must", other + R"(, "evidence": "observed" }, )" + other + R"(, "evidence": "recorded" })", false},
      {"should without evidence", "should", other + " }", false},
      {"info without evidence", "info", "", false},
  };
  for (const auto& row : rows) {
    testing::TempDir dir;
    std::string spec = row.spec.empty() ? "" : R"("spec": [ )" + row.spec + " ], ";
    testing::write_file((dir.path() / "mine" / "g.json").string(),
                        R"({ "format": 1, "group": "mine/g", "description": "A group of the lint test.", "cases": [ { "id": "a", )"
                        R"("description": "Abort on a blob that was never copied gets 409.", "level": ")" + row.level + R"(", )" + spec +
                            R"("setup": [ { "op": "create_container" } ], "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } }, )"
                            R"("expect": { "status": 409 } } ] })");
    Problems load_problems;
    Catalog catalog = load_catalog({{(fs::path(BLOBCONFORM_SOURCE_DIR) / "cases").string(), dir.path().string()},
                                    (fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "schema").string()},
                                   load_problems);
    ASSERT_TRUE(load_problems.empty()) << row.name << ": " << to_string(load_problems.front());
    std::string mine;
    for (const auto& problem : lint_catalog(catalog, {"2026-02-06"})) {
      if (problem.file.find("mine") != std::string::npos) mine += to_string(problem) + "\n";
    }
    if (row.refused) {
      EXPECT_NE(mine.find(row.spec.empty() ? ": /spec: a \"must\" needs" : ": /cases/0/spec: a \"must\" needs"), std::string::npos)
          << row.name << ": " << mine;
    } else {
      EXPECT_EQ(mine, "") << row.name;
    }
  }
}

// A case without its own spec is judged on its group's, and the problem names the group's.
TEST(Lint, AMustWithoutItsOwnSpecIsJudgedOnTheGroups) {
  for (bool grounded : {false, true}) {
    testing::TempDir dir;
    testing::write_file((dir.path() / "mine" / "g.json").string(),
                        std::string(R"({ "format": 1, "group": "mine/g", "description": "A group of the lint test.", )"
                                    R"("spec": [ { "url": "https://example.com/x", "quote": "Q", "evidence": ")") +
                            (grounded ? "recorded" : "observed") + R"(" } ], "cases": [ )" + one_case("a", "{{uuid}}", false) + " ] }");
    Problems load_problems;
    Catalog catalog = load_catalog({{(fs::path(BLOBCONFORM_SOURCE_DIR) / "cases").string(), dir.path().string()},
                                    (fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "schema").string()},
                                   load_problems);
    ASSERT_TRUE(load_problems.empty()) << to_string(load_problems.front());
    std::string mine;
    for (const auto& problem : lint_catalog(catalog, {"2026-02-06"})) {
      if (problem.file.find("mine") != std::string::npos) mine += to_string(problem) + "\n";
    }
    if (grounded) EXPECT_EQ(mine, "");
    else EXPECT_NE(mine.find("g.json: /spec: a \"must\" needs a spec entry with evidence \"recorded\", \"front-end\" or \"doc\" quoted word for word (it has: observed)"), std::string::npos) << mine;
  }
}

// A request over plain HTTP needs the capability that says where to send it, and never carries a
// run's token as it is (only with a claim changed, unsigned, or a token of its own).
TEST(Lint, ARequestOverPlainHttpRequiresItsEndpointAndNeverCarriesTheRunsToken) {
  struct Row {
    std::string requires_, auth;
    std::vector<std::string> problems;
  };
  const std::string needs = "/cases/0/request/scheme: a request with scheme \"http\" needs the case to require \"http-endpoint\"";
  const std::string in_clear = "/cases/0/request/auth: a request over plain HTTP would send a run's bearer token in clear";
  const std::vector<Row> rows = {
      {R"(["http-endpoint"])", R"({"bearer": {"claims": {"exp": "+30m"}}})", {}},
      {R"(["http-endpoint"])", R"({"bearer": {"token": "notajwt"}})", {}},
      {R"(["http-endpoint"])", R"({"shared-key": {}})", {}},
      {R"([])", R"({"bearer": {"claims": {"exp": "+30m"}}})", {needs}},
      {R"(["http-endpoint"])", R"({"bearer": {}})", {in_clear}},
      {R"(["http-endpoint"])", R"({"bearer": {"identity": "without-role"}})", {in_clear}},
  };
  for (const auto& row : rows) {
    testing::TempDir dir;
    testing::write_file((dir.path() / "mine" / "g.json").string(),
                        R"({ "format": 1, "group": "mine/g", "description": "A group of the lint test.", "cases": [
      { "id": "a", "description": "An abort over plain HTTP.", "level": "info", "tags": ["auth"], "requires": )" +
                            row.requires_ + R"(, "setup": [ { "op": "create_container" } ],
        "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" }, "scheme": "http", "auth": )" +
                            row.auth + R"( }, "expect": { "status": 403 } } ] })");
    Problems load_problems;
    Catalog catalog = load_catalog({{(fs::path(BLOBCONFORM_SOURCE_DIR) / "cases").string(), dir.path().string()},
                                    (fs::path(BLOBCONFORM_SOURCE_DIR) / "cases" / "schema").string()},
                                   load_problems);
    ASSERT_TRUE(load_problems.empty()) << to_string(load_problems.front());
    std::vector<std::string> mine;
    for (const auto& problem : lint_catalog(catalog, {"2026-02-06"})) {
      if (problem.file.find("mine") != std::string::npos) mine.push_back(to_string(problem));
    }
    ASSERT_EQ(mine.size(), row.problems.size()) << row.requires_ << " " << row.auth << ": " << (mine.empty() ? "" : mine[0]);
    for (size_t i = 0; i < mine.size(); ++i) EXPECT_NE(mine[i].find(row.problems[i]), std::string::npos) << mine[i];
  }
}

}  // namespace
}  // namespace blobconform::cases
