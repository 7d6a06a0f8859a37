// Named setups and group defaults (case-format.md §9): what a use expands to, how defaults fill a
// case, and the load error for each way to get them wrong.
#include "harness/cases/named_setups.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "tests/support/command.h"

namespace blobconform::cases {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

NamedSetup setup_of(const std::string& text) {
  NamedSetups setups;
  Problems problems;
  read_named_setups(json::parse(R"({"s": )" + text + "}"), "setups.json", setups, problems);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : to_string(problems.front()));
  return setups.count("s") ? setups["s"] : NamedSetup{};
}

TEST(NamedSetups, ParamsTakeTheGivenValueElseTheDefault) {
  auto setup = setup_of(R"({ "params": { "body": "hello", "blob": "dst" },
    "steps": [ { "op": "put_blob", "args": { "blob": "{{with.blob}}-x", "body": "{{with.body}}" } } ] })");
  auto steps = instantiate_setup(setup, json{{"body", "other"}});
  ASSERT_TRUE(steps) << steps.error().message;
  EXPECT_EQ(*steps, json::parse(R"([ { "op": "put_blob", "args": { "blob": "dst-x", "body": "other" } } ])"));
  auto defaults = instantiate_setup(setup, json());
  ASSERT_TRUE(defaults);
  EXPECT_EQ((*defaults)[0]["args"]["body"], "hello");
}

TEST(NamedSetups, AWholePlaceholderTakesAnObjectAndANullLeavesTheField) {
  auto setup = setup_of(R"({ "params": { "metadata": null },
    "steps": [ { "op": "copy_blob", "args": { "blob": "dst", "source_blob": "src", "metadata": "{{with.metadata}}" },
                 "save": { "copy_id": "header:x-ms-copy-id" } } ] })");
  auto without = instantiate_setup(setup, json());
  ASSERT_TRUE(without) << without.error().message;
  EXPECT_FALSE((*without)[0]["args"].contains("metadata")) << without->dump();
  EXPECT_EQ((*without)[0]["save"]["copy_id"], "header:x-ms-copy-id");  // other text kept as written
  auto with = instantiate_setup(setup, json{{"metadata", {{"origin", "copy"}}}});
  ASSERT_TRUE(with);
  EXPECT_EQ((*with)[0]["args"]["metadata"], json({{"origin", "copy"}}));
}

TEST(NamedSetups, WrongUsesAreErrorsThatNameTheParam) {
  auto setup = setup_of(R"({ "params": { "metadata": null, "body": "hi" },
    "steps": [ { "op": "put_blob", "args": { "blob": "dst", "body": "{{with.body}} and {{with.metadata}}" } } ] })");
  auto unknown = instantiate_setup(setup, json{{"bodyy", "x"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "setup \"s\" has no param \"bodyy\" (its params: body, metadata)");
  auto inside_text = instantiate_setup(setup, json{{"metadata", {{"a", "b"}}}});
  ASSERT_FALSE(inside_text);
  EXPECT_NE(inside_text.error().message.find("param \"metadata\" of setup \"s\" is an object"), std::string::npos)
      << inside_text.error().message;
  EXPECT_FALSE(instantiate_setup(setup, json()));  // metadata not given, inside text
}

TEST(NamedSetups, APlaceholderThatNamesNoParamIsAProblemAtItsField) {
  NamedSetups setups;
  Problems problems;
  read_named_setups(json::parse(R"({ "s": { "params": { "body": "x" },
      "steps": [ { "op": "put_blob", "args": { "blob": "{{with.blb}}" } } ] } })"),
                    "mine/setups.json", setups, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(to_string(problems[0]),
            "mine/setups.json: /setups/s/steps/0/args/blob: {{with.blb}} names no param of setup \"s\" (declare it under params)");
  EXPECT_TRUE(setups.empty());
}

// A case folder of the test's own next to the project's definitions, loaded and linted.
struct Loaded {
  Catalog catalog;
  std::string problems;  // one per line
  const Case* find(const std::string& id) const {
    for (const auto& group : catalog.groups)
      for (const auto& c : group->cases)
        if (c.id == id) return &c;
    return nullptr;
  }
};

Loaded load(const std::map<std::string, std::string>& files) {
  testing::TempDir dir;
  for (const auto& [name, text] : files) testing::write_file(dir.path() / "mine" / name, text);
  const fs::path project = fs::path(BLOBCONFORM_SOURCE_DIR) / "cases";
  LoadOptions options{{(dir.path() / "mine").string()}, (project / "schema").string(), {project.string()}};
  Loaded out;
  Problems problems;
  out.catalog = load_catalog(options, problems);
  if (problems.empty()) problems = lint_catalog(out.catalog, LintOptions{});
  for (const auto& p : problems) {
    std::string text = to_string(p);
    out.problems += text.substr(text.find("mine/") == std::string::npos ? 0 : text.find("mine/")) + "\n";
  }
  return out;
}

// What the test groups' must cases rest on (case-format §2.1: a Microsoft page counts as doc).
const char* kSpec = R"("spec": [ { "url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob", "quote": "Q" } ], )";

std::string group(const std::string& extra, const std::string& cases) {
  return R"({ "format": 1, "group": "g", "description": "A group of the named setups test.", )" + std::string(kSpec) + extra +
         R"( "cases": [ )" + cases + " ] }";
}

const char* kAbort = R"({ "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{copy_id}}" } })";
const char* kAbortAnyId = R"({ "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } })";

TEST(GroupFiles, AUseExpandsInPlaceAndItsStepsAreNamedBelowIt) {
  auto loaded = load({{"g.json", group(R"("setups": { "copied-twice": { "params": { "second": "dst2" }, "steps": [
        { "use": "completed-copy" },
        { "op": "copy_blob", "args": { "blob": "{{with.second}}", "source_blob": "src" } } ] } },)",
                                       std::string(R"({ "id": "c", "description": "An abort of a completed copy gets 409.",
          "setup": [ { "op": "create_container" }, { "use": "copied-twice", "with": { "second": "other" } },
                     { "op": "put_blob", "args": { "blob": "x", "body": "y" } } ],
          "request": )") + kAbort + R"(, "expect": { "status": 409 },
          "then": [ { "use": "completed-copy-kept" } ] })")}});
  ASSERT_EQ(loaded.problems, "");
  const Case* c = loaded.find("g/c");
  ASSERT_NE(c, nullptr);
  std::vector<std::string> seen;
  for (const auto& step : c->setup) seen.push_back(step.pointer + " " + step.op);
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "/cases/0/setup/0 create_container",
                      "/cases/0/setup/1/steps/0/steps/0 create_container",
                      "/cases/0/setup/1/steps/0/steps/1 put_blob",
                      "/cases/0/setup/1/steps/0/steps/2 copy_blob",
                      "/cases/0/setup/1/steps/0/steps/3 get_blob_properties",
                      "/cases/0/setup/1/steps/1 copy_blob",
                      "/cases/0/setup/2 put_blob",
                  }));
  EXPECT_EQ(c->setup[5].args.at("blob"), "other");
  EXPECT_TRUE(c->setup[4].inconclusive_on_mismatch);
  ASSERT_EQ(c->then.size(), 1u);
  EXPECT_EQ(c->then[0].pointer, "/cases/0/then/0/steps/0");
}

// A use read once per file is the same for every case that makes it: each case's steps under its
// own pointers, a problem said for each case, and the nesting limit whatever came first.
TEST(GroupFiles, AUseReadAgainGivesEachCaseItsOwnStepsAndProblems) {
  auto twice = load({{"g.json", group("", std::string(R"({ "id": "a", "description": "An abort of a completed copy gets 409.",
          "setup": [ { "use": "completed-copy" } ], "request": )") + kAbort + R"(, "expect": { "status": 409 } },
        { "id": "b", "description": "An abort of a completed copy gets 409.",
          "setup": [ { "op": "create_container" }, { "use": "completed-copy" } ], "request": )" + kAbort +
                                               R"(, "expect": { "status": 409 } })")}});
  ASSERT_EQ(twice.problems, "");
  const Case* a = twice.find("g/a");
  const Case* b = twice.find("g/b");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->setup.size() + 1, b->setup.size());
  for (size_t i = 0; i < a->setup.size(); ++i) {
    EXPECT_EQ(a->setup[i].pointer, "/cases/0/setup/0/steps/" + std::to_string(i));
    EXPECT_EQ(b->setup[i + 1].pointer, "/cases/1/setup/1/steps/" + std::to_string(i));
    EXPECT_EQ(b->setup[i + 1].op, a->setup[i].op);
  }

  std::string chain;  // s0 > s1 > ... > s8 > leaf: nine deep, one too many
  for (int i = 0; i < 9; ++i) chain += "\"s" + std::to_string(i) + "\": { \"steps\": [ { \"use\": \"s" + std::to_string(i + 1) + "\" } ] }, ";
  chain += R"("s9": { "steps": [ { "op": "create_container" } ] })";
  auto deep = load({{"g.json", group(R"("setups": { )" + chain + " },",
                                     std::string(R"({ "id": "shallow", "description": "Abort gets 409 after a shallow use.",
          "setup": [ { "use": "s2" } ], "request": )") + kAbortAnyId + R"(, "expect": { "status": 409 } },
        { "id": "deep", "description": "Abort gets 409 after a deep use.",
          "setup": [ { "use": "s0" } ], "request": )" + kAbortAnyId + R"(, "expect": { "status": 409 } })")}});
  EXPECT_NE(deep.problems.find("/cases/1/setup/0/steps/0/steps/0/steps/0/steps/0/steps/0/steps/0/steps/0/steps/0/use: "
                               "setups nest deeper than 8"),
            std::string::npos)
      << deep.problems;
}

TEST(GroupFiles, DefaultsFillWhatACaseLeavesOutAndACaseFieldReplacesThemWhole) {
  auto loaded = load({{"g.json", group(std::string(R"("defaults": { "level": "should", "tags": ["lease"],
        "setup": [ { "use": "completed-copy" } ], "request": )") + kAbort + R"(,
        "then": [ { "use": "completed-copy-kept" } ] },)",
                                       R"({ "id": "plain", "description": "An abort of a completed copy gets 409.",
            "expect": { "status": 409 } },
          { "id": "own", "description": "An abort of a completed copy gets 409 and nothing after.", "level": "must",
            "tags": ["sas"], "then": [], "expect": { "status": 409 } })")}});
  ASSERT_EQ(loaded.problems, "");
  const Case* plain = loaded.find("g/plain");
  const Case* own = loaded.find("g/own");
  ASSERT_TRUE(plain && own);
  EXPECT_EQ(plain->level, Level::Should);
  EXPECT_EQ(plain->tags, std::vector<std::string>{"lease"});
  EXPECT_EQ(plain->setup.size(), 4u);
  EXPECT_EQ(plain->setup[0].pointer, "/defaults/setup/0/steps/0");
  EXPECT_EQ(plain->request.op, "abort_copy");
  EXPECT_EQ(plain->request.pointer, "/defaults/request");
  EXPECT_EQ(plain->then.size(), 1u);
  EXPECT_EQ(plain->field_pointer("tags"), "/defaults/tags");
  EXPECT_EQ(own->level, Level::Must);
  EXPECT_EQ(own->tags, std::vector<std::string>{"sas"});
  EXPECT_TRUE(own->then.empty());
  EXPECT_EQ(own->setup.size(), 4u);
  EXPECT_EQ(own->field_pointer("tags"), "/cases/1/tags");
}

TEST(GroupFiles, AFolderSetupsFileServesEveryGroupAndAFileOwnSetupHidesIt) {
  auto loaded = load({
      {"setups.json", R"({ "setups": { "made": { "steps": [ { "op": "create_container" } ] } } })"},
      {"a.json", R"({ "group": "a", "description": "A group of the test.", )" + std::string(kSpec) + R"("cases": [ { "id": "c", "description": "Abort gets 404.",
          "setup": [ { "use": "made" } ], "request": )" +
                     std::string(kAbortAnyId) + R"(, "expect": { "status": 404 } } ] })"},
      {"b.json", R"({ "group": "b", "description": "A group of the test.", )" + std::string(kSpec) + R"(
          "setups": { "made": { "steps": [ { "op": "create_container" }, { "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ] } },
          "cases": [ { "id": "c", "description": "Abort gets 409.",
          "setup": [ { "use": "made" } ], "request": )" +
                     std::string(kAbortAnyId) + R"(, "expect": { "status": 409 } } ] })"},
  });
  ASSERT_EQ(loaded.problems, "");
  EXPECT_EQ(loaded.find("a/c")->setup.size(), 1u);
  EXPECT_EQ(loaded.find("b/c")->setup.size(), 2u);
}

TEST(GroupFiles, EachWrongUseOrDefaultIsAProblemThatNamesTheFieldAndTheReason) {
  struct Wrong {
    std::string extra, setup, problem;
  };
  const std::vector<Wrong> wrongs = {
      {"", R"([ { "use": "nowhere" } ])",
       "mine/g.json: /cases/0/setup/0/use: no setup named \"nowhere\" (in this file's \"setups\" or a case folder's setups.json)"},
      {"", R"([ { "use": "completed-copy", "with": { "metdata": { "a": "b" } } } ])",
       "mine/g.json: /cases/0/setup/0/with: setup \"completed-copy\" has no param \"metdata\" (its params: metadata)"},
      {R"("setups": { "loop": { "steps": [ { "use": "loop" } ] } },)", R"([ { "use": "loop" } ])",
       "mine/g.json: /cases/0/setup/0/steps/0/use: setup \"loop\" uses itself (through loop)"},
      {R"("setups": { "s0": { "steps": [ { "use": "s1" } ] }, "s1": { "steps": [ { "use": "s2" } ] },
          "s2": { "steps": [ { "use": "s3" } ] }, "s3": { "steps": [ { "use": "s4" } ] }, "s4": { "steps": [ { "use": "s5" } ] },
          "s5": { "steps": [ { "use": "s6" } ] }, "s6": { "steps": [ { "use": "s7" } ] }, "s7": { "steps": [ { "use": "s8" } ] },
          "s8": { "steps": [ { "op": "create_container" } ] } },)",
       R"([ { "use": "s0" } ])",
       "mine/g.json: /cases/0/setup/0/steps/0/steps/0/steps/0/steps/0/steps/0/steps/0/steps/0/steps/0/use: setups nest "
       "deeper than 8 (s0 > s1 > s2 > s3 > s4 > s5 > s6 > s7)"},
      // The steps a use expands to pass the schema as if written in place (a param cannot smuggle a value in).
      {R"("setups": { "raw-put": { "params": { "body": "x" },
          "steps": [ { "method": "PUT", "path": "/{{container}}/b", "body": "{{with.body}}" } ] } },)",
       R"([ { "use": "raw-put", "with": { "body": { "a": "b" } } } ])",
       "mine/g.json: /cases/0/setup/0/steps/0/body: expected a string, found an object"},
      {R"("defaults": { "covers": ["no.such-rule"] },)", "[]",
       "mine/g.json: /defaults/covers/0: unknown rule \"no.such-rule\" (not in rules.json)"},
      {R"("defaults": { "setup": [ { "op": "put_blob", "args": { "blob": "{{nothing}}" } } ] },)", "null",
       "mine/g.json: /defaults/setup/0/args/blob: unknown variable \"{{nothing}}\""},
      {R"("defaults": { "setupp": [] },)", "[]", "mine/g.json: /defaults: unknown field \"setupp\""},
      {R"("defaults": { "then": [ { "op": "get_blob_properties", "args": { "blob": "dst" },
          "expect": { "headers": { "etag": "{{nothing_here}}" } } } ] },)",
       "[]", "mine/g.json: /defaults/then/0/expect: unknown variable \"{{nothing_here}}\""},
  };
  for (const auto& wrong : wrongs) {
    std::string setup = wrong.setup == "null" ? "" : R"("setup": )" + wrong.setup + ",";
    std::string one = R"({ "id": "c1", "description": "Abort gets 409.", )" + setup + R"( "request": )" + kAbort +
                      R"(, "expect": { "status": 409 } })";
    std::string two = R"({ "id": "c2", "description": "Abort gets 409.", )" + setup + R"( "request": )" + kAbort +
                      R"(, "expect": { "status": 409 } })";
    auto loaded = load({{"g.json", group(wrong.extra, one + ", " + two)}});
    // A problem of the defaults is every case's, and reported once.
    EXPECT_NE(loaded.problems.find(wrong.problem), std::string::npos) << loaded.problems;
    EXPECT_EQ(loaded.problems.find(wrong.problem), loaded.problems.rfind(wrong.problem)) << loaded.problems;
  }
  std::string ten_uses_of_f1 = R"({ "use": "f1" })", twenty_steps = R"({ "op": "create_container" })";
  for (int i = 1; i < 10; ++i) ten_uses_of_f1 += R"(, { "use": "f1" })";
  for (int i = 1; i < 20; ++i) twenty_steps += R"(, { "op": "create_container" })";
  auto fan_out = load({{"g.json", group(R"("setups": { "f0": { "steps": [ )" + ten_uses_of_f1 + R"( ] },
      "f1": { "steps": [ { "use": "f2" }, { "use": "f2" }, { "use": "f2" }, { "use": "f2" }, { "use": "f2" },
                         { "use": "f2" }, { "use": "f2" }, { "use": "f2" }, { "use": "f2" }, { "use": "f2" } ] },
      "f2": { "steps": [ )" + twenty_steps + R"( ] } },)",
                                        R"({ "id": "c", "description": "Abort gets 404.", "setup": [ { "use": "f0" } ],
        "request": )" + std::string(kAbortAnyId) + R"(, "expect": { "status": 404 } })")}});
  EXPECT_NE(fan_out.problems.find("the list expands to more than 1000 steps"), std::string::npos) << fan_out.problems;
  EXPECT_EQ(fan_out.problems.find("the list expands"), fan_out.problems.rfind("the list expands")) << fan_out.problems;
  auto no_request = load({{"g.json", group("", R"({ "id": "c", "description": "Abort gets 409.", "expect": { "status": 409 } })")}});
  EXPECT_EQ(no_request.problems,
            "mine/g.json: /cases/0: missing required field \"request\" (in the case or the group's \"defaults\")\n");
}

}  // namespace
}  // namespace blobconform::cases
