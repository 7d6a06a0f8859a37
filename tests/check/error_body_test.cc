#include "harness/check/error_body.h"

#include <gtest/gtest.h>

namespace blobconform::check {
namespace {

// Azurite 3.37.0 (azurite-3.37.0.md §4.6), with a request id filled in.
const char* kAzuriteBody =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Error>\n"
    "  <Code>NoPendingCopyOperation</Code>\n"
    "  <Message>There is currently no pending copy operation.\n"
    "RequestId:6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n"
    "Time:2025-01-02T03:04:05.678Z</Message>\n</Error>";

// The real service's 403 (azure-blob-facts §5.6), no XML declaration, one line.
const char* kAzureAuthBody =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
    "<Message>Server failed to authenticate the request. Make sure the value of Authorization "
    "header is formed correctly including the signature.\r\n"
    "RequestId:0f4e8b2a-701e-0042-3a1b-2c3d4e000000\r\n"
    "Time:2025-01-02T03:04:05.6789012Z</Message>"
    "<AuthenticationErrorDetail>The MAC signature found in the HTTP request 'abc=' is not the "
    "same as any computed signature. Server used following string to sign: 'PUT\n\n'."
    "</AuthenticationErrorDetail></Error>";

TEST(ParseErrorBody, AzuriteBody) {
  auto r = parse_error_body(kAzuriteBody);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->code, "NoPendingCopyOperation");
  EXPECT_EQ(r->request_id, "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  EXPECT_EQ(r->message.rfind("There is currently no pending copy operation.\n", 0), 0u);
  EXPECT_TRUE(r->details.empty());
}

TEST(ParseErrorBody, AzureBodyWithAuthenticationErrorDetail) {
  auto r = parse_error_body(kAzureAuthBody);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->code, "AuthenticationFailed");
  EXPECT_EQ(r->request_id, "0f4e8b2a-701e-0042-3a1b-2c3d4e000000");
  ASSERT_EQ(r->details.size(), 1u);
  EXPECT_EQ(r->details[0].first, "AuthenticationErrorDetail");
  EXPECT_EQ(r->details[0].second.rfind("The MAC signature found", 0), 0u);
}

TEST(ParseErrorBody, HeaderNameDetailsKeepTheirOrder) {
  auto r = parse_error_body(
      "<Error><Code>MissingRequiredHeader</Code><Message>m</Message>"
      "<HeaderName>x-ms-copy-action</HeaderName><Reason>r</Reason></Error>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->request_id, "");
  ASSERT_EQ(r->details.size(), 2u);
  EXPECT_EQ(r->details[0], (std::pair<std::string, std::string>{"HeaderName", "x-ms-copy-action"}));
  EXPECT_EQ(r->details[1].first, "Reason");
}

TEST(ParseErrorBody, MalformedXmlIsAnError) {
  auto r = parse_error_body("<Error><Code>X</Code>");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not well-formed XML"), std::string::npos) << r.error().message;
  EXPECT_FALSE(parse_error_body(""));
  EXPECT_FALSE(parse_error_body("not xml at all"));
}

TEST(ParseErrorBody, WrongRootOrNoCodeIsAnError) {
  auto r = parse_error_body("<Fault><Code>X</Code></Fault>");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("<Fault>"), std::string::npos);
  auto r2 = parse_error_body("<Error><Message>m</Message></Error>");
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message.find("no <Code>"), std::string::npos);
}

TEST(ParseErrorBody, OversizedInputIsRefused) {
  std::string big = "<Error><Code>X</Code><Message>" + std::string(kMaxXmlBytes, 'a') +
                    "</Message></Error>";
  auto r = parse_error_body(big);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("exceeds the limit"), std::string::npos);
}

TEST(XmlText, FirstMatchFromRootChildren) {
  const char* doc =
      "<R><A><C>no</C></A><A><B>first</B><B>second</B></A><B>top</B></R>";
  auto ab = xml_text(doc, "A/B");
  ASSERT_TRUE(ab) << ab.error().message;
  EXPECT_EQ(*ab, "first");
  auto b = xml_text(doc, "B");
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, "top");
  EXPECT_EQ(*xml_text(kAzuriteBody, "Code"), "NoPendingCopyOperation");
}

TEST(XmlText, RootNameIsNotPartOfThePath) {
  EXPECT_FALSE(xml_text("<Error><Code>X</Code></Error>", "Error/Code"));
}

TEST(XmlText, TextContentIncludesDescendantsAndCdata) {
  auto r = xml_text("<R><A>x<i>y</i><![CDATA[<z>]]></A></R>", "A");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "xy<z>");
}

TEST(XmlText, Errors) {
  auto missing = xml_text("<R><A/></R>", "B");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no element at XML path \"B\""), std::string::npos);
  EXPECT_FALSE(xml_text("<R><A/></R>", ""));
  EXPECT_FALSE(xml_text("<R><A/></R>", "A//B"));
  EXPECT_FALSE(xml_text("<R><A></R>", "A"));
}

}  // namespace
}  // namespace blobconform::check
