// User-delegation SAS strings to sign, checked against what an implementation computes: Azurite's
// own unit tests (tests/blob/unit/blobSASSignatureValues.unit.test.ts, which assert the string
// verbatim and sign it with the raw key text), and, for Abort Copy Blob's `sp=w` at each layout,
// signatures computed with Azurite's generateBlobSASSignatureWithUDK and with Python's hmac
// (docs/research/user-delegation-sas.md §C).
#include "harness/auth/user_delegation_sas.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

// '|' for '\n', as the research file writes the 26- and 28-line strings.
std::string lines(std::string text) {
  for (char& c : text) c = c == '|' ? '\n' : c;
  return text;
}

// The inputs of Azurite's unit tests for `version`, its key the raw text `key_text`.
UserDelegationSas azurite_unit_case(const std::string& version, const std::string& day, const std::string& next_day,
                                    const std::string& key_text) {
  UserDelegationSas sas;
  sas.version = version;
  sas.resource = "b";
  sas.permissions = "racwd";
  sas.start = day;
  sas.expiry = next_day;
  sas.ip = "10.0.0.1-10.0.0.10";
  sas.protocol = "https";
  sas.delegated_user_oid = "44444444-4444-4444-4444-444444444444";
  sas.encryption_scope = "scope-a";
  sas.cache_control = "max-age=60";
  sas.content_disposition = "attachment";
  sas.content_encoding = "gzip";
  sas.content_language = "en-US";
  sas.content_type = "text/plain";
  sas.account = "devstoreaccount1";
  sas.container = "container-a";
  sas.blob = "blob-a.txt";
  sas.key = {"11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", day, next_day, "b", version,
             "33333333-3333-3333-3333-333333333333", wire::base64_encode(key_text)};
  return sas;
}

TEST(UserDelegationSas, Azurites2025_07_05VectorTwentySixLines) {
  auto sas = azurite_unit_case("2025-07-05", "2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "unit-test-key-20250705");
  auto built = user_delegation_sas_string_to_sign(sas);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(*built, lines("racwd|2025-01-01T00:00:00Z|2025-01-02T00:00:00Z|/blob/devstoreaccount1/container-a/blob-a.txt|"
                          "11111111-1111-1111-1111-111111111111|22222222-2222-2222-2222-222222222222|2025-01-01T00:00:00Z|"
                          "2025-01-02T00:00:00Z|b|2025-07-05||||33333333-3333-3333-3333-333333333333|"
                          "44444444-4444-4444-4444-444444444444|10.0.0.1-10.0.0.10|https|2025-07-05|b||scope-a|max-age=60|"
                          "attachment|gzip|en-US|text/plain"));
  EXPECT_EQ(user_delegation_sas_signature(sas).value(), "po1qkk+3XV0zPeGRDQYDl2ZpSHm4YRMA0Hcd65gaiAc=");
}

TEST(UserDelegationSas, Azurites2026_04_06VectorTwentyEightLinesAndAContainer) {
  auto sas = azurite_unit_case("2026-04-06", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "unit-test-key-20260406");
  auto built = user_delegation_sas_string_to_sign(sas);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(std::count(built->begin(), built->end(), '\n'), 27);
  EXPECT_NE(built->find("\nb\n\nscope-a\n\n\nmax-age=60\n"), std::string::npos);
  EXPECT_EQ(user_delegation_sas_signature(sas).value(), "VVi8zAzp+GrBjNp8Six0Ow1Sxc1PdKreTc0KsROUuAQ=");
  sas.resource = "c";
  sas.container = "container-b";
  auto container = user_delegation_sas_string_to_sign(sas);
  ASSERT_TRUE(container.ok());
  std::vector<std::string> fields;
  std::stringstream in(*container);
  for (std::string field; std::getline(in, field);) fields.push_back(field);
  EXPECT_EQ(fields.at(3), "/blob/devstoreaccount1/container-b");  // the blob name left out
  EXPECT_EQ(fields.at(18), "c");
}

// Abort Copy Blob's write SAS at each layout, with the key Azurite derives for these inputs.
// Abort Copy's write SAS of docs/research/user-delegation-sas.md §C.5, its key as Azurite derives it.
UserDelegationSas abort_write_sas(const std::string& version) {
  UserDelegationSas sas;
  sas.version = version;
  sas.resource = "b";
  sas.permissions = "w";
  sas.start = "2025-01-01T00:00:00Z";
  sas.expiry = "2025-01-02T00:00:00Z";
  sas.protocol = "https,http";
  sas.account = "devstoreaccount1";
  sas.container = "mycontainer";
  sas.blob = "myblob";
  sas.key = {"11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "2025-01-01T00:00:00Z",
             "2025-01-08T00:00:00Z", "b", "2026-06-06", "", "SgZa+ygrrtsyVXHSuzZmfZwZB7FXMItMiXXo66tKEZ8="};
  return sas;
}

TEST(UserDelegationSas, AbortCopyWriteSasAtEachLayout) {
  struct Row {
    const char* version;
    size_t lines;
    const char* signature;
  } rows[] = {
      {"2018-11-09", 20, "wLcmX4Zv9NA8vIlu31AaXRhFAKn5aqnz4bdUApgj3p8="},
      {"2020-02-10", 23, "LW+MhnkHS2LAEQvLPe8vfcbY2JlqptHllqKwH4M1+Pw="},
      {"2020-12-06", 24, "P/JwwIuuTqOYr4kzmAgKbwq3J/jY7V34LWTar+ahjVA="},
      {"2025-07-05", 26, "p0ETDsFpdDJXk3i6VMX0IhR1ZTmIdeMjf1U6magKpSM="},
      {"2026-04-06", 28, "+kzxPRFsbtYGE3X/1mlps4GdN21ukqFstnnS7GfwDec="},
  };
  for (const auto& row : rows) {
    UserDelegationSas sas = abort_write_sas(row.version);
    auto built = user_delegation_sas_string_to_sign(sas);
    ASSERT_TRUE(built.ok()) << row.version << ": " << built.error().message;
    EXPECT_EQ(static_cast<size_t>(std::count(built->begin(), built->end(), '\n')) + 1, row.lines) << row.version;
    EXPECT_EQ(built->rfind("w\n2025-01-01T00:00:00Z\n2025-01-02T00:00:00Z\n/blob/devstoreaccount1/mycontainer/myblob\n", 0), 0u);
    EXPECT_EQ(user_delegation_sas_signature(sas).value(), row.signature) << row.version;
  }
}

TEST(UserDelegationSas, BadInputsAreNamedAndTheKeyNeverShown) {
  UserDelegationSas sas;
  sas.version = "2018-03-28";
  sas.resource = "b";
  sas.account = "a";
  sas.container = "c";
  sas.blob = "b";
  EXPECT_NE(user_delegation_sas_string_to_sign(sas).error().message.find("not a version from 2018-11-09"), std::string::npos);
  sas.version = "2020-12-06";
  sas.resource = "x";
  EXPECT_NE(user_delegation_sas_string_to_sign(sas).error().message.find("sr: \"x\""), std::string::npos);
  sas.resource = "b";
  sas.blob.clear();
  EXPECT_NE(user_delegation_sas_string_to_sign(sas).error().message.find("must be named"), std::string::npos);
  sas.blob = "b";
  sas.permissions = "w\nr";
  EXPECT_NE(user_delegation_sas_string_to_sign(sas).error().message.find("field 1 holds a line break"), std::string::npos);
  sas.permissions = "w";
  sas.key.value = "not base64 secret!";
  auto signed_ = user_delegation_sas_signature(sas);
  ASSERT_FALSE(signed_.ok());
  EXPECT_EQ(signed_.error().message.find("secret"), std::string::npos);
}

// The token carries every field the string-to-sign took, in the C++ SDK's order, and only those sv
// knows: the 2018-11-09 token has no scid even when one is set; a tampered one differs in its sig.
TEST(UserDelegationSas, TheTokenCarriesWhatWasSigned) {
  UserDelegationSas sas = abort_write_sas("2020-02-10");
  sas.correlation_id = "corr-1";
  auto signature = user_delegation_sas_signature(sas);
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(user_delegation_sas_token(sas, false).value(),
            "sv=2020-02-10&sr=b&sp=w&st=2025-01-01T00%3A00%3A00Z&se=2025-01-02T00%3A00%3A00Z&spr=https%2Chttp"
            "&skoid=11111111-1111-1111-1111-111111111111&sktid=22222222-2222-2222-2222-222222222222"
            "&skt=2025-01-01T00%3A00%3A00Z&ske=2025-01-08T00%3A00%3A00Z&sks=b&skv=2026-06-06&scid=corr-1&sig=" +
                wire::percent_encode(*signature));
  auto tampered = user_delegation_sas_token(sas, true).value();
  EXPECT_EQ(tampered.find(wire::percent_encode(*signature)), std::string::npos);
  sas.version = "2018-11-09";
  EXPECT_EQ(user_delegation_sas_token(sas, false).value().find("scid"), std::string::npos);
}

}  // namespace
}  // namespace blobconform::auth
