// Service SAS for a blob or a container, signed with the account key (facts §5.1, §5.2).
#pragma once

#include <string>

#include "harness/auth/account_key.h"
#include "harness/wire/result.h"

namespace blobconform::auth {

struct ServiceSas {
  std::string version;      // sv, "YYYY-MM-DD", from 2012-02-12
  std::string resource;     // sr: "b", "c"; "bs", "bv" from 2018-11-09
  std::string permissions;  // sp, e.g. "w"; letters must suit the resource (order is not checked)
  std::string start;        // st, ISO 8601 or empty
  std::string expiry;       // se, ISO 8601; empty only with an identifier
  std::string identifier;   // si, a stored access policy
  std::string ip;           // sip, from 2015-04-05
  std::string protocol;     // spr, from 2015-04-05
  std::string snapshot_time;     // signed from 2018-11-09; sent by the request as ?snapshot=, not in the token
  std::string encryption_scope;  // ses, from 2020-12-06
  std::string cache_control, content_disposition, content_encoding, content_language,
      content_type;  // rscc, rscd, rsce, rscl, rsct, from 2013-08-15
  std::string account, container, blob;  // decoded names; blob empty for resource "c"
};

// "/blob/<account>/<container>[/<blob>]" from 2015-02-21, "/<account>/<container>[/<blob>]" before.
Result<std::string> service_sas_canonicalized_resource(const ServiceSas& sas);

// The string-to-sign of the layout sv selects: 2012-02-12 (6 fields), 2013-08-15 (11),
// 2015-04-05 (13), 2018-11-09 (15), 2020-12-06 (16). Fields the version does not know are left out.
// Errors: sv malformed or before 2012-02-12, unknown resource, letters not allowed for the
// resource, missing permissions or expiry without an identifier, a missing name, a line break.
Result<std::string> service_sas_string_to_sign(const ServiceSas& sas);

// The token as query text, values percent-encoded, in this order:
// sv, sr, sp, st, se, si, sip, spr, ses, rscc, rscd, rsce, rscl, rsct, sig. Only non-empty fields
// that sv knows appear (sr always). tamper: one character of the signature is changed.
Result<std::string> service_sas_token(const ServiceSas& sas, const AccountKey& key, bool tamper);

}  // namespace blobconform::auth
