// User-delegation SAS (docs/research/user-delegation-sas.md): Get User Delegation Key gives a bearer
// token's identity a key, and a SAS signed with that key is checked like a service SAS, against
// the key's window. The key is derived from the account's key and the
// fields the SAS carries (skoid..skv), so it needs no state and no one without the account's key
// can make one.
#include <pugixml.hpp>

#include <chrono>

#include "harness/auth/hmac.h"
#include "harness/auth/service_version.h"
#include "harness/auth/user_delegation_sas.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"
#include "tests/reference/authorization.h"
#include "tests/reference/operations.h"

namespace blobconform::reference {
namespace {

constexpr auto kMaxKeyLifetime = std::chrono::hours(24 * 7);  // "within 7 days of the current time" (§A.1)

// The key's Value for these fields: HMAC-SHA256 with the account's key, Base64.
std::string key_value(const Account& account, const auth::UserDelegationKey& key) {
  return auth::hmac_sha256_base64(account.key, "user-delegation-key\n" + key.signed_oid + "\n" + key.signed_tid + "\n" +
                                                   key.signed_start + "\n" + key.signed_expiry + "\n" +
                                                   key.signed_service + "\n" + key.signed_version);
}

// A KeyInfo time the service refuses: 400 InvalidXmlNodeValue naming the value itself, as the real
// service does (§A.3, recorded: XmlNodeName carries the value, not "Expiry").
Reply invalid_node(const std::string& value) {
  return error_reply(400, "InvalidXmlNodeValue", "The value for one of the XML nodes is not in the correct format.",
                     {{"XmlNodeName", value}, {"XmlNodeValue", value}});
}

bool in_window(const std::string& start, const std::string& expiry) {
  auto from = wire::parse_iso8601(start);
  auto to = wire::parse_iso8601(expiry);
  auto now = wire::Clock::now();
  return from && to && *from <= now && now < *to;
}

}  // namespace

Reply get_user_delegation_key(Service& service, const Incoming& request, const Access& access) {
  const Fault fault = service.options.fault;
  // Only a bearer token gets a key (§A.3, recorded); an anonymous request was answered by route().
  if (access.kind != Access::Kind::Bearer && access.kind != Access::Kind::Anonymous &&
      fault != Fault::DelegationKeyForAnyScheme) {
    Reply refused = authentication_failed("Only authentication scheme Bearer is supported");
    refused.before_handler = true;  // an authentication refusal
    return refused;
  }
  if (auto refused = authorize(access, {true, ""}, fault)) return *refused;
  pugi::xml_document document;
  pugi::xml_node info;
  if (document.load_buffer(request.body.data(), request.body.size())) info = document.child("KeyInfo");
  if (!info || !info.child("Expiry")) return error_reply(400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
  // Without a Start the key starts now (recorded: the answer's SignedStart is the Date of the answer).
  const std::string start_text = info.child("Start") ? info.child("Start").text().get() : wire::format_iso8601(wire::Clock::now());
  const std::string expiry_text = info.child("Expiry").text().get();
  auto start = wire::parse_iso8601(start_text);
  if (!start) return invalid_node(start_text);
  auto expiry = wire::parse_iso8601(expiry_text);
  if (!expiry || *expiry <= *start) return invalid_node(expiry_text);
  if (*expiry > wire::Clock::now() + kMaxKeyLifetime && fault != Fault::DelegationKeyLifetimeUnchecked) {
    return invalid_node(expiry_text);
  }
  auth::UserDelegationKey key;
  key.signed_oid = access.oid;
  key.signed_tid = access.tenant;
  key.signed_start = wire::format_iso8601(*start);
  key.signed_expiry = wire::format_iso8601(*expiry);
  key.signed_version = request.version;
  key.value = key_value(*service.store.account(request.account), key);
  Reply reply;
  reply.content_type = "application/xml";
  reply.body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><UserDelegationKey><SignedOid>" + xml_text(key.signed_oid) +
               "</SignedOid><SignedTid>" + xml_text(key.signed_tid) + "</SignedTid><SignedStart>" + key.signed_start +
               "</SignedStart><SignedExpiry>" + key.signed_expiry + "</SignedExpiry><SignedService>b</SignedService>" +
               "<SignedVersion>" + key.signed_version + "</SignedVersion><Value>" + key.value + "</Value></UserDelegationKey>";
  return reply;
}

bool is_user_delegation_sas(const Incoming& request, Fault fault) {
  return request.param("skoid") && auth::version_at_least(request.param("sv").value_or(""), "2018-11-09") &&
         fault != Fault::DelegationSasUnsupported;
}

std::optional<Reply> authenticate_user_delegation_sas(const Incoming& request, const Account& account,
                                                      const ReferenceOptions& options, Access& access) {
  const Fault fault = options.fault;
  auto field = [&](const char* name) { return request.param(name).value_or(""); };
  auth::UserDelegationSas sas;
  read_sas_fields(request, account, sas);
  sas.authorized_oid = field("saoid");
  sas.unauthorized_oid = field("suoid");
  sas.correlation_id = fault == Fault::DelegationSasCorrelationIdUnsigned ? "" : field("scid");
  sas.delegated_user_oid = field("sduoid");
  sas.request_headers = field("srh");
  sas.request_query = field("srq");
  // Azurite 3.37.0 before 2020-12-06: the resource line names the blob even for sr=c.
  if (sas.resource == "c" && fault == Fault::DelegationSasContainerNamedWithBlob && !auth::version_at_least(sas.version, "2020-12-06")) {
    sas.container += "/" + request.blob;
  }
  auth::UserDelegationKey& key = sas.key;
  key.signed_oid = field("skoid");
  key.signed_tid = field("sktid");
  key.signed_start = field("skt");
  key.signed_expiry = field("ske");
  key.signed_service = field("sks");
  key.signed_version = field("skv");
  key.signed_delegated_user_tid = field("skdutid");
  // Every key field, and no stored access policy ("Stored access policies are not supported for a
  // user delegation SAS").
  if (key.signed_tid.empty() || key.signed_start.empty() || key.signed_expiry.empty() || key.signed_service != "b" ||
      key.signed_version.empty() || request.param("si")) {
    return authentication_failed("Signature fields not well formed.");
  }
  if (fault == Fault::DelegationSasOneLayout) sas.version = "2018-11-09";
  key.value = key_value(account, key);
  access.kind = Access::Kind::ServiceSas;
  // The SAS's own window, then the key's: a SAS used once its key has expired fails whatever its
  // own expiry ("the SAS will fail with an authorization error").
  SasTerms terms{request.param("st"), request.param("se"), request.param("sp")};
  if (auto refused = check_sas_times(terms, false, fault)) return refused;
  if (!in_window(key.signed_start, key.signed_expiry) && fault != Fault::DelegationKeyExpiryUnchecked) {
    return authentication_failed("Signed key not valid in the specified time frame: Start [" + key.signed_start +
                                 "] - Expiry [" + key.signed_expiry + "]");
  }
  if (fault == Fault::DelegationSasBeyondKeyRefused) {
    auto sas_expiry = wire::parse_iso8601(sas.expiry);
    auto key_expiry = wire::parse_iso8601(key.signed_expiry);
    if (sas_expiry && key_expiry && *sas_expiry > *key_expiry) {
      return authentication_failed("Signed expiry time must not be after the signed key expiry time");
    }
  }
  auto string_to_sign = auth::user_delegation_sas_string_to_sign(sas);
  if (!string_to_sign) return authentication_failed("Signature fields not well formed.");
  auto sig_bytes = wire::base64_decode(field("sig"));
  if (!sig_bytes) return authentication_failed("Signature fields not well formed.");
  if (sig_bytes->size() != 32) return authentication_failed("Signature size is invalid");
  auto expected = auth::user_delegation_sas_signature(sas);
  if (fault != Fault::SignatureNotChecked && fault != Fault::DelegationSasSignatureUnchecked &&
      (!expected || *expected != field("sig"))) {
    return authentication_failed("Signature did not match. String to sign used was " + *string_to_sign);
  }
  access.permissions = fault == Fault::DelegationSasPermissionsIgnored ? "racwdl" : sas.permissions;
  access.sas_version = sas.version;
  return check_sas_caller(request, fault, false);
}

}  // namespace blobconform::reference
