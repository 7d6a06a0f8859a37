// load_catalog reads group files on several threads (harness/cases/per_file_threads.h): the catalog and the
// problems come out in file order, the same on every load. And it reads every word the schema allows.
#include "harness/cases/loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>
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

namespace blobconform::cases {
namespace {

// The schema alone says which words are valid: the loader reads every one it allows into the model
// (level, outcome grade, auth scheme, on_mismatch), so no valid file can meet a gap.
TEST(Loader, ReadsEveryWordTheSchemaAllows) {
  const fs::path project = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
  nlohmann::json schema = nlohmann::json::parse(testing::read_file(project / "schema" / "case.schema.json"));
  const auto& defs = schema["$defs"];
  auto words = [](const nlohmann::json& def) {
    std::vector<std::string> out;
    if (def.contains("const")) out.push_back(def["const"]);
    if (def.contains("enum")) for (const auto& w : def["enum"]) out.push_back(w);
    for (const char* alternatives : {"oneOf", "anyOf"}) {
      if (!def.contains(alternatives)) continue;
      for (const auto& branch : def[alternatives]) {
        if (branch.contains("enum")) for (const auto& w : branch["enum"]) out.push_back(w);
      }
    }
    return out;
  };
  const auto levels = words(defs["level"]), grades = words(defs["outcome"]["properties"]["grade"]),
             schemes = words(defs["auth"]), on_mismatch = words(defs["onMismatch"]),
             evidence = words(defs["specRef"]["properties"]["evidence"]);
  ASSERT_EQ(levels.size(), 3u);
  ASSERT_EQ(evidence.size(), 5u);
  ASSERT_EQ(grades.size(), 4u);
  ASSERT_EQ(schemes.size(), 3u);
  ASSERT_EQ(on_mismatch.size(), 1u);

  nlohmann::json cases = nlohmann::json::array();
  for (size_t i = 0; i < std::max({levels.size(), grades.size(), schemes.size(), evidence.size()}); ++i) {
    cases.push_back({{"id", "c" + std::to_string(i)},
                     {"description", "A case of every word the schema allows."},
                     {"spec", {{{"url", "https://example.com/"}, {"quote", "Q"}, {"evidence", evidence[i % evidence.size()]},
                                {"summary", i % 2 == 0}}}},
                     {"level", levels[i % levels.size()]},
                     {"setup", {{{"op", "create_container"}, {"expect", {{"status", 201}}},
                                 {"on_mismatch", on_mismatch[0]}}}},
                     {"request", {{"op", "create_container"}, {"auth", schemes[i % schemes.size()]}}},
                     {"outcomes", {{{"grade", grades[i % grades.size()]}, {"expect", {{"status", 201}}}}}}});
  }
  testing::TempDir dir;
  testing::write_file(dir.path() / "mine" / "g.json",
                      nlohmann::json({{"format", 1}, {"group", "g"}, {"description", "Every word of the schema."}, {"cases", cases}}).dump());
  Problems problems;
  auto catalog = load_catalog({{(dir.path() / "mine").string()}, (project / "schema").string(), {project.string()}},
                              problems);
  ASSERT_TRUE(problems.empty()) << to_string(problems.front());
  std::set<std::string> read_levels, read_grades, read_evidence;
  size_t summaries = 0;
  std::set<int> read_schemes;
  for (const auto& group : catalog.groups) {
    for (const auto& c : group->cases) {
      read_levels.insert(std::to_string(static_cast<int>(c.level)));
      read_grades.insert(grade_name(c.outcomes.at(0).grade));
      read_schemes.insert(static_cast<int>(c.request.auth.scheme));
      EXPECT_TRUE(c.setup.at(0).inconclusive_on_mismatch);
      read_evidence.insert(evidence_name(c.spec.at(0).evidence));
      summaries += c.spec.at(0).summary;
    }
  }
  EXPECT_EQ(read_levels.size(), levels.size());  // each word its own value
  EXPECT_EQ(read_grades, std::set<std::string>(grades.begin(), grades.end()));
  EXPECT_EQ(read_schemes.size(), schemes.size());
  EXPECT_EQ(read_evidence, std::set<std::string>(evidence.begin(), evidence.end()));
  EXPECT_EQ(summaries, 3u);  // cases 0, 2 and 4 of 5
}

// auth.bearer: the run's token (no fields), its claims changed, or a literal token; a claim is text.
TEST(Loader, ReadsABearerAuthAndRefusesAClaimThatIsNoText) {
  const fs::path project = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
  auto group_with = [](const nlohmann::json& auth) {
    nlohmann::json c = {{"id", "c"}, {"description", "A bearer case."}, {"spec", {{{"url", "https://example.com/"}, {"quote", "Q"}}}},
                        {"level", "info"}, {"request", {{"op", "create_container"}, {"auth", auth}}},
                        {"expect", {{"status", 201}}}};
    return nlohmann::json({{"format", 1}, {"group", "g"}, {"description", "The bearer auth forms."}, {"cases", {c}}}).dump();
  };
  auto load_auth = [&](const nlohmann::json& auth, Problems& problems) {
    testing::TempDir dir;
    testing::write_file(dir.path() / "mine" / "g.json", group_with(auth));
    auto catalog = load_catalog({{(dir.path() / "mine").string()}, (project / "schema").string(), {project.string()}}, problems);
    return catalog.groups.empty() || catalog.groups[0]->cases.empty() ? AuthSpec{} : catalog.groups[0]->cases[0].request.auth;
  };
  Problems problems;
  auto run_token = load_auth({{"bearer", nlohmann::json::object()}}, problems);
  ASSERT_TRUE(problems.empty()) << to_string(problems.front());
  EXPECT_EQ(run_token.scheme, AuthSpec::Scheme::Bearer);
  EXPECT_TRUE(run_token.claims.empty());
  EXPECT_FALSE(run_token.token);
  auto changed = load_auth({{"bearer", {{"claims", {{"exp", "-1h"}, {"aud", "a"}}}}}}, problems);
  ASSERT_TRUE(problems.empty()) << to_string(problems.front());
  EXPECT_EQ(changed.claims, (std::map<std::string, std::string>{{"aud", "a"}, {"exp", "-1h"}}));
  auto literal = load_auth({{"bearer", {{"token", "notajwt"}}}}, problems);
  ASSERT_TRUE(problems.empty()) << to_string(problems.front());
  EXPECT_EQ(literal.token, "notajwt");
  load_auth({{"bearer", {{"claims", {{"exp", 5}}}}}}, problems);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(to_string(problems.front()).find("/cases/0/request/auth"), std::string::npos) << to_string(problems.front());
}

// The project's own corpus says what each of its spec entries is (case-format §2.1): none is left
// to the learn.microsoft.com default.
TEST(Corpus, EverySpecEntryStatesItsEvidence) {
  const fs::path project = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
  Problems problems;
  auto catalog = load_catalog({{project.string()}, (project / "schema").string()}, problems);
  ASSERT_TRUE(problems.empty()) << to_string(problems.front());
  size_t entries = 0;
  for (const auto& group : catalog.groups) {
    for (const auto& ref : group->spec) EXPECT_NE(ref.evidence, Evidence::Unstated) << group->file << ": /spec: " << ref.url;
    for (const auto& c : group->cases) {
      for (const auto& ref : c.spec) {
        ++entries;
        EXPECT_NE(ref.evidence, Evidence::Unstated) << c.id << ": " << ref.url;
      }
    }
  }
  EXPECT_GT(entries, 200u);
}

}  // namespace
}  // namespace blobconform::cases
