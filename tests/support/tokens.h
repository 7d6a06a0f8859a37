// Microsoft Entra-shaped access tokens for the tests: the claims a storage front end reads, and no
// real signature (the servers under test here check a token's claims, not its signature).
#pragma once

#include <chrono>
#include <string>

#include "harness/auth/jwt.h"

namespace blobconform::testing {

inline constexpr const char* kTestOid = "11111111-1111-4111-8111-111111111111";

// A token of `tenant` (its issuer https://sts.windows.net/<tenant>/ and tid) for `audience`, valid
// from a minute ago for `lifetime`.
inline std::string test_token(const std::string& tenant, std::chrono::seconds lifetime = std::chrono::hours(1),
                              const std::string& audience = "https://storage.azure.com", const std::string& oid = kTestOid) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return auth::make_unsigned_jwt(R"({"aud":")" + audience + R"(","iss":"https://sts.windows.net/)" + tenant + R"(/","tid":")" +
                                 tenant + R"(","oid":")" + oid + R"(","iat":)" + std::to_string(now - 60) + R"(,"nbf":)" +
                                 std::to_string(now - 60) + R"(,"exp":)" + std::to_string(now + lifetime.count()) + "}");
}

}  // namespace blobconform::testing
