// Account SAS, signed with the account key (facts §5.3).
#pragma once

#include <string>

#include "harness/auth/account_key.h"
#include "harness/wire/result.h"

namespace blobconform::auth {

struct AccountSas {
  std::string version;         // sv, from 2015-04-05
  std::string services;        // ss: letters of "bfqt"
  std::string resource_types;  // srt: letters of "sco"
  std::string permissions;     // sp: letters of "rwdxylacuptfi"
  std::string start, expiry;   // st (optional), se (required): ISO 8601
  std::string ip, protocol;    // sip, spr
  std::string encryption_scope;  // ses, from 2020-12-06
  std::string account;
};

// 2015-04-05: account\nsp\nss\nsrt\nst\nse\nsip\nspr\nsv\n
// 2020-12-06: account\nsp\nss\nsrt\nst\nse\nsip\nspr\nsv\nses\n   (both end with a newline)
// Errors: sv malformed or before 2015-04-05, empty or unknown letters in ss/srt/sp, missing expiry
// or account, a line break in a field.
Result<std::string> account_sas_string_to_sign(const AccountSas& sas);

// Query text: sv, ss, srt, sp, st, se, sip, spr, ses (from 2020-12-06), sig; values percent-encoded,
// empty fields left out. tamper: one character of the signature is changed.
Result<std::string> account_sas_token(const AccountSas& sas, const AccountKey& key, bool tamper);

}  // namespace blobconform::auth
