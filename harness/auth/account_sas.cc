#include "harness/auth/account_sas.h"

#include <utility>
#include <vector>

#include "harness/auth/hmac.h"
#include "harness/auth/sas_fields.h"
#include "harness/auth/service_version.h"
#include "harness/auth/signature_tamper.h"

namespace blobconform::auth {
namespace {

bool has_encryption_scope(std::string_view v) { return version_at_least(v, "2020-12-06"); }

Result<std::string> validate(const AccountSas& sas) {
  auto version = check_sas_version("version (sv)", sas.version, "2015-04-05");
  if (!version) return version.error();
  const std::vector<std::pair<const char*, const std::string*>> fields = {
      {"services (ss)", &sas.services}, {"resource_types (srt)", &sas.resource_types},
      {"permissions (sp)", &sas.permissions}, {"start (st)", &sas.start}, {"expiry (se)", &sas.expiry},
      {"ip (sip)", &sas.ip}, {"protocol (spr)", &sas.protocol},
      {"encryption_scope (ses)", &sas.encryption_scope}, {"account", &sas.account}};
  for (const auto& [name, value] : fields) {
    auto checked = check_single_line(name, *value);
    if (!checked) return checked.error();
  }
  const std::vector<std::pair<const char*, std::pair<const std::string*, std::string_view>>> sets = {
      {"services (ss)", {&sas.services, "bfqt"}},
      {"resource_types (srt)", {&sas.resource_types, "sco"}},
      {"permissions (sp)", {&sas.permissions, "rwdxylacuptfi"}}};
  for (const auto& [name, set] : sets) {
    if (set.first->empty()) return fail(std::string(name) + ": required");
    auto checked = check_letters(name, *set.first, set.second, "in an account SAS");
    if (!checked) return checked.error();
  }
  if (sas.expiry.empty()) return fail("expiry (se): required");
  if (sas.account.empty()) return fail("account: must not be empty");
  return sas.version;
}

}  // namespace

Result<std::string> account_sas_string_to_sign(const AccountSas& sas) {
  auto valid = validate(sas);
  if (!valid) return valid.error();
  std::string out = sas.account + "\n" + sas.permissions + "\n" + sas.services + "\n" + sas.resource_types + "\n" +
                    sas.start + "\n" + sas.expiry + "\n" + sas.ip + "\n" + sas.protocol + "\n" + sas.version + "\n";
  if (has_encryption_scope(sas.version)) out += sas.encryption_scope + "\n";
  return out;
}

Result<std::string> account_sas_token(const AccountSas& sas, const AccountKey& key, bool tamper) {
  auto string_to_sign = account_sas_string_to_sign(sas);
  if (!string_to_sign) return string_to_sign.error();
  std::string signature = hmac_sha256_base64(key.key, *string_to_sign);
  if (tamper) signature = tamper_signature(signature);
  std::string token;
  append_parameter(token, "sv", sas.version);
  append_parameter(token, "ss", sas.services);
  append_parameter(token, "srt", sas.resource_types);
  append_parameter(token, "sp", sas.permissions);
  append_parameter(token, "st", sas.start);
  append_parameter(token, "se", sas.expiry);
  append_parameter(token, "sip", sas.ip);
  append_parameter(token, "spr", sas.protocol);
  if (has_encryption_scope(sas.version)) append_parameter(token, "ses", sas.encryption_scope);
  append_parameter(token, "sig", signature);
  return token;
}

}  // namespace blobconform::auth
