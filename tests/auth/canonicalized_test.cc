#include <gtest/gtest.h>

#include "harness/auth/canonicalized_headers.h"
#include "harness/auth/canonicalized_resource.h"

namespace blobconform::auth {
namespace {

TEST(CanonicalizedHeaders, LowercasedSortedOnlyXms) {
  transport::HeaderList headers = {{"X-MS-Version", "2021-12-02"}, {"Content-Type", "x"},
                                   {"x-ms-meta-b", "2"},           {"x-ms-Meta-A", "1"},
                                   {"x-msnot", "no"},              {"x-ms-date", "D"}};
  EXPECT_EQ(canonicalized_headers(headers, true),
            "x-ms-date:D\nx-ms-meta-a:1\nx-ms-meta-b:2\nx-ms-version:2021-12-02\n");
}

// The service sorts as .NET's en-US comparison does: '-' left out first, '_' before letters and
// digits; byte order puts '-' before everything but space.
TEST(CanonicalizedHeaders, TheServicesOrderForHyphensAndUnderscores) {
  transport::HeaderList headers = {{"x-ms-meta-ab", "2"}, {"x-ms-meta-a-b", "1"}, {"x-ms-meta-a_b", "3"}};
  EXPECT_EQ(canonicalized_headers(headers, true), "x-ms-meta-a_b:3\nx-ms-meta-ab:2\nx-ms-meta-a-b:1\n");
  EXPECT_EQ(canonicalized_headers(headers, true, HeaderOrder::Ordinal), "x-ms-meta-a-b:1\nx-ms-meta-a_b:3\nx-ms-meta-ab:2\n");
}

TEST(ServiceHeaderOrder, AsTheSdksImitateIt) {
  // Each pair: the first sorts first (worked through the Azure SDK for JavaScript's comparator).
  for (auto [first, second] : std::vector<std::pair<const char*, const char*>>{
           {"x-ms-meta-ab", "x-ms-meta-a-c"}, {"x-ms-meta-a_b", "x-ms-meta-a1"}, {"x-ms-meta-ab", "x-ms-meta-a-b"},
           {"x-ms-meta-a.b", "x-ms-meta-a_b"}, {"x-ms-a", "x-ms-a-"}, {"x-ms-ab-", "x-ms-a-b"},
           {"x-ms-enabled-protocols", "x-ms-enable-snapshot-virtual-directory-access"},
           {"x-ms-client-request-id", "x-ms-copy-action"}, {"x-ms-date", "x-ms-version"}}) {
    EXPECT_TRUE(service_header_less(first, second)) << first << " < " << second;
    EXPECT_FALSE(service_header_less(second, first)) << second << " < " << first;
  }
  EXPECT_FALSE(service_header_less("x-ms-a", "x-ms-a"));
}

TEST(CanonicalizedHeaders, WhitespaceCollapsedOutsideQuotes) {
  transport::HeaderList headers = {{"x-ms-meta-a", "  one \t two\r\n three  "},
                                   {"x-ms-meta-q", "a  \"keep   this\"  b"}};
  EXPECT_EQ(canonicalized_headers(headers, true), "x-ms-meta-a:one two three\nx-ms-meta-q:a \"keep   this\" b\n");
}

TEST(CanonicalizedHeaders, RepeatedNameJoinedInOrderSent) {
  transport::HeaderList headers = {{"x-ms-meta-r", "z"}, {"X-Ms-Meta-R", "a"}};
  EXPECT_EQ(canonicalized_headers(headers, true), "x-ms-meta-r:z,a\n");
}

TEST(CanonicalizedHeaders, EmptyValues) {
  transport::HeaderList headers = {{"x-ms-meta-e", ""}, {"x-ms-meta-f", " \t "}};
  EXPECT_EQ(canonicalized_headers(headers, true), "x-ms-meta-e:\nx-ms-meta-f:\n");
  EXPECT_EQ(canonicalized_headers(headers, false), "");
}

TEST(CollapseWhitespace, Basics) {
  EXPECT_EQ(collapse_whitespace(""), "");
  EXPECT_EQ(collapse_whitespace("   "), "");
  EXPECT_EQ(collapse_whitespace("a"), "a");
  EXPECT_EQ(collapse_whitespace("\"a  b\"  c"), "\"a  b\" c");
}

TEST(CanonicalizedResource, DocListBlobsExample) {
  auto built = canonicalized_resource(
      "myaccount", "/mycontainer?restype=container&comp=list&include=snapshots&include=metadata&include=uncommittedblobs");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, "/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container");
}

TEST(CanonicalizedResource, NamesLoweredDecodedAndSorted) {
  auto built = canonicalized_resource("a", "/c/b%20x?Timeout=30&COMP=metadata&%70refix=x%2Fy");
  ASSERT_TRUE(built.ok());
  // The path keeps its encoding; names and values are decoded.
  EXPECT_EQ(*built, "/a/c/b%20x\ncomp:metadata\nprefix:x/y\ntimeout:30");
}

TEST(CanonicalizedResource, RepeatedNamesDifferingInCaseMerge) {
  auto built = canonicalized_resource("a", "/c?include=b&Include=a");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, "/a/c\ninclude:a,b");
}

TEST(CanonicalizedResource, ParameterWithoutEqualsHasEmptyValue) {
  auto built = canonicalized_resource("a", "/c?comp=copy&copyid&x=");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, "/a/c\ncomp:copy\ncopyid:\nx:");
}

// '+' is a space, as the front end's form decoder reads it; an encoded plus (%2B) is a plus.
TEST(CanonicalizedResource, PlusIsASpaceAndEmptySegmentsSkipped) {
  auto built = canonicalized_resource("a", "/c?&x=a+b&&y+z=%2B");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, "/a/c\nx:a b\ny z:+");
}

TEST(CanonicalizedResource, NoQuery) {
  EXPECT_EQ(*canonicalized_resource("a", "/"), "/a/");
  EXPECT_EQ(*canonicalized_resource("a", "/c/b?"), "/a/c/b");
}

TEST(CanonicalizedResource, MalformedEscapeNamesTheParameter) {
  auto built = canonicalized_resource("a", "/c?comp=list&marker=%4");
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("marker"), std::string::npos) << built.error().message;
  EXPECT_FALSE(canonicalized_resource("a", "/c?%zz=1").ok());
}

TEST(CanonicalizedResourceLite, OnlyComp) {
  EXPECT_EQ(*canonicalized_resource_lite("a", "/c/b?timeout=3&comp=copy&copyid=x"), "/a/c/b?comp=copy");
  EXPECT_EQ(*canonicalized_resource_lite("a", "/c/b?timeout=3"), "/a/c/b");
}

TEST(ParseQuery, Pairs) {
  auto parsed = parse_query("a=1&b&c=%41");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[1].name, "b");
  EXPECT_EQ((*parsed)[1].value, "");
  EXPECT_EQ((*parsed)[2].value, "A");
}

}  // namespace
}  // namespace blobconform::auth
