// A case folder of one's own (docs/case-format.md): the standard operations, capabilities and
// schemas are always there; --cases adds a folder's groups (and operations) to the project's
// corpus, or runs them alone with --no-default-cases.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/command.h"

namespace blobconform {
namespace {

const std::string kProjectCases = std::string(BLOBCONFORM_SOURCE_DIR) + "/cases";

// A group using the standard operations and an inferred capability, and one operation of its own.
constexpr const char* kGroup = R"({
  "format": 1,
  "group": "mine/own",
  "description": "A user's own group.",
  "spec": [{ "url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob",
             "quote": "Aborts a pending Copy Blob operation." }],
  "cases": [
    { "id": "first", "description": "Abort on a blob that was never copied gets 409.", "level": "must",
      "tags": ["wrong-copy-id"],
      "setup": [ { "op": "create_container" },
                 { "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ],
      "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{uuid}}" } },
      "expect": { "status": 409 } },
    { "id": "second", "description": "Its own operation reads the blob's properties.", "level": "must",
      "tags": ["wrong-copy-id"], "requires": ["pending-copy"],
      "setup": [ { "op": "create_container" },
                 { "op": "put_blob", "args": { "blob": "dst", "body": "x" } } ],
      "request": { "op": "my_properties", "args": { "blob": "dst" } },
      "expect": { "status": 200 } }
  ]
})";

constexpr const char* kOperations = R"({
  "format": 1,
  "description": "Operations of my own.",
  "operations": {
    "my_properties": { "description": "Get Blob Properties, by another name", "method": "HEAD",
                       "path": "/{{container}}/{{blob}}",
                       "args": { "container": { "default": "{{container}}" }, "blob": { "required": true } } }
  }
})";

std::vector<std::string> listed(const std::string& output) {
  std::vector<std::string> ids;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    auto end = line.find("  [");
    if (end != std::string::npos) ids.push_back(line.substr(0, end));
  }
  return ids;
}

struct OwnFolder {
  testing::TempDir dir;
  OwnFolder() {
    testing::write_file(dir.path() / "mine" / "own.json", kGroup);
    testing::write_file(dir.path() / "operations.json", kOperations);
  }
  std::string path() const { return dir.path().string(); }
};

TEST(OwnCaseFolder, AloneWithTheStandardOperationsAndCapabilities) {
  OwnFolder own;
  auto lint = testing::run_blobconform({"lint", "--no-default-cases", "--cases", own.path()});
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
  auto list = testing::run_blobconform({"list", "--no-default-cases", "--cases", own.path()});
  EXPECT_EQ(list.exit_code, 0) << list.output;
  EXPECT_EQ(listed(list.output), (std::vector<std::string>{"mine/own/first", "mine/own/second"})) << list.output;
}

TEST(OwnCaseFolder, AddedToTheProjectsCorpusByDefault) {
  OwnFolder own;
  auto project = testing::run_blobconform({"list"});
  auto both = testing::run_blobconform({"list", "--cases", own.path()});
  EXPECT_EQ(both.exit_code, 0) << both.output;
  EXPECT_EQ(listed(both.output).size(), listed(project.output).size() + 2) << both.output;
  // The project's folder named again, or a copy of its definitions, loads nothing twice.
  auto again = testing::run_blobconform({"list", "--cases", kProjectCases, "--cases", own.path(), "--cases", own.path()});
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(listed(again.output).size(), listed(project.output).size() + 2) << again.output;
}

TEST(OwnCaseFolder, AnUnknownOperationStillNamesFileAndField) {
  OwnFolder own;
  testing::write_file(own.dir.path() / "operations.json", R"({"format": 1, "description": "none", "operations": {}})");
  auto lint = testing::run_blobconform({"lint", "--no-default-cases", "--cases", own.path()});
  EXPECT_EQ(lint.exit_code, 2) << lint.output;
  EXPECT_NE(lint.output.find("mine/own.json: /cases/1/request"), std::string::npos) << lint.output;
  EXPECT_NE(lint.output.find("my_properties"), std::string::npos) << lint.output;
}

}  // namespace
}  // namespace blobconform
