// The user delegation key Get User Delegation Key answers (docs/research/user-delegation-sas.md
// §A.2): what a user-delegation SAS carries as skoid..skv and signs with, read from the response's
// XML. Its Value is a secret: run::redact hides it wherever it appears.
#pragma once

#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::auth {

inline constexpr size_t kMaxUserDelegationKeyBytes = 16 * 1024;  // the service's answer is ~500 bytes

struct UserDelegationKey {
  std::string signed_oid, signed_tid;          // skoid, sktid
  std::string signed_start, signed_expiry;     // skt, ske, as the service wrote them
  std::string signed_service = "b";            // sks
  std::string signed_version;                  // skv
  std::string signed_delegated_user_tid;       // skdutid, from 2025-07-05 (absent: empty)
  std::string value;                           // Base64: the HMAC key once decoded
};

// Reads <UserDelegationKey> with SignedOid, SignedTid, SignedStart, SignedExpiry, SignedService,
// SignedVersion and Value (each required, text only) and SignedDelegatedUserTid (optional). An
// error names the element and the reason, never the Value.
Result<UserDelegationKey> parse_user_delegation_key(std::string_view xml);

}  // namespace blobconform::auth
