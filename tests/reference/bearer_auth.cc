// Microsoft Entra bearer tokens, as the service's front end answers them (the evidence is in
// docs/research/bearer-tokens.md): a version that has them (2017-11-09), then the token's times,
// issuer and audience. Its signature is not checked: no test can sign as Entra does, and Azurite
// (--oauth basic) does not check it either. A refusal is 401 InvalidAuthenticationInfo with the
// tenant's challenge from 2019-12-12, 403 AuthenticationFailed before; neither carries
// x-ms-version or the client request id. Over plain HTTP a token is refused (403) when the server
// serves HTTPS too.
#include <algorithm>
#include <chrono>

#include "harness/auth/jwt.h"
#include "harness/auth/service_version.h"
#include "harness/wire/encoding.h"
#include "tests/reference/authorization.h"
#include "tests/reference/reference_server.h"

namespace blobconform::reference {
namespace {

constexpr const char* kBearerSince = "2017-11-09";     // the first version that takes a bearer token
constexpr const char* kChallengeSince = "2019-12-12";  // from it, a refused token gets 401 and the challenge

// A refusal of the front end's bearer check: before the handler, so no x-ms-version, and no echo of
// the client request id.
Reply front_end_refusal(Reply reply) {
  reply.before_handler = true;
  reply.echo_client_request_id = false;
  return reply;
}

Reply refused_token(const Incoming& request, const ReferenceOptions& options, std::string detail) {
  Reply reply;
  if (auth::version_at_least(request.version, kChallengeSince) && options.fault != Fault::BearerRefusedWithoutChallenge) {
    reply = error_reply(401, "InvalidAuthenticationInfo",
                        "Server failed to authenticate the request. Please refer to the information in the "
                        "www-authenticate header.",
                        {{"AuthenticationErrorDetail", std::move(detail)}});
    reply.set("WWW-Authenticate", bearer_challenge(options));
  } else {
    reply = authentication_failed(std::move(detail));
  }
  return front_end_refusal(std::move(reply));
}

// The audiences a token for this account may name: the storage resource, or the account's endpoint.
bool audience_accepted(const std::vector<std::string>& audiences, const std::string& account) {
  const std::string endpoint = "https://" + account + ".blob.core.windows.net";
  for (const auto& audience : audiences) {
    for (const std::string& accepted : {std::string("https://storage.azure.com"), endpoint}) {
      if (audience == accepted || audience == accepted + "/") return true;
    }
  }
  return false;
}

}  // namespace

std::optional<Reply> authenticate_bearer(const Incoming& request, const std::string& credentials,
                                         const ReferenceOptions& options, Access& access) {
  const Fault fault = options.fault;
  if (fault == Fault::BearerRefused) {
    return error_reply(403, "AuthorizationFailure", "This request is not authorized to perform this operation.");
  }
  // A server that serves HTTPS refuses a token over plain HTTP before reading it: "if a user attempts
  // to use bearer token auth with HTTP, we actually send the request to the service and get a 403"
  // (docs/research/bearer-tokens.md §8; the detail is Azurite's words). A reference without TLS is a
  // loopback development server: it has nothing else to take a token over.
  if (options.tls && !request.https && fault != Fault::BearerOverHttpAccepted) {
    return front_end_refusal(authentication_failed("Authentication scheme Bearer is not allowed with HTTP."));
  }
  // The version that decides is the header's: a bearer token needs one that has them.
  auto version = request.header("x-ms-version");
  if ((!version || !auth::version_at_least(*version, kBearerSince)) && fault != Fault::BearerVersionUnchecked) {
    return front_end_refusal(authentication_failed("Authentication scheme Bearer is not supported in this version."));
  }
  auto claims = auth::parse_jwt(fault == Fault::BearerFirstWordRead ? credentials.substr(0, credentials.find(' ')) : credentials);
  if (!claims) return refused_token(request, options, "The token is not a well-formed JWT.");
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if ((!claims->exp || *claims->exp <= now) && fault != Fault::BearerExpiryUnchecked) {
    return refused_token(request, options, "Lifetime validation failed. The token is expired.");
  }
  if (claims->nbf && *claims->nbf > now && fault != Fault::BearerNotBeforeUnchecked) {
    return refused_token(request, options, "Lifetime validation failed. The token is not yet valid.");
  }
  if (claims->iss != std::string("https://sts.windows.net/") + kReferenceTenant + "/" && fault != Fault::BearerIssuerUnchecked) {
    return refused_token(request, options, "Issuer validation failed. Issuer did not match.");
  }
  if (!audience_accepted(claims->audiences, request.account) && fault != Fault::BearerAudienceUnchecked) {
    return refused_token(request, options, "Audience validation failed. Audience did not match.");
  }
  access.kind = Access::Kind::Bearer;
  access.oid = claims->oid;
  access.tenant = claims->tid;
  const auto& without = options.oids_without_role;
  access.data_role = fault == Fault::BearerRoleUnchecked || std::find(without.begin(), without.end(), claims->oid) == without.end();
  return std::nullopt;
}

}  // namespace blobconform::reference
