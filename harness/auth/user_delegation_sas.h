// User-delegation SAS (issue 19; the evidence is in docs/research/user-delegation-sas.md): a
// service SAS signed with the user delegation key that Get User Delegation Key gave a Microsoft
// Entra identity, not with the account key.
#pragma once

#include <string>

#include "harness/auth/user_delegation_key.h"
#include "harness/wire/result.h"

namespace blobconform::auth {

struct UserDelegationSas {
  std::string version;      // sv, from 2018-11-09
  std::string resource;     // sr: b, c, bs, bv
  std::string permissions;  // sp
  std::string start, expiry;  // st, se (ISO 8601)
  std::string ip, protocol;   // sip, spr
  std::string authorized_oid, unauthorized_oid, correlation_id;  // saoid, suoid, scid, from 2020-02-10
  std::string delegated_user_oid;                                // sduoid, from 2025-07-05
  std::string snapshot_time;     // the snapshot or version the request names (sr bs, bv)
  std::string encryption_scope;  // ses, from 2020-12-06
  std::string request_headers, request_query;  // srh, srq, from 2026-04-06
  std::string cache_control, content_disposition, content_encoding, content_language, content_type;  // rscc..rsct
  std::string account, container, blob;  // decoded names; blob empty for resource "c"
  UserDelegationKey key;
};

// The string-to-sign of the layout sv selects, one field a line: sp, st, se, the resource, the
// key's six fields; from 2020-02-10 saoid, suoid, scid; from 2025-07-05 the key's skdutid and
// sduoid; then sip, spr, sv, sr, the snapshot time; from 2020-12-06 ses; from 2026-04-06 srh and
// srq; then rscc..rsct (20, 23, 24, 26 and 28 lines). Errors: sv malformed or before 2018-11-09,
// an unknown resource, a missing name, a line break in a field.
Result<std::string> user_delegation_sas_string_to_sign(const UserDelegationSas& sas);

// Base64(HMAC-SHA256(Base64Decode(key.value), string-to-sign)); an error when the key's Value is
// not Base64 (the message never holds the Value).
Result<std::string> user_delegation_sas_signature(const UserDelegationSas& sas);

// The token as query text, values percent-encoded, in the order the Azure SDK for C++ writes it:
// sv, sr, sp, st, se, sip, spr, skoid, sktid, skt, ske, sks, skv, then the fields sv knows of
// saoid, suoid, scid, skdutid, sduoid, ses, srh, srq, rscc..rsct, and sig. Empty fields are left
// out. tamper: one character of the signature is changed.
Result<std::string> user_delegation_sas_token(const UserDelegationSas& sas, bool tamper);

}  // namespace blobconform::auth
