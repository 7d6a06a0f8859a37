// JSON Web Tokens (RFC 7519) as a bearer-token run reads them: the claims of a Microsoft Entra
// access token that decide when it must be fetched again and how a server judges it. The
// signature is neither checked nor made with a real key: the harness never holds the issuer's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::auth {

inline constexpr size_t kMaxJwtLength = 16 * 1024;  // Entra access tokens are 1-3 KB

struct JwtClaims {
  std::string alg;                      // from the header
  std::optional<int64_t> exp, nbf, iat;  // seconds since the epoch
  std::string iss, tid, oid;
  std::vector<std::string> audiences;   // aud: one string, or each string of an array
};

// Reads header.payload.signature: each part base64url, header and payload JSON objects. An error
// names the part and the reason, never the token's text.
Result<JwtClaims> parse_jwt(std::string_view token);

// A token with these claims (a JSON object) and the alg "none"-shaped header the tests and cases
// need: header {"alg":"RS256","typ":"JWT"} and a signature of `signature_bytes` zero bytes, which
// no issuer signed, for servers that do not verify signatures (Azurite --oauth basic, the
// reference target) and for the cases about tokens a service must refuse.
std::string make_unsigned_jwt(std::string_view claims_json, size_t signature_bytes = 256);

// `token` with these payload claims set (dates as numbers, the others as strings; a claim not
// there is added), its header kept, and a signature of as many zero bytes as its own: the claims
// of a real token, which no issuer signed. An error names what of the token could not be read.
Result<std::string> with_claims(std::string_view token, const std::map<std::string, int64_t>& dates,
                                const std::map<std::string, std::string>& texts);

}  // namespace blobconform::auth
