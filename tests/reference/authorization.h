// Who sent a request (Shared Key, Shared Key Lite, service or account SAS, nobody) and what that
// allows (facts §1.5 authorization rows, §4, §5). The strings to sign come from harness/auth: the
// reference target proves the cases' wiring, while the signers themselves are proved against the
// §8 vectors and Azurite (tests/auth, tests/live).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "tests/reference/exchange.h"
#include "tests/reference/reference_server.h"
#include "tests/reference/store.h"

namespace blobconform::reference {

struct Access {
  enum class Kind { Anonymous, SharedKey, ServiceSas, AccountSas, Bearer } kind = Kind::Anonymous;
  std::string permissions;     // sp
  std::string resource_types;  // srt (account SAS)
  std::string sas_version;     // sv
  bool public_read = false;    // Anonymous: a read of a blob in a public container
  bool other_signer = false;   // SharedKey: signed by another account of this server, with its key
  std::string version;         // the version the request runs at
  bool data_role = true;       // Bearer: the identity (oid) holds a data role on the account
  std::string oid, tenant;     // Bearer: the token's identity and tenant
};

// What an operation needs of a SAS.
struct Need {
  bool container_level = false;  // a container operation (account SAS srt=c), else an object one (srt=o)
  std::string any_of;            // one of these sp letters
};

// Checks the credentials of `request` against `account` (null: the path names no account of this
// server); `accounts` are every account, for a Shared Key header that claims another one. Returns
// the refusal, or nothing and fills `access`.
std::optional<Reply> authenticate(const Incoming& request, const Account* account,
                                  const std::map<std::string, Account>& accounts, const ReferenceOptions& options,
                                  Access& access);

// Whether `access` allows an operation that needs `need`; anonymous access is decided by the caller.
std::optional<Reply> authorize(const Access& access, const Need& need, Fault fault);

// The refusals of authentication, shared by its schemes: 403 AuthenticationFailed with a detail,
// 400 InvalidAuthenticationInfo.
Reply authentication_failed(std::string detail);
Reply invalid_authentication_info();
// The WWW-Authenticate challenge of the reference target's tenant (azure-front-end.md §3).
std::string bearer_challenge(const ReferenceOptions& options);

// The fields every kind of SAS has, read from the request's query: sv, sp, st, se, sip, spr, ses,
// and the account it signs for.
template <class Sas>
void read_signed_terms(const Incoming& request, const Account& account, Sas& sas) {
  auto field = [&](const char* name) { return request.param(name).value_or(""); };
  sas.version = field("sv");
  sas.permissions = field("sp");
  sas.start = field("st");
  sas.expiry = field("se");
  sas.ip = field("sip");
  sas.protocol = field("spr");
  sas.encryption_scope = field("ses");
  sas.account = account.name;
}

// Those, and the ones a service SAS and a user-delegation SAS share: sr, the snapshot or version
// the request names (what sr=bs and sr=bv sign, facts §5), rscc..rsct, and the resource (the
// container, and the blob unless sr=c).
template <class Sas>
void read_sas_fields(const Incoming& request, const Account& account, Sas& sas) {
  auto field = [&](const char* name) { return request.param(name).value_or(""); };
  read_signed_terms(request, account, sas);
  sas.resource = field("sr");
  sas.snapshot_time = field(sas.resource == "bv" ? "versionid" : "snapshot");
  sas.cache_control = field("rscc");
  sas.content_disposition = field("rscd");
  sas.content_encoding = field("rsce");
  sas.content_language = field("rscl");
  sas.content_type = field("rsct");
  sas.container = request.container;
  if (sas.resource != "c") sas.blob = request.blob;
}

// A SAS's start, expiry and permissions: its own, or from the stored access policy it names.
struct SasTerms {
  std::optional<std::string> start, expiry, permissions;
};
// The SAS's time window; `revocable`: it names a stored access policy.
std::optional<Reply> check_sas_times(const SasTerms& terms, bool revocable, Fault fault);
// The caller's address (sip), protocol (spr), then an account SAS's services (ss).
std::optional<Reply> check_sas_caller(const Incoming& request, Fault fault, bool account_sas);

// user_delegation.cc: a SAS with skoid at a version that has them (2018-11-09), signed with a user
// delegation key (docs/research/user-delegation-sas.md).
bool is_user_delegation_sas(const Incoming& request, Fault fault);
std::optional<Reply> authenticate_user_delegation_sas(const Incoming& request, const Account& account,
                                                      const ReferenceOptions& options, Access& access);

// bearer_auth.cc: `Authorization: Bearer <token>`, its version, then the token's claims
// (docs/research/bearer-tokens.md): never its signature, which no test can make as Entra does.
std::optional<Reply> authenticate_bearer(const Incoming& request, const std::string& credentials,
                                         const ReferenceOptions& options, Access& access);

}  // namespace blobconform::reference
