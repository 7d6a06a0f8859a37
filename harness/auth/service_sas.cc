#include "harness/auth/service_sas.h"

#include <utility>
#include <vector>

#include "harness/auth/hmac.h"
#include "harness/auth/sas_fields.h"
#include "harness/auth/service_version.h"
#include "harness/auth/signature_tamper.h"

namespace blobconform::auth {
namespace {

constexpr std::string_view kBlobLetters = "racwdxytfmeopi";
constexpr std::string_view kContainerLetters = "racwdxyltfmeopi";

bool has_overrides(std::string_view v) { return version_at_least(v, "2013-08-15"); }
bool has_ip_protocol(std::string_view v) { return version_at_least(v, "2015-04-05"); }
bool has_resource_snapshot(std::string_view v) { return version_at_least(v, "2018-11-09"); }
bool has_encryption_scope(std::string_view v) { return version_at_least(v, "2020-12-06"); }

Result<std::string> validate(const ServiceSas& sas) {
  auto version = check_sas_version("version (sv)", sas.version, "2012-02-12");
  if (!version) return version.error();
  const std::vector<std::pair<const char*, const std::string*>> fields = {
      {"resource (sr)", &sas.resource},        {"permissions (sp)", &sas.permissions},
      {"start (st)", &sas.start},              {"expiry (se)", &sas.expiry},
      {"identifier (si)", &sas.identifier},    {"ip (sip)", &sas.ip},
      {"protocol (spr)", &sas.protocol},       {"snapshot_time", &sas.snapshot_time},
      {"encryption_scope (ses)", &sas.encryption_scope}, {"cache_control (rscc)", &sas.cache_control},
      {"content_disposition (rscd)", &sas.content_disposition},
      {"content_encoding (rsce)", &sas.content_encoding}, {"content_language (rscl)", &sas.content_language},
      {"content_type (rsct)", &sas.content_type}, {"account", &sas.account},
      {"container", &sas.container},           {"blob", &sas.blob}};
  for (const auto& [name, value] : fields) {
    auto checked = check_single_line(name, *value);
    if (!checked) return checked.error();
  }
  std::string_view letters;
  if (sas.resource == "b") {
    letters = kBlobLetters;
  } else if (sas.resource == "c") {
    letters = kContainerLetters;
  } else if (sas.resource == "bs" || sas.resource == "bv") {
    if (!has_resource_snapshot(sas.version)) {
      return fail("resource (sr): '" + sas.resource + "' needs sv 2018-11-09 or later");
    }
    letters = kBlobLetters;
  } else {
    return fail("resource (sr): '" + sas.resource + "' is not one of b, c, bs, bv");
  }
  auto checked = check_letters("permissions (sp)", sas.permissions, letters, "for resource " + sas.resource);
  if (!checked) return checked.error();
  if (sas.identifier.empty() && sas.permissions.empty()) return fail("permissions (sp): required without an identifier (si)");
  if (sas.identifier.empty() && sas.expiry.empty()) return fail("expiry (se): required without an identifier (si)");
  if (sas.account.empty()) return fail("account: must not be empty");
  if (sas.container.empty()) return fail("container: must not be empty");
  if (sas.resource == "c" && !sas.blob.empty()) return fail("blob: must be empty for resource c");
  if (sas.resource != "c" && sas.blob.empty()) return fail("blob: required for resource " + sas.resource);
  return sas.version;
}

}  // namespace

Result<std::string> service_sas_canonicalized_resource(const ServiceSas& sas) {
  auto version = check_sas_version("version (sv)", sas.version, "2012-02-12");
  if (!version) return version.error();
  std::string out = version_at_least(sas.version, "2015-02-21") ? "/blob/" : "/";
  out += sas.account + "/" + sas.container;
  if (!sas.blob.empty()) out += "/" + sas.blob;
  return out;
}

Result<std::string> service_sas_string_to_sign(const ServiceSas& sas) {
  auto valid = validate(sas);
  if (!valid) return valid.error();
  auto resource = service_sas_canonicalized_resource(sas);
  if (!resource) return resource.error();
  const std::string& v = sas.version;
  std::vector<std::string> lines = {sas.permissions, sas.start, sas.expiry, *resource, sas.identifier};
  if (has_ip_protocol(v)) {
    lines.push_back(sas.ip);
    lines.push_back(sas.protocol);
  }
  lines.push_back(v);
  if (has_resource_snapshot(v)) {
    lines.push_back(sas.resource);
    lines.push_back(sas.snapshot_time);
  }
  if (has_encryption_scope(v)) lines.push_back(sas.encryption_scope);
  if (has_overrides(v)) {
    for (const auto* value : {&sas.cache_control, &sas.content_disposition, &sas.content_encoding,
                              &sas.content_language, &sas.content_type}) {
      lines.push_back(*value);
    }
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out;
}

Result<std::string> service_sas_token(const ServiceSas& sas, const AccountKey& key, bool tamper) {
  auto string_to_sign = service_sas_string_to_sign(sas);
  if (!string_to_sign) return string_to_sign.error();
  std::string signature = hmac_sha256_base64(key.key, *string_to_sign);
  if (tamper) signature = tamper_signature(signature);
  const std::string& v = sas.version;
  std::string token;
  append_parameter(token, "sv", v);
  append_parameter(token, "sr", sas.resource);
  append_parameter(token, "sp", sas.permissions);
  append_parameter(token, "st", sas.start);
  append_parameter(token, "se", sas.expiry);
  append_parameter(token, "si", sas.identifier);
  if (has_ip_protocol(v)) {
    append_parameter(token, "sip", sas.ip);
    append_parameter(token, "spr", sas.protocol);
  }
  if (has_encryption_scope(v)) append_parameter(token, "ses", sas.encryption_scope);
  if (has_overrides(v)) {
    append_parameter(token, "rscc", sas.cache_control);
    append_parameter(token, "rscd", sas.content_disposition);
    append_parameter(token, "rsce", sas.content_encoding);
    append_parameter(token, "rscl", sas.content_language);
    append_parameter(token, "rsct", sas.content_type);
  }
  append_parameter(token, "sig", signature);
  return token;
}

}  // namespace blobconform::auth
