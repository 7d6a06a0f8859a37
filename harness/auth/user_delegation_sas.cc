#include "harness/auth/user_delegation_sas.h"

#include <initializer_list>
#include <vector>

#include "harness/auth/hmac.h"
#include "harness/auth/sas_fields.h"
#include "harness/auth/service_version.h"
#include "harness/auth/signature_tamper.h"
#include "harness/wire/encoding.h"

namespace blobconform::auth {

Result<std::string> user_delegation_sas_string_to_sign(const UserDelegationSas& sas) {
  if (!is_service_version(sas.version) || !version_at_least(sas.version, "2018-11-09")) {
    return fail("sv: \"" + sas.version + "\" is not a version from 2018-11-09, the first with user-delegation SAS");
  }
  if (sas.resource != "b" && sas.resource != "c" && sas.resource != "bs" && sas.resource != "bv") {
    return fail("sr: \"" + sas.resource + "\" is not b, c, bs or bv");
  }
  if (sas.account.empty() || sas.container.empty() || (sas.resource != "c" && sas.blob.empty())) {
    return fail("the account, container" + std::string(sas.resource != "c" ? " and blob" : "") + " must be named");
  }
  std::string resource = "/blob/" + sas.account + "/" + sas.container + (sas.resource == "c" ? "" : "/" + sas.blob);
  const UserDelegationKey& key = sas.key;
  std::vector<const std::string*> lines = {&sas.permissions, &sas.start,         &sas.expiry,         &resource,
                                           &key.signed_oid,  &key.signed_tid,    &key.signed_start,   &key.signed_expiry,
                                           &key.signed_service, &key.signed_version};
  auto add = [&](std::initializer_list<const std::string*> fields) { lines.insert(lines.end(), fields); };
  if (version_at_least(sas.version, "2020-02-10")) add({&sas.authorized_oid, &sas.unauthorized_oid, &sas.correlation_id});
  if (version_at_least(sas.version, "2025-07-05")) add({&key.signed_delegated_user_tid, &sas.delegated_user_oid});
  add({&sas.ip, &sas.protocol, &sas.version, &sas.resource, &sas.snapshot_time});
  if (version_at_least(sas.version, "2020-12-06")) add({&sas.encryption_scope});
  if (version_at_least(sas.version, "2026-04-06")) add({&sas.request_headers, &sas.request_query});
  add({&sas.cache_control, &sas.content_disposition, &sas.content_encoding, &sas.content_language, &sas.content_type});
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i]->find_first_of("\r\n") != std::string::npos) return fail("field " + std::to_string(i + 1) + " holds a line break");
    out += (i ? "\n" : "") + *lines[i];
  }
  return out;
}

Result<std::string> user_delegation_sas_signature(const UserDelegationSas& sas) {
  auto string_to_sign = user_delegation_sas_string_to_sign(sas);
  if (!string_to_sign) return string_to_sign.error();
  auto key = wire::base64_decode(sas.key.value);
  if (!key) return fail("the user delegation key's Value is not Base64");
  return hmac_sha256_base64(*key, *string_to_sign);
}

Result<std::string> user_delegation_sas_token(const UserDelegationSas& sas, bool tamper) {
  auto signature = user_delegation_sas_signature(sas);
  if (!signature) return signature.error();
  if (tamper) *signature = tamper_signature(*signature);
  const std::string& v = sas.version;
  const UserDelegationKey& key = sas.key;
  std::string token;
  for (auto [name, value] : {std::pair{"sv", &v}, {"sr", &sas.resource}, {"sp", &sas.permissions}, {"st", &sas.start},
                             {"se", &sas.expiry}, {"sip", &sas.ip}, {"spr", &sas.protocol}, {"skoid", &key.signed_oid},
                             {"sktid", &key.signed_tid}, {"skt", &key.signed_start}, {"ske", &key.signed_expiry},
                             {"sks", &key.signed_service}, {"skv", &key.signed_version}}) {
    append_parameter(token, name, *value);
  }
  if (version_at_least(v, "2020-02-10")) {
    append_parameter(token, "saoid", sas.authorized_oid);
    append_parameter(token, "suoid", sas.unauthorized_oid);
    append_parameter(token, "scid", sas.correlation_id);
  }
  if (version_at_least(v, "2025-07-05")) {
    append_parameter(token, "skdutid", key.signed_delegated_user_tid);
    append_parameter(token, "sduoid", sas.delegated_user_oid);
  }
  if (version_at_least(v, "2020-12-06")) append_parameter(token, "ses", sas.encryption_scope);
  if (version_at_least(v, "2026-04-06")) {
    append_parameter(token, "srh", sas.request_headers);
    append_parameter(token, "srq", sas.request_query);
  }
  for (auto [name, value] : {std::pair{"rscc", &sas.cache_control}, {"rscd", &sas.content_disposition},
                             {"rsce", &sas.content_encoding}, {"rscl", &sas.content_language}, {"rsct", &sas.content_type}}) {
    append_parameter(token, name, *value);
  }
  append_parameter(token, "sig", *signature);
  return token;
}

}  // namespace blobconform::auth
