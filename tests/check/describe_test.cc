#include <gtest/gtest.h>

#include "harness/check/expectation.h"
#include "harness/check/text.h"

namespace blobconform::check {
namespace {

TEST(Describe, Expectation) {
  Expectation e;
  e.status = StatusMatcher{{409}, {}};
  e.error_codes = {"CopyIdMismatch", "NoPendingCopyOperation"};
  e.headers.push_back(HeaderMatcher{"x-ms-request-id", {}, {}, {}, true, {}});
  EXPECT_EQ(describe(e),
            "status 409; error code CopyIdMismatch or NoPendingCopyOperation; "
            "header x-ms-request-id present");
}

TEST(Describe, EveryMatcher) {
  Expectation e;
  e.status = StatusMatcher{{200}, {4}};
  e.headers.push_back(HeaderMatcher{"etag", {}, std::string("^0x"), {}, {}, {}});
  e.headers.push_back(HeaderMatcher{"a", std::string("v"), {}, {}, {}, {}});
  e.headers.push_back(HeaderMatcher{"b", {}, {}, std::vector<std::string>{"x", "y", "z"}, {}, {}});
  e.headers.push_back(HeaderMatcher{"c", {}, {}, {}, false, {}});
  e.headers.push_back(HeaderMatcher{"x-ms-error-code", {}, {}, {}, {}, std::string("Code")});
  BodyMatcher b;
  b.empty = false;
  b.length = 3;
  b.xml = {{"Code", "X"}};
  e.body = b;
  EXPECT_EQ(describe(e),
            "status 200 or 4xx; header etag matches /^0x/; header a = \"v\"; "
            "header b one of \"x\", \"y\" or \"z\"; header c absent; "
            "header x-ms-error-code agrees with body xml Code; body not empty; "
            "body length 3; body xml Code = \"X\"");
  EXPECT_EQ(describe(Expectation{}), "any response");
}

TEST(Describe, Response) {
  transport::Response r;
  r.status = 409;
  r.headers = {{"x-ms-error-code", "CopyIdMismatch"}};
  r.body = "<Error><Code>CopyIdMismatch</Code><Message>m</Message></Error>";
  EXPECT_EQ(describe(r), "409 CopyIdMismatch (x-ms-error-code), XML Code CopyIdMismatch");
  transport::Response ok;
  ok.status = 204;
  EXPECT_EQ(describe(ok), "204");
  ok.body = "hello";
  EXPECT_EQ(describe(ok), "204, body 5 bytes");
}

TEST(Describe, Mismatch) {
  EXPECT_EQ(describe(Mismatch{"status", "409", "404"}), "status: expected 409, got 404");
}

TEST(Quoted, EscapesAndTruncates) {
  EXPECT_EQ(quoted("a\"b\n\x01"), "\"a\\\"b\\n\\x01\"");
  EXPECT_EQ(quoted(std::string(10, 'x'), 4), "\"xxxx\"… (10 bytes)");
}

}  // namespace
}  // namespace blobconform::check
