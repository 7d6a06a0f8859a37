// The JSON Schema subset validator (harness/cases/json_schema.h), keyword by keyword, and the
// project's schemas against the project's own case files.
#include "harness/cases/json_schema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace blobconform::cases {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSource = BLOBCONFORM_SOURCE_DIR;

std::vector<SchemaProblem> check(const std::string& schema, const std::string& instance) {
  return validate_against_schema(json::parse(schema), json::parse(instance));
}

std::string describe(const std::vector<SchemaProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += "[" + p.pointer + ": " + p.reason + "] ";
  return out;
}

// Exactly one problem, at `pointer`, whose reason contains `words`.
void expect_one(const std::vector<SchemaProblem>& problems, const std::string& pointer, const std::string& words) {
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].pointer, pointer) << describe(problems);
  EXPECT_NE(problems[0].reason.find(words), std::string::npos) << describe(problems);
}

void expect_valid(const std::string& schema, const std::string& instance) {
  auto problems = check(schema, instance);
  EXPECT_TRUE(problems.empty()) << instance << ": " << describe(problems);
}

json read_json(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// ---------------------------------------------------------------------------------------------
// Keywords

TEST(JsonSchemaKeywords, Type) {
  expect_valid(R"({"type": "string"})", R"("x")");
  expect_one(check(R"({"type": "string"})", "5"), "", "expected a string, found an integer");
  expect_valid(R"({"type": "integer"})", "5");
  expect_valid(R"({"type": "integer"})", "5.0");
  expect_one(check(R"({"type": "integer"})", "5.5"), "", "expected an integer, found a number");
  expect_valid(R"({"type": "number"})", "5.5");
  expect_valid(R"({"type": ["string", "null"]})", "null");
  expect_one(check(R"({"type": ["string", "null"]})", "true"), "", "expected a string or null, found true/false");
  expect_valid(R"({"type": "object"})", "{}");
  expect_one(check(R"({"type": "array"})", "{}"), "", "expected an array, found an object");
  expect_valid(R"({"type": "boolean"})", "false");
}

TEST(JsonSchemaKeywords, PropertiesAndRequired) {
  const std::string schema = R"({"type": "object", "required": ["a"],
    "properties": {"a": {"type": "string"}, "b/c": {"type": "integer"}}})";
  expect_valid(schema, R"({"a": "x", "b/c": 1, "other": true})");
  expect_one(check(schema, R"({"b/c": 1})"), "", "missing required field \"a\"");
  // The pointer escapes "/" as "~1".
  expect_one(check(schema, R"({"a": "x", "b/c": "1"})"), "/b~1c", "expected an integer");
}

TEST(JsonSchemaKeywords, AdditionalPropertiesFalseNamesTheField) {
  const std::string schema = R"({"type": "object", "additionalProperties": false,
    "properties": {"op": {"type": "string"}, "args": {"type": "object"}}})";
  expect_valid(schema, R"({"op": "x"})");
  auto problems = check(schema, R"({"op": "x", "argz": {}})");
  expect_one(problems, "", "unknown field \"argz\"");
  EXPECT_NE(problems[0].reason.find("allowed: args, op"), std::string::npos) << describe(problems);
}

TEST(JsonSchemaKeywords, AdditionalPropertiesSchema) {
  const std::string schema = R"({"type": "object", "additionalProperties": {"type": ["string", "null"]}})";
  expect_valid(schema, R"({"a": "x", "b": null})");
  expect_one(check(schema, R"({"a": 1})"), "/a", "expected a string or null");
}

TEST(JsonSchemaKeywords, PatternProperties) {
  const std::string schema = R"({"type": "object", "additionalProperties": false,
    "patternProperties": {"^[a-z_]+$": {"type": "string"}}})";
  expect_valid(schema, R"({"copy_id": "x"})");
  expect_one(check(schema, R"({"copy_id": 1})"), "/copy_id", "expected a string");
  expect_one(check(schema, R"({"Copy-Id": "x"})"), "", "field name \"Copy-Id\" is not allowed (names must match ^[a-z_]+$)");
}

TEST(JsonSchemaKeywords, ItemsAndPrefixItems) {
  expect_valid(R"({"type": "array", "items": {"type": "integer"}})", "[1, 2]");
  expect_one(check(R"({"type": "array", "items": {"type": "integer"}})", R"([1, "2"])"), "/1", "expected an integer");
  const std::string pair = R"({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}],
    "items": {"type": "boolean"}})";
  expect_valid(pair, R"(["a", 1, true, false])");
  expect_one(check(pair, R"([1, 1])"), "/0", "expected a string");
  expect_one(check(pair, R"(["a", 1, 2])"), "/2", "expected true/false");
}

TEST(JsonSchemaKeywords, MinMaxItems) {
  const std::string schema = R"({"type": "array", "minItems": 2, "maxItems": 3})";
  expect_valid(schema, "[1, 2]");
  expect_one(check(schema, "[1]"), "", "must have at least 2 items (has 1)");
  expect_one(check(schema, "[1, 2, 3, 4]"), "", "must have at most 3 items (has 4)");
}

TEST(JsonSchemaKeywords, UniqueItems) {
  const std::string schema = R"({"type": "array", "uniqueItems": true})";
  expect_valid(schema, R"(["a", "b", 1, {"x": 1}])");
  expect_one(check(schema, R"(["a", "b", "a"])"), "/2", "repeats item 0");
  expect_one(check(schema, R"([{"x": [1]}, {"x": [1]}])"), "/1", "repeats item 0");
  expect_valid(R"({"type": "array", "uniqueItems": false})", "[1, 1]");
}

TEST(JsonSchemaKeywords, EnumAndConst) {
  expect_valid(R"({"enum": ["must", "should", "info"]})", R"("info")");
  expect_one(check(R"({"enum": ["must", "should", "info"]})", R"("may")"), "",
             "\"may\" is not one of \"must\", \"should\" or \"info\"");
  expect_valid(R"({"const": "inconclusive"})", R"("inconclusive")");
  expect_one(check(R"({"const": "inconclusive"})", R"("fail")"), "", "must be \"inconclusive\" (found \"fail\")");
  expect_valid(R"({"const": 1})", "1");
}

TEST(JsonSchemaKeywords, PatternIsSearchedNotAnchored) {
  expect_valid(R"({"pattern": "b+"})", R"("abbbc")");
  expect_one(check(R"({"pattern": "^[a-z0-9][a-z0-9-]*$"})", R"("Bad_Id")"), "",
             "\"Bad_Id\" does not match the pattern ^[a-z0-9][a-z0-9-]*$");
  // A pattern applies to strings only.
  expect_valid(R"({"pattern": "^x$"})", "5");
}

TEST(JsonSchemaKeywords, PatternOnAHugeStringIsAProblemNotACrash) {
  std::string huge(kMaxPatternSubjectBytes + 1, 'a');
  auto problems = validate_against_schema(json::parse(R"({"pattern": "^[a-z]*$"})"), json(huge));
  expect_one(problems, "", "too long to check");
}

TEST(JsonSchemaKeywords, MinMaxLengthCountCodePoints) {
  const std::string schema = R"({"type": "string", "minLength": 2, "maxLength": 3})";
  expect_valid(schema, R"("ab")");
  expect_valid(schema, "\"\xC3\xA9\xC3\xA9\xC3\xA9\"");  // three code points, six bytes
  expect_one(check(schema, R"("a")"), "", "must be at least 2 characters long (is 1)");
  expect_one(check(schema, R"("abcd")"), "", "must be at most 3 characters long (is 4)");
}

TEST(JsonSchemaKeywords, MinimumMaximum) {
  const std::string schema = R"({"type": "number", "minimum": 100, "maximum": 599})";
  expect_valid(schema, "100");
  expect_valid(schema, "599");
  expect_one(check(schema, "99"), "", "must be at least 100 (is 99)");
  expect_one(check(schema, "600.5"), "", "must be at most 599 (is 600.5)");
}

TEST(JsonSchemaKeywords, OneOfExactlyOne) {
  const std::string schema = R"({"oneOf": [{"title": "with a", "required": ["a"]}, {"title": "with b", "required": ["b"]}]})";
  expect_valid(schema, R"({"a": 1})");
  expect_one(check(schema, R"({"a": 1, "b": 2})"), "", "matches more than one alternative (with a; with b)");
  expect_one(check(schema, R"({})"), "",
             "needs one of: with a (missing required field \"a\"); or with b (missing required field \"b\")");
}

TEST(JsonSchemaKeywords, OneOfReportsTheClosestBranch) {
  const std::string schema = R"({"oneOf": [
    {"type": "object", "additionalProperties": false, "required": ["op"], "properties": {"op": {}, "args": {}}},
    {"type": "object", "additionalProperties": false, "required": ["method", "path"], "properties": {"method": {}, "path": {}}},
    {"title": "a name", "type": "string"}]})";
  expect_one(check(schema, R"({"op": "x", "argz": {}})"), "", "unknown field \"argz\"");
  expect_one(check(schema, R"({"method": "PUT"})"), "", "missing required field \"path\"");
  expect_one(check(schema, "5"), "", "expected alternative 1, alternative 2 or a name, found an integer");
}

TEST(JsonSchemaKeywords, OneOfPrefersTheBranchOfTheRightType) {
  const std::string schema = R"({"oneOf": [
    {"title": "a status code", "type": "integer", "minimum": 100},
    {"title": "a status class", "type": "string", "pattern": "^[1-5]xx$"}]})";
  expect_one(check(schema, R"("4XX")"), "", "does not match the pattern ^[1-5]xx$");
  expect_one(check(schema, "99"), "", "must be at least 100");
  expect_one(check(schema, "true"), "", "expected a status code or a status class, found true/false");
}

TEST(JsonSchemaKeywords, AnyOf) {
  const std::string schema = R"({"anyOf": [{"required": ["equals"]}, {"required": ["matches"]}]})";
  expect_valid(schema, R"({"equals": "x", "matches": "y"})");
  auto problems = check(schema, "{}");
  expect_one(problems, "", "needs one of");
  EXPECT_NE(problems[0].reason.find("\"matches\""), std::string::npos);
}

TEST(JsonSchemaKeywords, AllOf) {
  const std::string schema = R"({"allOf": [{"required": ["a"]}, {"required": ["b"]}]})";
  expect_valid(schema, R"({"a": 1, "b": 2})");
  auto problems = check(schema, "{}");
  ASSERT_EQ(problems.size(), 2u) << describe(problems);
  EXPECT_EQ(problems[0].reason, "missing required field \"a\"");
  EXPECT_EQ(problems[1].reason, "missing required field \"b\"");
}

TEST(JsonSchemaKeywords, Not) {
  const std::string schema = R"({"type": "string", "not": {"title": "the word \"should\"", "pattern": "\\bshould\\b"}})";
  expect_valid(schema, R"("Abort gets 409.")");
  expect_valid(schema, R"("Shoulder")");
  expect_one(check(schema, R"("Abort should get 409.")"), "", "not allowed: the word \"should\"");
  expect_one(check(R"({"not": {"type": "null"}})", "null"), "", "must not match the schema");
}

TEST(JsonSchemaKeywords, RefToDefs) {
  const std::string schema = R"({"$defs": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
    "type": "object", "properties": {"id": {"$ref": "#/$defs/id"}}})";
  expect_valid(schema, R"({"id": "abc"})");
  expect_one(check(schema, R"({"id": "ABC"})"), "/id", "does not match the pattern");
}

TEST(JsonSchemaKeywords, BooleanSchemas) {
  expect_valid("true", "5");
  expect_one(check(R"({"items": false})", "[1]"), "/0", "no value is allowed here");
}

// ---------------------------------------------------------------------------------------------
// The schema itself

TEST(JsonSchemaSchema, UnsupportedKeywordIsReportedAtTheRoot) {
  auto problems = check(R"({"type": "object", "properties": {"a": {"type": "string", "format": "uri"}}})", R"({"a": 1})");
  expect_one(problems, "", "schema: unsupported keyword \"format\" at #/properties/a/format");
  expect_one(check(R"({"if": {"type": "string"}})", "1"), "", "unsupported keyword \"if\"");
  expect_one(check(R"({"unevaluatedProperties": false})", "{}"), "", "unsupported keyword \"unevaluatedProperties\"");
}

TEST(JsonSchemaSchema, MalformedKeywordsAreReported) {
  expect_one(check(R"({"$ref": "#/definitions/x"})", "1"), "", "\"$ref\" must be \"#/$defs/<name>\"");
  expect_one(check(R"({"$defs": {}, "$ref": "#/$defs/missing"})", "1"), "", "\"$ref\"");
  expect_one(check(R"({"pattern": "(unclosed"})", "\"x\""), "", "invalid regular expression");
  expect_one(check(R"({"type": "text"})", "\"x\""), "", "\"type\" must be a type name");
  expect_one(check(R"({"required": "a"})", "{}"), "", "\"required\" must be a list of strings");
  expect_one(check(R"({"minItems": -1})", "[]"), "", "\"minItems\" must be a non-negative integer");
  expect_one(check(R"({"oneOf": []})", "1"), "", "\"oneOf\" must be a non-empty list");
  expect_one(check(R"("not a schema")", "1"), "", "a schema must be an object or true/false");
}

TEST(JsonSchemaSchema, DepthIsLimitedWithoutACrash) {
  const json schema = json::parse(R"({"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"})");
  json deep = json::array();
  for (int i = 0; i < 500; ++i) deep = json::array({deep});
  auto problems = validate_against_schema(schema, deep);
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].reason.find("nested too deeply"), std::string::npos) << describe(problems);
  // A $ref cycle that consumes no instance ends the same way.
  auto cycle = validate_against_schema(json::parse(R"({"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"})"), 1);
  ASSERT_FALSE(cycle.empty());
  EXPECT_NE(cycle[0].reason.find("nested too deeply"), std::string::npos) << describe(cycle);
}

// One SchemaValidator for many documents (the loader's use): each answer is the one a fresh
// validation gives, whatever came before; a valid document after an invalid one stays valid.
TEST(JsonSchemaValidator, OneValidatorForManyDocumentsAnswersEachAsAFreshOne) {
  const json schema = json::parse(R"({"type": "object", "required": ["a"], "additionalProperties": false,
      "properties": {"a": {"oneOf": [{"title": "a name", "type": "string", "pattern": "^[a-z]+$"},
                                     {"title": "a count", "type": "integer", "minimum": 0}]},
                     "b": {"type": "array", "items": {"enum": [1, 2]}, "uniqueItems": true}}})");
  const SchemaValidator validator(schema);
  EXPECT_TRUE(validator.schema_problems().empty());
  const char* documents[] = {R"({"a": "x"})", R"({"a": "X1"})", R"({"a": 3, "b": [1, 2]})", R"({"a": -1, "b": [2, 2]})",
                             R"({"b": [3]})", R"({"a": "y", "c": 1})", R"({"a": 0})", "[]"};
  for (int round = 0; round < 2; ++round) {
    for (const char* text : documents) {
      auto reused = validator.validate(json::parse(text));
      auto fresh = validate_against_schema(schema, json::parse(text));
      EXPECT_EQ(describe(reused), describe(fresh)) << text;
    }
  }
  EXPECT_TRUE(validator.validate(json::parse(R"({"a": 0})")).empty());
  expect_one(validator.validate(json::parse(R"({"a": "X1"})")), "/a", "does not match the pattern");
  // An invalid document gets every problem, not just the first the quick check stopped at.
  auto several = validator.validate(json::parse(R"({"a": -1, "b": [2, 2], "c": 1})"));
  EXPECT_EQ(several.size(), 3u) << describe(several);
}

TEST(JsonSchemaValidator, ABrokenSchemaIsReportedOnceAndByEveryValidation) {
  const SchemaValidator validator(json::parse(R"({"type": "object", "properties": {"a": {"pattern": "("}}})"));
  ASSERT_EQ(validator.schema_problems().size(), 1u) << describe(validator.schema_problems());
  EXPECT_NE(validator.schema_problems()[0].reason.find("schema: invalid regular expression"), std::string::npos);
  EXPECT_EQ(describe(validator.validate(json::object())), describe(validator.schema_problems()))
      << "a broken schema never passes a document";
}

// ---------------------------------------------------------------------------------------------
// The project's case schema

class CaseSchema : public ::testing::Test {
 protected:
  void SetUp() override { schema_ = read_json(kSource / "cases/schema/case.schema.json"); }

  // A valid group with one case; `edit` changes it before validation.
  static json group() {
    return json::parse(R"({
      "format": 1,
      "group": "abort-copy/example",
      "description": "A group used by the schema tests.",
      "spec": [{"url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob",
                "quote": "Trying to stop a copy operation by using an incorrect copy ID also results in a conflict error."}],
      "cases": [{
        "id": "wrong-id",
        "description": "A wrong copy id on a completed copy gets 409.",
        "level": "must",
        "tags": ["wrong-copy-id"],
        "covers": ["abort.copy-id-mismatch"],
        "versions": ["2015-04-05", "latest"],
        "let": {"wrong_id": "{{uuid}}"},
        "setup": [
          {"op": "create_container"},
          {"op": "put_blob", "args": {"blob": "src", "body": "hello", "metadata": {"k": "v"}}},
          {"op": "copy_blob", "args": {"blob": "dst", "source_blob": "src"},
           "save": {"copy_id": "header:x-ms-copy-id"}, "expect": {"status": 202},
           "poll": {"timeout_s": 30}, "on_mismatch": "inconclusive"},
          {"fixture": "pending_source", "action": "send", "bytes": 10}
        ],
        "request": {"op": "abort_copy", "args": {"blob": "dst", "copy_id": "{{wrong_id}}"},
                    "headers": {"x-ms-version": null}, "raw_headers": [["x-ms-meta-a", "1"]],
                    "auth": {"sas": {"kind": "service", "resource": "b", "permissions": "w"}}},
        "expect": [
          {"when": ">=2017-07-29", "status": 409, "error_code": ["CopyIdMismatch", "NoPendingCopyOperation"],
           "headers": {"x-ms-request-id": {"present": true}, "x-ms-version": "{{version}}"}},
          {"when": "<2017-07-29", "status": [409], "body": {"xml": {"Code": "CopyIdMismatch"}}}
        ],
        "then": [{"method": "HEAD", "path": "/{{container}}/dst", "expect": {"status": "2xx"}}]
      }]
    })");
  }

  std::vector<SchemaProblem> check_group(const json& g) { return validate_against_schema(schema_, g); }

  json schema_;
};

TEST_F(CaseSchema, TheExampleIsValid) {
  auto problems = check_group(group());
  EXPECT_TRUE(problems.empty()) << describe(problems);
}

TEST_F(CaseSchema, UnknownFieldInAStep) {
  json g = group();
  g["cases"][0]["setup"][1]["argz"] = json::object();
  auto problems = check_group(g);
  expect_one(problems, "/cases/0/setup/1", "unknown field \"argz\"");
  EXPECT_EQ(problems[0].reason.rfind("unknown field \"argz\"", 0), 0u) << describe(problems);
}

TEST_F(CaseSchema, UnknownFieldInACase) {
  json g = group();
  g["cases"][0]["levle"] = "must";
  expect_one(check_group(g), "/cases/0", "unknown field \"levle\"");
}

TEST_F(CaseSchema, MissingRequiredField) {
  json g = group();
  g["cases"][0].erase("description");
  expect_one(check_group(g), "/cases/0", "missing required field \"description\"");
  // "request" may come from the group's defaults (§9): the loader, not the schema, requires it.
  json h = group();
  h.erase("cases");
  expect_one(check_group(h), "", "missing required field \"cases\"");
}

TEST_F(CaseSchema, ExactlyOneOfExpectAndOutcomes) {
  json neither = group();
  neither["cases"][0].erase("expect");
  expect_one(check_group(neither), "/cases/0", "needs one of: a case with \"expect\"");
  json both = group();
  both["cases"][0]["outcomes"] = json::parse(R"([{"grade": "pass", "expect": {"status": 204}}])");
  expect_one(check_group(both), "/cases/0", "matches more than one alternative");
}

TEST_F(CaseSchema, WrongType) {
  json g = group();
  g["cases"][0]["expect"][0]["status"] = "409";
  expect_one(check_group(g), "/cases/0/expect/0/status", "\"409\" does not match the pattern ^[1-5]xx$");
  json h = group();
  h["cases"][0]["tags"] = "lease";
  expect_one(check_group(h), "/cases/0/tags", "expected an array, found a string");
  json k = group();
  k["cases"][0]["setup"][0] = "create_container";
  expect_one(check_group(k), "/cases/0/setup/0", "found a string");
  json s = group();
  s["cases"][0]["then"][0]["expect"]["status"] = true;
  expect_one(check_group(s), "/cases/0/then/0/expect/status",
             "expected a status code, a list of codes and classes or a status class, found true/false");
}

TEST_F(CaseSchema, BadIdPattern) {
  json g = group();
  g["cases"][0]["id"] = "Wrong_Id";
  expect_one(check_group(g), "/cases/0/id", "does not match the pattern ^[a-z0-9][a-z0-9-]*$");
}

TEST_F(CaseSchema, ShouldOrTestThatInADescription) {
  for (const char* text : {"Abort should get 409 on a completed copy.", "Test that abort gets 409 on a completed copy.",
                           "Abort SHOULD get 409 on a completed copy."}) {
    json g = group();
    g["cases"][0]["description"] = text;
    expect_one(check_group(g), "/cases/0/description", "not allowed: the words \"should\" or \"test that\"");
  }
  json ok = group();
  ok["cases"][0]["description"] = "The shoulder of the request is tested: that is fine.";
  EXPECT_TRUE(check_group(ok).empty());
}

TEST_F(CaseSchema, StepDetails) {
  json g = group();
  g["cases"][0]["request"]["poll"] = json::parse(R"({"timeout_s": 5})");
  expect_one(check_group(g), "/cases/0/request", "unknown field \"poll\"");
  json h = group();
  h["cases"][0]["setup"][2]["on_mismatch"] = "fail";
  expect_one(check_group(h), "/cases/0/setup/2/on_mismatch", "must be \"inconclusive\"");
  json k = group();
  k["cases"][0]["request"]["auth"]["sas"]["permision"] = "w";
  expect_one(check_group(k), "/cases/0/request/auth/sas", "unknown field \"permision\"");
  json m = group();
  m["cases"][0]["request"]["raw_headers"][0] = json::array({"x-ms-meta-a"});
  expect_one(check_group(m), "/cases/0/request/raw_headers/0", "must have at least 2 items");
  json n = group();
  n["cases"][0]["expect"][1]["headers"] = json::parse(R"({"etag": {"equal": "x"}})");
  expect_one(check_group(n), "/cases/0/expect/1/headers/etag", "unknown field \"equal\"");
  json t = group();
  t["cases"][0]["tags"].push_back("speed");
  expect_one(check_group(t), "/cases/0/tags/1", "\"speed\" is not one of");
}

// ---------------------------------------------------------------------------------------------
// The project's files

TEST(ProjectFiles, EveryCaseFileMatchesTheCaseSchema) {
  const json schema = read_json(kSource / "cases/schema/case.schema.json");
  const fs::path root = kSource / "cases";
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string relative = fs::relative(entry.path(), root).generic_string();
    if (relative == "operations.json" || relative == "rules.json" || relative == "capabilities.json" ||
        relative.rfind("schema/", 0) == 0) {
      continue;
    }
    ++files;
    // setups.json is the same schema's "setupsFile"; every other file is a group.
    auto problems = SchemaValidator(schema).validate(read_json(entry.path()), relative == "setups.json" ? "setupsFile" : "");
    EXPECT_TRUE(problems.empty()) << relative << ": " << describe(problems);
  }
  EXPECT_GT(files, 0);
}

TEST(ProjectFiles, OperationsMatchTheOperationsSchema) {
  auto problems = validate_against_schema(read_json(kSource / "cases/schema/operations.schema.json"),
                                          read_json(kSource / "cases/operations.json"));
  EXPECT_TRUE(problems.empty()) << describe(problems);
}

TEST(ProjectFiles, OperationsSchemaRejectsAnUnknownArgField) {
  json ops = read_json(kSource / "cases/operations.json");
  ops["operations"]["abort_copy"]["args"]["copy_id"]["requird"] = true;
  expect_one(validate_against_schema(read_json(kSource / "cases/schema/operations.schema.json"), ops),
             "/operations/abort_copy/args/copy_id", "unknown field \"requird\"");
}

TEST(ProjectFiles, ASetupsFileIsCheckedAgainstItsOwnDefinition) {
  const SchemaValidator schema(read_json(kSource / "cases/schema/case.schema.json"));
  const json good = json::parse(R"({ "setups": { "made": { "steps": [ { "op": "create_container" } ] } } })");
  EXPECT_TRUE(schema.validate(good, "setupsFile").empty()) << describe(schema.validate(good, "setupsFile"));
  EXPECT_FALSE(schema.validate(good).empty());  // not a group file
  const json no_steps = json::parse(R"({ "setups": { "made": { "description": "Nothing to do here at all." } } })");
  expect_one(schema.validate(no_steps, "setupsFile"), "/setups/made", "missing required field \"steps\"");
  expect_one(schema.validate(good, "setupsFil"), "", "no definition \"setupsFil\"");
}

}  // namespace
}  // namespace blobconform::cases
