// `blobconform lint` on broken case files: exit 2, and a message naming file, field and reason.
#include <gtest/gtest.h>

#include "tests/support/command.h"

namespace blobconform {
namespace {

const std::string kProjectCases = std::string(BLOBCONFORM_SOURCE_DIR) + "/cases";

// A valid group file with one case; `edit` changes its text before it is written.
std::string valid_group(const std::string& group) {
  return R"({
  "format": 1,
  "group": ")" + group + R"(",
  "description": "A small group used by the lint tests.",
  "spec": [{ "url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob",
             "quote": "Aborts a pending Copy Blob operation." }],
  "cases": [
    { "id": "first", "description": "Abort on a blob that was never copied gets 409.", "level": "must",
      "tags": ["wrong-copy-id"],
      "setup": [ { "op": "create_container" },
                 { "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ],
      "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
      "expect": { "status": 409 } }
  ]
})";
}

testing::CommandResult lint_with(const std::string& file_text, testing::TempDir& dir,
                                 const std::string& name = "mine/broken.json") {
  testing::write_file(dir.path() / name, file_text);
  return testing::run_blobconform({"lint", "--cases", kProjectCases, "--cases", dir.path().string()});
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

TEST(LintCommand, ProjectCasesAreClean) {
  auto result = testing::run_blobconform({"lint"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("no problems"), std::string::npos);
}

TEST(LintCommand, AValidExtraFolderIsClean) {
  testing::TempDir dir;
  auto result = lint_with(valid_group("mine/broken"), dir);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(LintCommand, UnknownField) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("level": "must",)", R"("level": "must", "levle": "must",)");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /cases/0"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("levle"), std::string::npos) << result.output;
}

TEST(LintCommand, MissingExpect) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"(,
      "expect": { "status": 409 })", "");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /cases/0"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("expect"), std::string::npos) << result.output;
}

TEST(LintCommand, DuplicateId) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  std::string case_text = text.substr(text.find("    { \"id\""), text.find("\n  ]") - text.find("    { \"id\""));
  replace(text, "\n  ]", ",\n" + case_text + "\n  ]");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /cases/1/id: duplicate case id \"mine/broken/first\""), std::string::npos)
      << result.output;
}

TEST(LintCommand, UnknownVariable) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, "{{uuid}}", "{{copy_idd}}");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /cases/0/request/args/copy_id: unknown variable \"{{copy_idd}}\""),
            std::string::npos)
      << result.output;
}

TEST(LintCommand, APollWhoseMaxIntervalIsBelowItsInterval) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } })",
          R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" },
               "poll": { "timeout_s": 5, "interval_s": 2, "max_interval_s": 1 } })");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /cases/0/setup/1/poll/max_interval_s: must not be less than interval_s (2"),
            std::string::npos) << result.output;
}

TEST(LintCommand, BadJson) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("format": 1,)", R"("format": 1,,)");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: invalid JSON: parse error at line 2"), std::string::npos) << result.output;
}

TEST(LintCommand, GroupMustMatchThePath) {
  testing::TempDir dir;
  auto result = lint_with(valid_group("mine/other-name"), dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /group: is \"mine/other-name\""), std::string::npos) << result.output;
}

TEST(LintCommand, NewerFormatIsRefusedPlainly) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("format": 1,)", R"("format": 2,)");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /format: this file needs case format 2"), std::string::npos)
      << result.output;
}

TEST(LintCommand, UnknownOperationAndMissingArg) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"({ "op": "create_container" })", R"({ "op": "create_containr" })");
  replace(text, R"(, "copy_id": "{{uuid}}")", "");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("/cases/0/setup/0/op: unknown operation \"create_containr\""), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("/cases/0/request/args: operation \"abort_copy\" needs arg \"copy_id\""),
            std::string::npos)
      << result.output;
}

TEST(LintCommand, AVersionWithoutAWhenVariant) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("expect": { "status": 409 })",
          R"("versions": ["2015-04-05", "latest"], "expect": [ { "when": ">=2017-07-29", "status": 409 } ])");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("no \"when\" holds for version 2015-04-05"), std::string::npos) << result.output;
}

TEST(LintCommand, AFixtureStepNeedsPendingCopyControl) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ])",
          R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } },
                 { "fixture": "pending_source", "action": "release" } ])");
  auto uncontrolled = lint_with(text, dir);
  EXPECT_EQ(uncontrolled.exit_code, 2) << uncontrolled.output;
  EXPECT_NE(uncontrolled.output.find("broken.json: /cases/0/setup/2: a pending_source fixture step needs the case to "
                                     "require \"pending-copy-control\""),
            std::string::npos)
      << uncontrolled.output;
  replace(text, R"("tags": ["wrong-copy-id"],)",
          R"("tags": ["wrong-copy-id"], "requires": ["pending-copy", "pending-copy-control"],)");
  auto controlled = lint_with(text, dir);
  EXPECT_EQ(controlled.exit_code, 0) << controlled.output;
}

// progress asks only for bytes a source that is not held sends anyway: no control needed; without
// its byte count it is refused like send.
TEST(LintCommand, AProgressStepNeedsNoPendingCopyControlButItsBytes) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ])",
          R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } },
                 { "fixture": "pending_source", "action": "progress", "bytes": 1024 } ])");
  auto with_bytes = lint_with(text, dir);
  EXPECT_EQ(with_bytes.exit_code, 0) << with_bytes.output;
  replace(text, R"("action": "progress", "bytes": 1024)", R"("action": "progress")");
  auto without_bytes = lint_with(text, dir);
  EXPECT_EQ(without_bytes.exit_code, 2) << without_bytes.output;
  EXPECT_NE(without_bytes.output.find("broken.json: /cases/0/setup/2: the progress action needs \"bytes\""), std::string::npos)
      << without_bytes.output;
}

// The clock waits, for a number of seconds the schema bounds; it has no other action.
TEST(LintCommand, AClockStepWaitsForItsSeconds) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ])",
          R"({ "op": "put_blob", "args": { "blob": "dst", "body": "x" } },
                 { "fixture": "clock", "action": "wait", "seconds": 20 } ])");
  EXPECT_EQ(lint_with(text, dir).exit_code, 0);
  replace(text, R"("action": "wait", "seconds": 20)", R"("action": "release", "seconds": 20)");
  auto broken = lint_with(text, dir);
  EXPECT_EQ(broken.exit_code, 2) << broken.output;
  EXPECT_NE(broken.output.find("broken.json: /cases/0/setup/2/action: unknown clock action \"release\" (wait)"), std::string::npos)
      << broken.output;
  replace(text, R"("action": "release", "seconds": 20)", R"("action": "wait", "seconds": 500)");
  auto too_long = lint_with(text, dir);
  EXPECT_EQ(too_long.exit_code, 2) << too_long.output;
  EXPECT_NE(too_long.output.find("broken.json: /cases/0/setup/2/seconds: must be at most 120 (is 500)"), std::string::npos)
      << too_long.output;
}

// A user-delegation SAS names the saved key it is signed with; its own fields are its own.
TEST(LintCommand, AUserDelegationSasNeedsItsKeyAndKeepsItsFields) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("copy_id": "{{uuid}}" } })",
          R"("copy_id": "{{uuid}}" }, "auth": { "sas": { "kind": "user-delegation", "identifier": "p" } } })");
  auto broken = lint_with(text, dir);
  EXPECT_EQ(broken.exit_code, 2) << broken.output;
  EXPECT_NE(broken.output.find("/cases/0/request/auth/sas: a user-delegation SAS needs \"key\""), std::string::npos)
      << broken.output;
  EXPECT_NE(broken.output.find("/cases/0/request/auth/sas/identifier: a user-delegation SAS has no \"identifier\""),
            std::string::npos)
      << broken.output;
  replace(text, R"("kind": "user-delegation", "identifier": "p")", R"("kind": "service", "correlation_id": "c")");
  auto service = lint_with(text, dir);
  EXPECT_EQ(service.exit_code, 2) << service.output;
  EXPECT_NE(service.output.find("/cases/0/request/auth/sas/correlation_id: only a user-delegation SAS has \"correlation_id\""),
            std::string::npos)
      << service.output;
}

TEST(LintCommand, AnotherAccountInTheUrlNeedsPathStyle) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("copy_id": "{{uuid}}" } })", R"("copy_id": "{{uuid}}" }, "url_account": "{{nope}}" })");
  auto host_style = lint_with(text, dir);
  EXPECT_EQ(host_style.exit_code, 2) << host_style.output;
  EXPECT_NE(host_style.output.find("broken.json: /cases/0/request/url_account: a request with url_account needs the case "
                                   "to require \"path-style\""),
            std::string::npos)
      << host_style.output;
  EXPECT_NE(host_style.output.find("broken.json: /cases/0/request/url_account: unknown variable \"{{nope}}\""),
            std::string::npos)
      << host_style.output;
  replace(text, "{{nope}}", "otheraccount");
  replace(text, R"("tags": ["wrong-copy-id"],)", R"("tags": ["wrong-copy-id"], "requires": ["path-style"],)");
  auto path_style = lint_with(text, dir);
  EXPECT_EQ(path_style.exit_code, 0) << path_style.output;
}

TEST(LintCommand, AnHttpVersionIsOneOfTwo) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("copy_id": "{{uuid}}" } })", R"("copy_id": "{{uuid}}" }, "http_version": "HTTP/2" })");
  auto result = lint_with(text, dir);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("broken.json: /cases/0/request/http_version"), std::string::npos) << result.output;
  replace(text, "HTTP/2", "HTTP/1.0");
  EXPECT_EQ(lint_with(text, dir).exit_code, 0);
}

}  // namespace
}  // namespace blobconform

namespace blobconform {
namespace {

TEST(LintCommand, AMalformedRawQueryEscapeCannotBeSharedKeySigned) {
  testing::TempDir dir;
  std::string text = valid_group("mine/broken");
  replace(text, R"("request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } })",
          R"("request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "x" },
                          "raw_query": [["comp", "copy"], ["copyid", "not%zz"]] })");
  auto signed_request = lint_with(text, dir);
  EXPECT_EQ(signed_request.exit_code, 2) << signed_request.output;
  EXPECT_NE(signed_request.output.find("broken.json: /cases/0/request/raw_query/1"), std::string::npos)
      << signed_request.output;
  replace(text, R"("raw_query")", R"("auth": "none", "raw_query")");
  auto unsigned_request = lint_with(text, dir);
  EXPECT_EQ(unsigned_request.exit_code, 0) << unsigned_request.output;
}

}  // namespace
}  // namespace blobconform
