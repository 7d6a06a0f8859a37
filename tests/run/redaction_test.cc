// Redaction of recorded exchanges (harness/run/redaction.h): every form a secret takes on the wire
// is hidden, wherever it appears; short values are left alone.
#include "harness/run/redaction.h"

#include "harness/wire/encoding.h"

#include <gtest/gtest.h>

#include "tests/support/command.h"

namespace blobconform::run {
namespace {

// A SAS signature: Base64 with '+', '/' and '=', so its encoded and decoded forms differ.
const std::string kSignature = "ab+cd/ef==ghij";
const std::string kEncoded = "ab%2Bcd%2Fef%3D%3Dghij";

TEST(Redaction, EveryFormOfASecretIsHidden) {
  Secrets secrets({kSignature});
  EXPECT_EQ(scrub("sig=" + kSignature + "&x", secrets), "sig=REDACTED&x");
  EXPECT_EQ(scrub("sig=" + kEncoded + "&x", secrets), "sig=REDACTED&x");
  // A secret given in its encoded form is found decoded too.
  Secrets encoded({kEncoded});
  EXPECT_EQ(scrub("a " + kSignature + " b " + kEncoded, encoded), "a REDACTED b REDACTED");
}

TEST(Redaction, FormsAreComputedOnceAndKeptOnce) {
  Secrets secrets;
  secrets.add(kSignature);
  secrets.add(kSignature);
  secrets.add("plainsecretvalue");  // encoded and decoded forms are the same text
  EXPECT_EQ(secrets.forms().size(), 3u);
  secrets.add("short");  // under kMinSecretBytes: not a signature
  EXPECT_EQ(secrets.forms().size(), 3u);
  EXPECT_EQ(scrub("short", secrets), "short");
}

TEST(Redaction, ExchangesAreRedactedInTargetHeadersAndBodies) {
  Secrets secrets({kSignature});
  transport::Exchange exchange;
  exchange.request.target = "/c/b?comp=copy&sig=" + kEncoded;
  exchange.request.headers = {{"Authorization", "SharedKey acct:" + kSignature}, {"x-ms-meta-a", kSignature}};
  exchange.request.body = "body " + kSignature;
  transport::Response response;
  response.headers = {{"x-ms-copy-source", "https://a/b?sig=" + kEncoded}};
  response.body = "<Message>" + kSignature + "</Message>";
  exchange.response = response;
  exchange.transport_error = "failed after " + kSignature;
  auto redacted = redact(exchange, secrets);
  std::string all = redacted.request.target + redacted.request.body + redacted.response->body + redacted.transport_error;
  for (const auto& [name, value] : redacted.request.headers) all += value;
  for (const auto& [name, value] : redacted.response->headers) all += value;
  EXPECT_EQ(all.find(kSignature), std::string::npos) << all;
  EXPECT_EQ(all.find(kEncoded), std::string::npos) << all;
  EXPECT_NE(redacted.request.body.find("body "), std::string::npos) << "only the secret is replaced";
}

// Get User Delegation Key's answer carries a secret of its own: its Value, hidden wherever it then
// appears (the answer itself, a later request's echo), once the answer has been seen.
TEST(Redaction, AUserDelegationKeysValueIsASecretOnceItsAnswerIsSeen) {
  const std::string value = "SgZa+ygrrtsyVXHSuzZmfZwZB7FXMItMiXXo66tKEZ8=";
  const std::string answer = "<?xml version=\"1.0\" encoding=\"utf-8\"?><UserDelegationKey><SignedOid>o</SignedOid>"
                             "<SignedTid>t</SignedTid><SignedStart>2025-01-01T00:00:00Z</SignedStart><SignedExpiry>"
                             "2025-01-08T00:00:00Z</SignedExpiry><SignedService>b</SignedService><SignedVersion>2026-06-06"
                             "</SignedVersion><Value>" + value + "</Value></UserDelegationKey>";
  Secrets secrets;
  secrets.add_carried_by("<Error><Code>AuthenticationFailed</Code></Error>");  // no key: nothing to hide
  EXPECT_TRUE(secrets.forms().empty());
  EXPECT_NE(testing::shown_signature_or_key(answer), "");
  secrets.add_carried_by(answer);
  std::string redacted = scrub(answer + " then " + wire::percent_encode(value), secrets);
  EXPECT_EQ(redacted.find(value), std::string::npos) << redacted;
  EXPECT_EQ(redacted.find(wire::percent_encode(value)), std::string::npos) << redacted;
  EXPECT_NE(redacted.find("<Value>REDACTED</Value>"), std::string::npos) << redacted;
  // The tests' scan finds a signature or a Value shown, and only those.
  EXPECT_EQ(testing::shown_signature_or_key(redacted), "");
  EXPECT_NE(testing::shown_signature_or_key("x?sv=2020&sig=abcdefghijklmnopqrstuvwxyz12"), "");
  EXPECT_NE(testing::shown_signature_or_key("&lt;Value&gt;" + value), "");
  EXPECT_EQ(testing::shown_signature_or_key("sig=REDACTED&sig=Sanitized"), "");
}

}  // namespace
}  // namespace blobconform::run
