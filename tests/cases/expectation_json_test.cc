#include "harness/cases/expectation_json.h"

#include <gtest/gtest.h>

namespace blobconform::cases {
namespace {

using nlohmann::json;

const std::string kAt = "/cases/2/expect";

Result<check::Expectation> read(const char* text) {
  return expectation_from_json(json::parse(text), kAt);
}

// The error message, which must start with the given pointer; an accepted text fails the test.
std::string error_at(const char* text, const std::string& pointer) {
  auto r = read(text);
  if (r) {
    ADD_FAILURE() << "accepted " << text << ", expected an error at " << pointer;
    return "<no error>";
  }
  EXPECT_EQ(r.error().message.rfind(pointer + ": ", 0), 0u)
      << "for " << text << "\n  got: " << r.error().message;
  return r.error().message;
}

TEST(ExpectationJson, ReadsTheFormatExample) {
  auto r = read(R"({ "status": 409,
    "error_code": "CopyIdMismatch",
    "headers": { "x-ms-version": "2015-04-05",
                 "x-ms-request-id": { "present": true },
                 "x-ms-client-request-id": { "equals": "abc" },
                 "x-ms-copy-status": { "one_of": ["aborted"] },
                 "etag": { "matches": "^\"0x[0-9A-F]+\"$" },
                 "x-ms-copy-completion-time": { "present": false } },
    "body": { "empty": true } })");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->status);
  EXPECT_EQ(r->status->codes, std::vector<int>{409});
  EXPECT_EQ(r->error_codes, std::vector<std::string>{"CopyIdMismatch"});
  ASSERT_EQ(r->headers.size(), 6u);
  std::map<std::string, check::HeaderMatcher> by_name;
  for (const auto& h : r->headers) by_name[h.name] = h;
  EXPECT_EQ(by_name["x-ms-version"].equals, "2015-04-05");
  EXPECT_EQ(by_name["x-ms-request-id"].present, true);
  EXPECT_EQ(by_name["x-ms-client-request-id"].equals, "abc");
  EXPECT_EQ(by_name["x-ms-copy-status"].one_of, std::vector<std::string>{"aborted"});
  EXPECT_EQ(by_name["etag"].matches, "^\"0x[0-9A-F]+\"$");
  EXPECT_EQ(by_name["x-ms-copy-completion-time"].present, false);
  ASSERT_TRUE(r->body);
  EXPECT_EQ(r->body->empty, true);
}

TEST(ExpectationJson, StatusForms) {
  auto list = read(R"({"status": [200, 201]})");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status->codes, (std::vector<int>{200, 201}));
  auto cls = read(R"({"status": "4xx"})");
  ASSERT_TRUE(cls);
  EXPECT_TRUE(cls->status->codes.empty());
  EXPECT_EQ(cls->status->classes, std::vector<int>{4});
  EXPECT_TRUE(status_from_json(json(204), "/s"));
  auto mixed = read(R"({"status": [304, "1xx", "2xx"]})");
  ASSERT_TRUE(mixed) << mixed.error().message;
  EXPECT_EQ(mixed->status->codes, std::vector<int>{304});
  EXPECT_EQ(mixed->status->classes, (std::vector<int>{1, 2}));
}

TEST(ExpectationJson, AgreesWithXml) {
  auto r = read(R"({"headers": {"x-ms-error-code": {"agrees_with_xml": "Code"}}})");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->headers.size(), 1u);
  EXPECT_EQ(r->headers[0].agrees_with_xml, std::optional<std::string>("Code"));
  error_at(R"({"headers": {"x": {"agrees_with_xml": ""}}})", kAt + "/headers/x/agrees_with_xml");
  error_at(R"({"headers": {"x": {"agrees_with_xml": "Error//Code"}}})", kAt + "/headers/x/agrees_with_xml");
  error_at(R"({"headers": {"x": {"agrees_with_xml": 1}}})", kAt + "/headers/x/agrees_with_xml");
  error_at(R"({"headers": {"x": {"present": false, "agrees_with_xml": "Code"}}})", kAt + "/headers/x/present");
}

TEST(ExpectationJson, BadStatus) {
  error_at(R"({"status": "409"})", kAt + "/status");
  error_at(R"({"status": "6xx"})", kAt + "/status");
  error_at(R"({"status": "4XX"})", kAt + "/status");
  error_at(R"({"status": 99})", kAt + "/status");
  error_at(R"({"status": 409.5})", kAt + "/status");
  error_at(R"({"status": []})", kAt + "/status");
  error_at(R"({"status": [200, "x"]})", kAt + "/status/1");
  error_at(R"({"status": [200, "6xx"]})", kAt + "/status/1");
  error_at(R"({"status": true})", kAt + "/status");
}

TEST(ExpectationJson, ErrorCodeForms) {
  auto list = read(R"({"error_code": ["CopyIdMismatch", "NoPendingCopyOperation"]})");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->error_codes.size(), 2u);
  error_at(R"({"error_code": 409})", kAt + "/error_code");
  error_at(R"({"error_code": ""})", kAt + "/error_code");
  error_at(R"({"error_code": []})", kAt + "/error_code");
  error_at(R"({"error_code": ["A", 1]})", kAt + "/error_code/1");
}

TEST(ExpectationJson, UnknownKeysAreRejected) {
  EXPECT_NE(error_at(R"({"stauts": 200})", kAt).find("unknown key \"stauts\""), std::string::npos);
  error_at(R"({"headers": {"etag": {"equal": "x"}}})", kAt + "/headers/etag");
  error_at(R"({"body": {"text": "x"}})", kAt + "/body");
}

TEST(ExpectationJson, WhenIsIgnored) {
  auto r = read(R"({"when": ">=2017-07-29", "status": 204})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status->codes, std::vector<int>{204});
}

TEST(ExpectationJson, NotAnObject) {
  error_at(R"([1])", kAt);
  error_at(R"({"headers": []})", kAt + "/headers");
  error_at(R"({"body": "x"})", kAt + "/body");
}

TEST(ExpectationJson, InvalidRegexNamesThePointer) {
  std::string m = error_at(R"({"headers": {"etag": {"matches": "([a-"}}})",
                           kAt + "/headers/etag/matches");
  EXPECT_NE(m.find("invalid regular expression"), std::string::npos) << m;
}

TEST(ExpectationJson, PresentFalseStandsAlone) {
  error_at(R"({"headers": {"x": {"present": false, "equals": "y"}}})", kAt + "/headers/x/present");
  EXPECT_TRUE(read(R"({"headers": {"x": {"present": true, "equals": "y"}}})"));
}

TEST(ExpectationJson, BadHeaderValues) {
  error_at(R"({"headers": {"x": 5}})", kAt + "/headers/x");
  error_at(R"({"headers": {"x": {}}})", kAt + "/headers/x");
  error_at(R"({"headers": {"x": {"present": "yes"}}})", kAt + "/headers/x/present");
  error_at(R"({"headers": {"x": {"one_of": []}}})", kAt + "/headers/x/one_of");
  error_at(R"({"headers": {"x": {"one_of": ["a", 2]}}})", kAt + "/headers/x/one_of/1");
  error_at(R"({"headers": {"x": {"equals": 2}}})", kAt + "/headers/x/equals");
  // Escaped per RFC 6901 in the pointer.
  error_at(R"({"headers": {"a/b": "v"}})", kAt + "/headers/a~1b");
  error_at(R"({"headers": {"ETag": "a", "etag": "b"}})", kAt + "/headers/etag");
}

TEST(ExpectationJson, BodyForms) {
  auto r = read(R"({"body": {"length": 5, "equals": "hello", "empty": false,
                             "xml": {"Code": "X", "A/B": "y"}}})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body->length, 5u);
  EXPECT_EQ(r->body->equals, "hello");
  EXPECT_EQ(r->body->empty, false);
  ASSERT_EQ(r->body->xml.size(), 2u);
}

TEST(ExpectationJson, BadBody) {
  error_at(R"({"body": {}})", kAt + "/body");
  error_at(R"({"body": {"length": -1}})", kAt + "/body/length");
  error_at(R"({"body": {"length": 1.5}})", kAt + "/body/length");
  error_at(R"({"body": {"empty": 1}})", kAt + "/body/empty");
  error_at(R"({"body": {"equals": null}})", kAt + "/body/equals");
  error_at(R"({"body": {"xml": {"Code": 1}}})", kAt + "/body/xml/Code");
  error_at(R"({"body": {"xml": {"A//B": "x"}}})", kAt + "/body/xml/A~1~1B");
  error_at(R"({"body": {"xml": []}})", kAt + "/body/xml");
}

TEST(ExpectationJson, EmptyPointerNamesTheRoot) {
  auto r = expectation_from_json(json::parse(R"({"x": 1})"), "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.rfind("/: ", 0), 0u);
}

}  // namespace
}  // namespace blobconform::cases
