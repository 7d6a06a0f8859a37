// Redaction of recorded exchanges (harness/run/redaction.h): every form a secret takes on the wire
// is hidden, wherever it appears; short values are left alone.
#include "harness/run/redaction.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace blobconform::run
