#include "tests/reference/authorization.h"

#include <arpa/inet.h>

#include <algorithm>
#include <map>
#include <vector>

#include "harness/auth/account_sas.h"
#include "harness/auth/hmac.h"
#include "harness/auth/service_sas.h"
#include "harness/auth/service_version.h"
#include "harness/auth/shared_key.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"

namespace blobconform::reference {
namespace {

constexpr auto kMaxClockSkew = std::chrono::minutes(15);

std::optional<uint32_t> ipv4(const std::string& text) {
  in_addr address{};
  if (inet_pton(AF_INET, text.c_str(), &address) != 1) return std::nullopt;
  return ntohl(address.s_addr);
}

// sip: one address or "from-to"; the caller's address must fall in it.
bool ip_allowed(const std::string& sip, const std::string& caller) {
  auto dash = sip.find('-');
  auto low = ipv4(sip.substr(0, dash));
  auto high = dash == std::string::npos ? low : ipv4(sip.substr(dash + 1));
  auto at = ipv4(caller);
  return low && high && at && *low <= *at && *at <= *high;
}

// The stored access policy an si names supplies the terms the SAS leaves out; a term given by both
// is refused (Nephos SignedAccessHelper.LocateSasIdentifier, ValidateAndDeriveEffectiveAccessPolicy,
// called after the signature is checked).
std::optional<Reply> apply_stored_policy(const Incoming& request, const Account& account, const std::string& id,
                                         Fault fault, SasTerms& terms) {
  auto container = account.containers.find(request.container);
  if (container == account.containers.end()) return authentication_failed("Error locating SAS identifier");
  const auto& policies = container->second.policies;
  auto policy = std::find_if(policies.begin(), policies.end(), [&](const StoredPolicy& p) { return p.id == id; });
  if (policy == policies.end()) {
    if (fault == Fault::UnknownStoredPolicyIgnored) return std::nullopt;
    return authentication_failed("SAS identifier cannot be found for specified signed identifier");
  }
  if (!terms.expiry && !policy->expiry) {
    return authentication_failed("Signed expiry must be specified in signature or SAS identifier");
  }
  if (!terms.permissions && !policy->permissions) {
    return authentication_failed("Signed permission must be specified in signature or SAS identifier");
  }
  if (fault != Fault::StoredPolicyFieldsOverride && ((terms.start && policy->start) || (terms.expiry && policy->expiry) ||
                                                     (terms.permissions && policy->permissions))) {
    return authentication_failed("Access policy fields can be associated with signature or SAS identifier but not both");
  }
  if (policy->start) terms.start = policy->start;
  if (policy->expiry) terms.expiry = policy->expiry;
  if (policy->permissions) terms.permissions = policy->permissions;
  if (fault == Fault::StoredPolicyGrantsAll) terms.permissions = "racwdl";  // every letter an operation here needs
  return std::nullopt;
}

std::optional<Reply> authenticate_sas(const Incoming& request, const Account& account, const ReferenceOptions& options,
                                      Access& access) {
  if (is_user_delegation_sas(request, options.fault)) return authenticate_user_delegation_sas(request, account, options, access);
  const Fault fault = options.fault;
  auto field = [&](const char* name) { return request.param(name).value_or(""); };
  Result<std::string> string_to_sign = fail("");
  if (request.param("ss") || request.param("srt")) {
    auth::AccountSas sas;
    read_signed_terms(request, account, sas);
    sas.services = field("ss");
    sas.resource_types = field("srt");
    string_to_sign = auth::account_sas_string_to_sign(sas);
    access.kind = Access::Kind::AccountSas;
    access.resource_types = sas.resource_types;
  } else {
    auth::ServiceSas sas;
    read_sas_fields(request, account, sas);
    sas.identifier = field("si");
    string_to_sign = auth::service_sas_string_to_sign(sas);
    access.kind = Access::Kind::ServiceSas;
  }
  if (!string_to_sign) return authentication_failed("The SAS cannot be read: " + string_to_sign.error().message);
  // The times the SAS itself gives are checked before its signature (SignedAccessHelper.
  // PerformSignedAccessAuthenticationFirstPhaseValidations, azure-front-end.md §3): without si, its
  // window; with si, its window when it gives an expiry, else only a start still to come. With si
  // the window is checked again once the policy's terms have joined them.
  SasTerms terms{request.param("st"), request.param("se"), request.param("sp")};
  bool revocable = access.kind == Access::Kind::ServiceSas && !field("si").empty();
  bool times_after = revocable || fault == Fault::SasTimesAfterSignature;
  if (!revocable && !times_after) {
    if (auto refused = check_sas_times(terms, false, fault)) return refused;
  } else if (revocable && terms.expiry) {
    if (auto refused = check_sas_times(terms, true, fault)) return refused;
  } else if (revocable && terms.start && fault != Fault::ExpiredSasAccepted) {
    auto start = wire::parse_iso8601(*terms.start);
    if (start && *start > wire::Clock::now()) return authentication_failed("Start time is after the current time");
  }
  // Before 2015-04-05 the permission letters a and c did not exist (azure-front-end.md §3).
  if (access.kind == Access::Kind::ServiceSas && !auth::version_at_least(field("sv"), "2015-04-05") &&
      field("sp").find_first_of("ac") != std::string::npos && fault != Fault::OldSasLettersAccepted) {
    return authentication_failed("Signature fields not well formed.");
  }
  // The front end's words (azure-front-end.md §3): a sig that is no Base64, or not 32 bytes, then one
  // that does not match, with the string it signed.
  auto sig_bytes = wire::base64_decode(field("sig"));
  if (!sig_bytes) return authentication_failed("Signature fields not well formed.");
  if (sig_bytes->size() != 32) return authentication_failed("Signature size is invalid");
  if (fault != Fault::SignatureNotChecked &&
      auth::hmac_sha256_base64(account.key, *string_to_sign) != field("sig")) {
    return authentication_failed("Signature did not match. String to sign used was " + *string_to_sign);
  }
  if (revocable) {
    if (auto refused = apply_stored_policy(request, account, field("si"), fault, terms)) return refused;
  }
  if (times_after) {
    if (auto refused = check_sas_times(terms, revocable, fault)) return refused;
  }
  access.permissions = terms.permissions.value_or("");
  access.sas_version = field("sv");
  return check_sas_caller(request, fault, access.kind == Access::Kind::AccountSas);
}

// The Authorization header: a bearer token, or Shared Key (Lite).
std::optional<Reply> authenticate_header(const Incoming& request, const std::string& authorization,
                                         const Account* account, const std::map<std::string, Account>& accounts,
                                         const ReferenceOptions& options, Access& access) {
  const Fault fault = options.fault;
  // In the front end's order (NephosAuthenticationManager.ParseSignatureParametersFromAuthorizationHeader):
  // the header's two parts, the date, the scheme, then the scheme's account:signature. A bearer
  // token goes its own way once the header is read as two parts.
  auto space = authorization.find(' ');
  bool bearer = space != std::string::npos && wire::iequals(authorization.substr(0, space), "Bearer");
  if (space == std::string::npos || space == 0 || space + 1 == authorization.size() ||
      (authorization.find(' ', space + 1) != std::string::npos && !(bearer && fault == Fault::BearerFirstWordRead))) {
    return invalid_authentication_info();
  }
  std::string scheme = authorization.substr(0, space);
  std::string parameters = authorization.substr(space + 1);
  if (bearer) return authenticate_bearer(request, parameters, options, access);
  auto date_text = request.header("x-ms-date");
  if (!date_text) date_text = request.header("Date");
  if (!date_text) return authentication_failed("Request date header not specified");
  auto date = wire::parse_rfc1123(*date_text);
  if (!date) return authentication_failed("The Date header in the request is incorrect.");
  auto age = wire::Clock::now() - *date;  // only a date too far in the past is refused
  if (fault != Fault::StaleDateAccepted && (age > kMaxClockSkew || (fault == Fault::FutureDateRefused && -age > kMaxClockSkew))) {
    return authentication_failed("Request date header too old: '" + *date_text + "'");
  }
  bool lite = wire::iequals(scheme, "SharedKeyLite");
  if (!lite && !wire::iequals(scheme, "SharedKey")) {
    if (fault == Fault::UnsupportedScheme400) return invalid_authentication_info();
    return authentication_failed("Authentication scheme " + scheme + " is not supported");
  }
  // account:signature, empty parts dropped: exactly two must remain (SharedKeyParamsParser).
  std::vector<std::string> parts;
  for (size_t at = 0; at <= parameters.size();) {
    auto colon = std::min(parameters.find(':', at), parameters.size());
    if (colon > at) parts.push_back(parameters.substr(at, colon - at));
    at = colon + 1;
  }
  if (parts.size() != 2 || !wire::base64_decode(parts[1])) return invalid_authentication_info();
  const std::string& claimed = parts[0];
  const std::string& signature = parts[1];
  // The claimed account's key checks the signature; the resource is still the URL's account's.
  const Account* signer = account && claimed == account->name ? account : nullptr;
  if (!signer) {
    auto found = accounts.find(claimed);
    if (found != accounts.end()) signer = &found->second;
  }
  if (!signer) {
    if (fault == Fault::ClaimedAccount404) return error_reply(404, "ResourceNotFound", "The specified resource does not exist.");
    return authentication_failed("Cannot find the claimed account when trying to GetProperties for the account " + claimed + ".");
  }
  // The canonicalizer refuses an x-ms- header given more than once (azure-front-end.md §1).
  if (fault != Fault::DuplicateHeaderJoined) {
    std::map<std::string, std::vector<std::string>> values;
    for (const auto& [name, value] : request.headers) {
      std::string lower = wire::to_lower(name);
      if (lower.rfind("x-ms-", 0) == 0) values[lower].push_back(value);
    }
    for (const auto& [name, sent] : values) {
      if (sent.size() < 2) continue;
      std::string joined = sent[0];
      for (size_t i = 1; i < sent.size(); ++i) joined += "," + sent[i];
      return error_reply(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.",
                         {{"MessageDetails", "The given HTTP request header " + name + " contains more than one (" +
                                                 std::to_string(sent.size()) + ") values. Values: " + joined}});
    }
  }
  const std::string& resource_account = account ? account->name : claimed;
  std::string target = request.target;
  if (fault == Fault::PlusSignedAsPlus) {
    for (size_t at = target.find('+', target.find('?')); at != std::string::npos; at = target.find('+', at)) {
      target.replace(at, 1, "%2B");
    }
  }
  auto order = fault == Fault::HeadersSortedOrdinally ? auth::HeaderOrder::Ordinal : auth::HeaderOrder::Service;
  auto string_to_sign = !lite ? auth::shared_key_string_to_sign(request.method, target, request.headers, resource_account, order,
                                                                   fault != Fault::OldSharedKeyLayoutRefused)
                              : auth::shared_key_lite_string_to_sign(request.method, target, request.headers, resource_account, order);
  if (!string_to_sign) return authentication_failed("The request cannot be signed: " + string_to_sign.error().message);
  if (fault != Fault::SignatureNotChecked && auth::hmac_sha256_base64(signer->key, *string_to_sign) != signature) {
    return authentication_failed("The MAC signature found in the HTTP request '" + signature +
                                 "' is not the same as any computed signature. Server used following string to sign: '" +
                                 *string_to_sign + "'.");
  }
  // Signed by another account of this service: authenticated, but that account does not own the
  // resource, which authorization refuses (azure-front-end.md §3: 404 at authorization).
  access.kind = Access::Kind::SharedKey;
  access.other_signer = signer != account;
  return std::nullopt;
}

}  // namespace

// The SAS's time window (Nephos SignedAccessHelper.ValidateAccessTimeframe; a missing start is
// now). An expiry not after the start is reported in the words of the check that finds it: "must
// be after" for a SAS without si (BlobSignedAccessHelper.ValidateNonRevocableAccessWindow), "has
// to be after" for one with si.
std::optional<Reply> check_sas_times(const SasTerms& terms, bool revocable, Fault fault) {
  if (fault == Fault::ExpiredSasAccepted) return std::nullopt;
  std::optional<wire::Clock::time_point> start, expiry;
  if (terms.start) {
    auto parsed = wire::parse_iso8601(*terms.start);
    if (!parsed) return authentication_failed("Signed start time is not a valid ISO 8601 time.");
    start = *parsed;
  }
  if (terms.expiry) {
    auto parsed = wire::parse_iso8601(*terms.expiry);
    if (!parsed) return authentication_failed("Signed expiry time is not a valid ISO 8601 time.");
    expiry = *parsed;
  }
  if (!expiry) return authentication_failed("Signed expiry time is missing.");
  auto now = wire::Clock::now();
  auto from = start.value_or(now);
  if (from >= *expiry) {
    return authentication_failed("Signed expiry time [" + wire::format_rfc1123(*expiry) + "] " +
                                 (revocable ? "has to be" : "must be") + " after signed start time [" +
                                 wire::format_rfc1123(from) + "]");
  }
  if (now < from || now >= *expiry) {
    return authentication_failed("Signature not valid in the specified time frame: Start [" + wire::format_rfc1123(from) +
                                 "] - Expiry [" + wire::format_rfc1123(*expiry) + "] - Current [" +
                                 wire::format_rfc1123(now) + "]");
  }
  return std::nullopt;
}

// SAS pre-authorization once the SAS is authenticated (azure-front-end.md §0 step 6), in the front
// end's order (AuthorizationManager.PreAuthorizeRequest): the caller's address (sip), its protocol
// (spr), then an account SAS's services (ss). An address or protocol refusal names the request's in
// an element of its own (BasicHttpProcessorWithAuthAndAccountContainer.GetErrorDetailsForException).
std::optional<Reply> check_sas_caller(const Incoming& request, Fault fault, bool account_sas) {
  bool details = fault != Fault::SasMismatchWithoutDetails;
  if (auto sip = request.param("sip"); sip && !ip_allowed(*sip, request.remote_addr)) {
    Reply refused = error_reply(403, "AuthorizationSourceIPMismatch",
                                "This request is not authorized to perform this operation using this source IP " +
                                    request.remote_addr + ".");
    if (details) refused.details.emplace_back("SourceIP", request.remote_addr);
    return refused;
  }
  if (request.param("spr").value_or("https,http") == "https" && !request.https) {
    Reply refused = error_reply(403, "AuthorizationProtocolMismatch",
                                "This request is not authorized to perform this operation using this protocol.");
    if (details) refused.details.emplace_back("Protocol", request.https ? "https" : "http");
    return refused;
  }
  if (account_sas && request.param("ss").value_or("").find('b') == std::string::npos) {
    return error_reply(403, "AuthorizationServiceMismatch",
                       "This request is not authorized to perform this operation using this service.");
  }
  return std::nullopt;
}

Reply authentication_failed(std::string detail) {
  return error_reply(403, "AuthenticationFailed",
                     "Server failed to authenticate the request. Make sure the value of Authorization header is "
                     "formed correctly including the signature.",
                     {{"AuthenticationErrorDetail", std::move(detail)}});
}

Reply invalid_authentication_info() {
  return error_reply(400, "InvalidAuthenticationInfo",
                     "Authentication information is not given in the correct format. Check the value of "
                     "Authorization header.");
}

std::string bearer_challenge(const ReferenceOptions&) {
  return std::string("Bearer authorization_uri=https://login.microsoftonline.com/") + kReferenceTenant +
         "/oauth2/authorize resource_id=https://storage.azure.com";
}

std::optional<Reply> authenticate(const Incoming& request, const Account* account,
                                  const std::map<std::string, Account>& accounts, const ReferenceOptions& options,
                                  Access& access) {
  access.version = request.version;
  auto authorization = request.header("Authorization");
  // Two Authorization headers, or one with a SAS, are no readable credentials (azure-front-end.md §3).
  if (request.header_count("Authorization") > 1) return invalid_authentication_info();
  if (authorization && request.param("sig") && options.fault != Fault::SasAndSharedKeyAccepted) {
    return invalid_authentication_info();
  }
  if (authorization) return authenticate_header(request, *authorization, account, accounts, options, access);
  if (request.param("sig")) {
    if (!account) return authentication_failed("The account named in the path does not exist.");
    return authenticate_sas(request, *account, options, access);
  }
  access.kind = Access::Kind::Anonymous;
  return std::nullopt;
}

std::optional<Reply> authorize(const Access& access, const Need& need, Fault fault) {
  // A bearer token's identity needs a data role on the account (Storage Blob Data Contributor
  // covers every operation here); the refusal carries x-ms-version (docs/research/bearer-tokens.md §7).
  if (access.kind == Access::Kind::Bearer) {
    if (access.data_role) return std::nullopt;
    return error_reply(403, "AuthorizationPermissionMismatch",
                       "This request is not authorized to perform this operation using this permission.");
  }
  if (access.kind == Access::Kind::SharedKey) {
    if (!access.other_signer) return std::nullopt;
    return error_reply(404, "ResourceNotFound", "The specified resource does not exist.");
  }
  // Before 2019-12-12 the front end refuses an anonymous request at authorization, after the
  // request's own checks, as 404 (azure-front-end.md §3); from it on, route() answers 401 first.
  if (access.kind == Access::Kind::Anonymous) {
    if (access.public_read) return std::nullopt;
    return error_reply(404, "ResourceNotFound", "The specified resource does not exist.");
  }
  char level = need.container_level ? 'c' : 'o';
  if (access.kind == Access::Kind::AccountSas && access.resource_types.find(level) == std::string::npos) {
    Reply refused = error_reply(403, "AuthorizationResourceTypeMismatch",
                                "This request is not authorized to perform this operation using this resource type.");
    // From 2024-08-04 an authorization error says what was missing (azure-front-end.md §4), in the
    // words the service was seen to use for the service level ('s').
    if (auth::version_at_least(access.version, "2024-08-04")) {
      refused.details.emplace_back("ExtendedErrorDetail",
                                   std::string("SignedResourceTypes '") + level + "' is required to perform this operation.");
    }
    return refused;
  }
  if (fault == Fault::SasPermissionsIgnored) return std::nullopt;
  if (access.permissions.find_first_of(need.any_of) == std::string::npos) {
    return error_reply(403, "AuthorizationPermissionMismatch",
                       "This request is not authorized to perform this operation using this permission.");
  }
  return std::nullopt;
}

}  // namespace blobconform::reference
