#include <gtest/gtest.h>

#include "harness/check/expectation.h"

namespace blobconform::check {
namespace {

using transport::Response;

const Context kNew{"2021-08-06"};
const Context kOld{"2015-04-05"};

std::string error_xml(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code +
         "</Code><Message>m\nRequestId:r\nTime:t</Message></Error>";
}

Response response(int status, transport::HeaderList headers = {}, std::string body = {}) {
  Response r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

Expectation status_is(std::vector<int> codes, std::vector<int> classes = {}) {
  Expectation e;
  e.status = StatusMatcher{std::move(codes), std::move(classes)};
  return e;
}

Expectation codes(std::vector<std::string> list) {
  Expectation e;
  e.error_codes = std::move(list);
  return e;
}

Expectation header(HeaderMatcher m) {
  Expectation e;
  e.headers.push_back(std::move(m));
  return e;
}

Expectation body(BodyMatcher m) {
  Expectation e;
  e.body = std::move(m);
  return e;
}

bool holds(const Expectation& e, const Response& r, const Context& c = kNew) {
  return evaluate(e, r, c).empty();
}

// ---- status ----

// edit_texts reaches every text a case may template, and only those; it says which are patterns.
TEST(EditTexts, ReachesEveryTemplatableTextAndMarksThePatterns) {
  Expectation e;
  e.status = StatusMatcher{{409}, {}};
  e.error_codes = {"c1", "c2"};
  e.headers.push_back({"h1", std::string("eq"), std::string("re"), std::vector<std::string>{"o1", "o2"}, std::nullopt, {}});
  e.body = BodyMatcher{};
  e.body->equals = "body";
  e.body->xml = {{"Code", "x1"}};
  e.body->xml_matches = {{"Message", "x2"}};
  std::vector<std::string> seen;
  EXPECT_TRUE(edit_texts(e, [&](std::string& text, bool pattern) {
    seen.push_back(text + (pattern ? " (pattern)" : ""));
    text += "!";
    return true;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"c1", "c2", "eq", "re (pattern)", "o1", "o2", "body", "x1", "x2 (pattern)"}));
  EXPECT_EQ(e.error_codes[1], "c2!");
  EXPECT_EQ(*e.headers[0].matches, "re!");
  EXPECT_EQ((*e.headers[0].one_of)[1], "o2!");
  EXPECT_EQ(e.body->xml_matches[0].second, "x2!");
  EXPECT_EQ(e.headers[0].name, "h1");      // names are not templates
  EXPECT_EQ(e.body->xml[0].first, "Code");  // nor are XML paths
  size_t calls = 0;
  EXPECT_FALSE(edit_texts(e, [&](std::string&, bool) { return ++calls < 3; }));
  EXPECT_EQ(calls, 3u) << "the walk stops at the first false";
}

TEST(Status, SingleCode) {
  EXPECT_TRUE(holds(status_is({409}), response(409)));
  auto m = evaluate(status_is({409}), response(404), kNew);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].field, "status");
  EXPECT_EQ(m[0].expected, "409");
  EXPECT_EQ(m[0].actual, "404");
}

TEST(Status, ListOfCodes) {
  EXPECT_TRUE(holds(status_is({200, 201}), response(201)));
  auto m = evaluate(status_is({200, 201}), response(202), kNew);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].expected, "200 or 201");
}

TEST(Status, Class) {
  EXPECT_TRUE(holds(status_is({}, {4}), response(412)));
  EXPECT_TRUE(holds(status_is({}, {4}), response(400)));
  EXPECT_FALSE(holds(status_is({}, {4}), response(500)));
  EXPECT_FALSE(holds(status_is({}, {4}), response(399)));
  EXPECT_EQ(evaluate(status_is({}, {4}), response(204), kNew)[0].expected, "4xx");
}

TEST(Status, CodesAndClassesTogether) {
  auto matcher = status_is({304}, {1, 2});
  EXPECT_TRUE(holds(matcher, response(304)));
  EXPECT_TRUE(holds(matcher, response(202)));
  EXPECT_FALSE(holds(matcher, response(302)));
  EXPECT_EQ(evaluate(matcher, response(404), kNew)[0].expected, "304, 1xx or 2xx");
}

TEST(Status, EmptyExpectationHolds) {
  EXPECT_TRUE(holds(Expectation{}, response(500, {{"x", "y"}}, "body")));
}

// ---- error code ----

TEST(ErrorCode, HeaderOnly) {
  auto e = codes({"CopyIdMismatch"});
  EXPECT_TRUE(holds(e, response(409, {{"x-ms-error-code", "CopyIdMismatch"}})));
  auto m = evaluate(e, response(409, {{"x-ms-error-code", "NoPendingCopyOperation"}}), kNew);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].field, "error_code");
  EXPECT_NE(m[0].actual.find("NoPendingCopyOperation"), std::string::npos);
}

TEST(ErrorCode, XmlOnlyBeforeTheHeaderVersion) {
  auto e = codes({"CopyIdMismatch"});
  EXPECT_TRUE(holds(e, response(409, {}, error_xml("CopyIdMismatch")), kOld));
  auto m = evaluate(e, response(409, {}, error_xml("BlobNotFound")), kOld);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].actual.find("XML Code \"BlobNotFound\""), std::string::npos) << m[0].actual;
}

TEST(ErrorCode, HeaderRequiredFrom20170729) {
  auto e = codes({"CopyIdMismatch"});
  Response xml_only = response(409, {}, error_xml("CopyIdMismatch"));
  EXPECT_TRUE(holds(e, xml_only, Context{"2017-04-17"}));
  auto m = evaluate(e, xml_only, Context{"2017-07-29"});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].expected.find("required from 2017-07-29"), std::string::npos);
  EXPECT_NE(m[0].actual.find("no x-ms-error-code header"), std::string::npos);
  EXPECT_FALSE(holds(e, xml_only, Context{"latest"}));  // not a date: counts as latest
}

TEST(ErrorCode, BothAgree) {
  auto e = codes({"CopyIdMismatch", "NoPendingCopyOperation"});
  Response r = response(409, {{"x-ms-error-code", "NoPendingCopyOperation"}},
                        error_xml("NoPendingCopyOperation"));
  EXPECT_TRUE(holds(e, r));
  EXPECT_TRUE(holds(e, r, kOld));
}

TEST(ErrorCode, BothListedButDisagree) {
  auto e = codes({"CopyIdMismatch", "NoPendingCopyOperation"});
  Response r = response(409, {{"x-ms-error-code", "CopyIdMismatch"}},
                        error_xml("NoPendingCopyOperation"));
  auto m = evaluate(e, r, kNew);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].expected, "x-ms-error-code and XML Code to agree");
  // Before 2017-07-29 only the XML is checked.
  EXPECT_TRUE(holds(e, r, kOld));
}

TEST(ErrorCode, XmlCodeNotListedWhileHeaderIs) {
  auto e = codes({"CopyIdMismatch"});
  Response r = response(409, {{"x-ms-error-code", "CopyIdMismatch"}}, error_xml("Other"));
  EXPECT_FALSE(holds(e, r));
  EXPECT_FALSE(holds(e, r, kOld));
}

TEST(ErrorCode, HeaderNotListedWhileXmlIs) {
  auto e = codes({"CopyIdMismatch"});
  Response r = response(409, {{"x-ms-error-code", "Other"}}, error_xml("CopyIdMismatch"));
  EXPECT_FALSE(holds(e, r));
  EXPECT_TRUE(holds(e, r, kOld));  // header ignored when there is XML, before 2017-07-29
}

TEST(ErrorCode, HeadResponseJudgedOnHeaderAlone) {
  auto e = codes({"BlobNotFound"});
  EXPECT_TRUE(holds(e, response(404, {{"x-ms-error-code", "BlobNotFound"}}), kNew));
  EXPECT_TRUE(holds(e, response(404, {{"x-ms-error-code", "BlobNotFound"}}), kOld));
  EXPECT_FALSE(holds(e, response(404, {{"x-ms-error-code", "ContainerNotFound"}}), kOld));
  // A body that is not XML counts as no XML body.
  EXPECT_TRUE(holds(e, response(404, {{"x-ms-error-code", "BlobNotFound"}}, "oops"), kNew));
}

TEST(ErrorCode, NeitherHeaderNorXmlDoesNotHold) {
  auto e = codes({"MissingRequiredHeader"});
  auto m = evaluate(e, response(400, {{"Content-Length", "0"}}), kOld);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].actual, "no x-ms-error-code header and no XML <Code>");
  EXPECT_FALSE(holds(e, response(400, {}, "not xml"), kNew));
}

TEST(ErrorCode, HeaderNameIsCaseInsensitiveAndValueTrimmed) {
  auto e = codes({"CopyIdMismatch"});
  EXPECT_TRUE(holds(e, response(409, {{"X-MS-Error-Code", " CopyIdMismatch "}})));
  EXPECT_FALSE(holds(e, response(409, {{"x-ms-error-code", "copyidmismatch"}})));
}

// ---- headers ----

TEST(Header, EqualsTrimsSurroundingWhitespace) {
  HeaderMatcher m{"x-ms-copy-status", std::string(" success"), {}, {}, {}, {}};
  EXPECT_TRUE(holds(header(m), response(200, {{"x-ms-copy-status", "success \t"}})));
  EXPECT_FALSE(holds(header(m), response(200, {{"x-ms-copy-status", "succ ess"}})));
}

TEST(Header, EqualsIsCaseSensitive) {
  HeaderMatcher m{"x-ms-copy-status", std::string("success"), {}, {}, {}, {}};
  auto r = evaluate(header(m), response(200, {{"x-ms-copy-status", "Success"}}), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].field, "header x-ms-copy-status");
  EXPECT_EQ(r[0].expected, "\"success\"");
  EXPECT_EQ(r[0].actual, "\"Success\"");
}

TEST(Header, NameIsCaseInsensitive) {
  HeaderMatcher m{"X-MS-Version", std::string("2015-04-05"), {}, {}, {}, {}};
  EXPECT_TRUE(holds(header(m), response(200, {{"x-ms-version", "2015-04-05"}})));
  EXPECT_FALSE(holds(header(m), response(200, {{"x-ms-versions", "2015-04-05"}})));
}

TEST(Header, EqualsOnAbsentHeader) {
  HeaderMatcher m{"etag", std::string("x"), {}, {}, {}, {}};
  auto r = evaluate(header(m), response(200), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].actual, "absent");
}

TEST(Header, RepeatedHeadersAreJoined) {
  HeaderMatcher m{"x-a", std::string("one, two"), {}, {}, {}, {}};
  EXPECT_TRUE(holds(header(m), response(200, {{"x-a", "one"}, {"X-A", " two"}})));
  EXPECT_FALSE(holds(header(m), response(200, {{"x-a", "one"}})));
  EXPECT_FALSE(holds(header(m), response(200, {{"x-a", "two"}, {"x-a", "one"}})));
}

TEST(Header, MatchesSearchesTheValue) {
  HeaderMatcher m{"etag", {}, std::string("^\"0x[0-9A-F]+\"$"), {}, {}, {}};
  EXPECT_TRUE(holds(header(m), response(200, {{"ETag", "\"0x8D9ABC\""}})));
  EXPECT_FALSE(holds(header(m), response(200, {{"ETag", "\"0x8d9abc\""}})));
  HeaderMatcher search{"server", {}, std::string("Azurite"), {}, {}, {}};
  EXPECT_TRUE(holds(header(search), response(200, {{"Server", "Azurite-Blob/3.37.0"}})));
  auto r = evaluate(header(search), response(200, {{"Server", "Windows-Azure-Blob/1.0"}}), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].expected, "matches /Azurite/");
  EXPECT_FALSE(holds(header(search), response(200)));
}

TEST(Header, InvalidRegexIsAMismatchNotAnException) {
  HeaderMatcher m{"etag", {}, std::string("([a-"), {}, {}, {}};
  std::vector<Mismatch> r;
  EXPECT_NO_THROW(r = evaluate(header(m), response(200, {{"etag", "abc"}}), kNew));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].expected.find("invalid regular expression"), std::string::npos) << r[0].expected;
}

TEST(Header, OneOf) {
  HeaderMatcher m{"x-ms-copy-status", {}, {}, std::vector<std::string>{"aborted", "failed"}, {}, {}};
  EXPECT_TRUE(holds(header(m), response(200, {{"x-ms-copy-status", "failed"}})));
  auto r = evaluate(header(m), response(200, {{"x-ms-copy-status", "success"}}), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].expected, "one of \"aborted\" or \"failed\"");
  EXPECT_FALSE(holds(header(m), response(200)));
}

TEST(Header, PresentTrue) {
  HeaderMatcher m{"x-ms-request-id", {}, {}, {}, true, {}};
  EXPECT_TRUE(holds(header(m), response(200, {{"X-Ms-Request-Id", "abc"}})));
  auto r = evaluate(header(m), response(200), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].expected, "present");
  EXPECT_EQ(r[0].actual, "absent");
}

TEST(Header, PresentFalse) {
  HeaderMatcher m{"x-ms-copy-completion-time", {}, {}, {}, false, {}};
  EXPECT_TRUE(holds(header(m), response(200)));
  auto r = evaluate(header(m), response(200, {{"x-ms-copy-completion-time", "now"}}), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].expected, "absent");
  EXPECT_EQ(r[0].actual, "present: \"now\"");
}

TEST(Header, AgreesWithXmlComparesTheHeaderWithTheBodysText) {
  HeaderMatcher m{"x-ms-error-code", {}, {}, {}, {}, std::string("Code")};
  const std::string xml = "<Error><Code>CopyIdMismatch</Code><Message>m</Message></Error>";
  EXPECT_TRUE(holds(header(m), response(409, {{"x-ms-error-code", " CopyIdMismatch "}}, xml)));
  auto r = evaluate(header(m), response(409, {{"x-ms-error-code", "NoPendingCopyOperation"}}, xml), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].field, "header x-ms-error-code");
  EXPECT_EQ(r[0].expected, "= body xml Code \"CopyIdMismatch\"");
  EXPECT_EQ(r[0].actual, "\"NoPendingCopyOperation\"");
  // Only where both are there: no header, no body, a body that is not XML or has no such element.
  EXPECT_TRUE(holds(header(m), response(409, {}, xml)));
  EXPECT_TRUE(holds(header(m), response(404, {{"x-ms-error-code", "BlobNotFound"}})));
  EXPECT_TRUE(holds(header(m), response(400, {{"x-ms-error-code", "X"}}, "Bad Request")));
  EXPECT_TRUE(holds(header(m), response(400, {{"x-ms-error-code", "X"}}, "<Error><Message>m</Message></Error>")));
}

// ---- body ----

TEST(Body, Empty) {
  BodyMatcher m;
  m.empty = true;
  EXPECT_TRUE(holds(body(m), response(204)));
  auto r = evaluate(body(m), response(204, {}, "x"), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].actual, "1 bytes: \"x\"");
  m.empty = false;
  EXPECT_FALSE(holds(body(m), response(204)));
  EXPECT_TRUE(holds(body(m), response(204, {}, "x")));
}

TEST(Body, Length) {
  BodyMatcher m;
  m.length = 5;
  EXPECT_TRUE(holds(body(m), response(200, {}, "hello")));
  auto r = evaluate(body(m), response(200, {}, "hello!"), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].expected, "5 bytes");
  EXPECT_EQ(r[0].actual, "6 bytes");
}

TEST(Body, Equals) {
  BodyMatcher m;
  m.equals = "hello";
  EXPECT_TRUE(holds(body(m), response(200, {}, "hello")));
  EXPECT_FALSE(holds(body(m), response(200, {}, "Hello")));
  EXPECT_FALSE(holds(body(m), response(200, {}, "hello ")));
  EXPECT_FALSE(holds(body(m), response(200)));
}

TEST(Body, XmlPath) {
  BodyMatcher m;
  m.xml = {{"Code", "CopyIdMismatch"}};
  EXPECT_TRUE(holds(body(m), response(409, {}, error_xml("CopyIdMismatch"))));
  auto r = evaluate(body(m), response(409, {}, error_xml("Other")), kNew);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].field, "body xml Code");
  EXPECT_EQ(r[0].actual, "\"Other\"");
  auto none = evaluate(body(m), response(409, {}, "<Error/>"), kNew);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_NE(none[0].actual.find("no element"), std::string::npos);
  auto bad = evaluate(body(m), response(409), kNew);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].actual.find("not well-formed"), std::string::npos);
}

// ---- together ----

TEST(Evaluate, ReportsEveryMismatchInOrder) {
  Expectation e = status_is({409});
  e.error_codes = {"CopyIdMismatch"};
  e.headers.push_back(HeaderMatcher{"x-ms-request-id", {}, {}, {}, true, {}});
  BodyMatcher b;
  b.empty = true;
  e.body = b;
  auto m = evaluate(e, response(200, {}, "x"), kNew);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].field, "status");
  EXPECT_EQ(m[1].field, "error_code");
  EXPECT_EQ(m[2].field, "header x-ms-request-id");
  EXPECT_EQ(m[3].field, "body");
}

}  // namespace
}  // namespace blobconform::check
