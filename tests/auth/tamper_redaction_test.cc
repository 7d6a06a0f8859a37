#include <gtest/gtest.h>

#include "harness/auth/redaction.h"
#include "harness/auth/signature_tamper.h"
#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

int differences(const std::string& a, const std::string& b) {
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

TEST(TamperSignature, ChangesExactlyOneCharacterAndStaysBase64) {
  for (std::string signature : {"HklzNj4YFp2uJTX7mwP8EKbz6fE4QdysG4iEGHtpb2E=",
                                "/dg/QvBstiAFNCCOuTg6dIZbLVhhfagrkLhdoBKkG7g=",
                                "+dg/QvBstiAFNCCOuTg6dIZbLVhhfagrkLhdoBKkG7g=", "AAAA"}) {
    std::string tampered = tamper_signature(signature);
    ASSERT_EQ(tampered.size(), signature.size());
    EXPECT_EQ(differences(tampered, signature), 1) << signature;
    EXPECT_TRUE(wire::base64_decode(tampered).ok()) << tampered;
    EXPECT_EQ(tamper_signature(signature), tampered);  // deterministic
  }
}

TEST(TamperSignature, NothingToChange) {
  EXPECT_EQ(tamper_signature(""), "");
  EXPECT_EQ(tamper_signature("=="), "==");
}

TEST(RedactSas, ReplacesSigValueEverywhere) {
  const std::string secret = "R0JIEQSTMVX5nH9vJC3kl0tEbMxQ6%2FaqJ2tz6orBTwc%3D";
  EXPECT_EQ(redact_sas("/c/b?comp=copy&sv=2020-12-06&sig=" + secret + "&sp=w"),
            "/c/b?comp=copy&sv=2020-12-06&sig=REDACTED&sp=w");
  EXPECT_EQ(redact_sas("https://a.blob.core.windows.net/c/b?sig=" + secret),
            "https://a.blob.core.windows.net/c/b?sig=REDACTED");
  EXPECT_EQ(redact_sas("sv=1&SIG=" + secret), "sv=1&SIG=REDACTED");              // bare query, any case
  EXPECT_EQ(redact_sas("/c?si%67=" + secret + "&sig=x"), "/c?si%67=REDACTED&sig=REDACTED");  // encoded name, twice
  EXPECT_EQ(redact_sas("/c?sig=" + secret + "#frag"), "/c?sig=REDACTED#frag");
  EXPECT_EQ(redact_sas("/c?sig="), "/c?sig=REDACTED");
}

TEST(RedactSas, LeavesOtherTextAlone) {
  EXPECT_EQ(redact_sas("/c/b?comp=copy&copyid=abc&signature=x&xsig=y"), "/c/b?comp=copy&copyid=abc&signature=x&xsig=y");
  EXPECT_EQ(redact_sas("/c/sig=abc"), "/c/sig=abc");
  EXPECT_EQ(redact_sas(""), "");
  EXPECT_EQ(redact_sas("/c?a=1&&b=2&"), "/c?a=1&&b=2&");
}

TEST(RedactAuthorization, Forms) {
  EXPECT_EQ(redact_authorization("SharedKey devstoreaccount1:HklzNj4YFp2uJTX7mwP8EKbz6fE4QdysG4iEGHtpb2E="),
            "SharedKey devstoreaccount1:REDACTED");
  EXPECT_EQ(redact_authorization("SharedKeyLite acct:abc"), "SharedKeyLite acct:REDACTED");
  EXPECT_EQ(redact_authorization("Bearer eyJhbGciOi"), "Bearer REDACTED");
  EXPECT_EQ(redact_authorization("justasecret"), "REDACTED");
  EXPECT_EQ(redact_authorization(""), "");
  std::string out = redact_authorization("SharedKey a:sig:more");
  EXPECT_EQ(out, "SharedKey a:REDACTED");
}

}  // namespace
}  // namespace blobconform::auth
