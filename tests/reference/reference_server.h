// The reference target: a small Blob-compatible server for the suite's own tests, written from
// ../shared/reference/azure-blob-facts.md. In memory, path-style (/<account>/<container>/<blob>),
// on loopback: plain HTTP, or HTTPS with plain HTTP on a second port (ReferenceOptions::tls). It serves the operations the cases use, checks Shared Key, Shared Key
// Lite and SAS, versions and leases, answers Azure's XML errors, copies from URLs in the
// background, and can be told to deviate in one way (faults.h), or to answer Abort Copy Blob like
// a hostile server (hostile.h). A test fixture, not a product.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/wire/result.h"
#include "tests/reference/faults.h"
#include "tests/reference/hostile.h"

namespace blobconform::reference {

// Limits, named: a request past them is refused, never buffered without bound.
inline constexpr size_t kMaxBlobSize = 64 * 1024 * 1024;  // a copy source larger than this fails the copy
inline constexpr size_t kMaxClientRequestId = 1024;
inline constexpr int kMaxTimeoutSeconds = 30;  // larger values are lowered to it, as Azure does

struct AccountSpec {
  std::string name;
  std::string key_base64;
};

// The Microsoft Entra tenant the reference target's accounts belong to: its bearer tokens' issuer
// is https://sts.windows.net/<this>/, and its challenges name it.
inline constexpr const char* kReferenceTenant = "00000000-0000-0000-0000-00000000b10b";
// An identity of that tenant without a data role on the accounts: its tokens are authenticated, and
// then refused (403 AuthorizationPermissionMismatch).
inline constexpr const char* kReferenceOidWithoutRole = "00000000-0000-0000-0000-0000000000f0";

struct ReferenceOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port
  std::vector<AccountSpec> accounts;  // the first is the one connection_string() names
  std::string oldest_version = "2008-10-27";
  std::string latest_version = "2026-06-06";
  std::string default_version = "2026-06-06";  // DefaultServiceVersion; empty: refuse unversioned requests
  // Bearer tokens whose oid is one of these belong to identities without a data role on the
  // accounts (403 AuthorizationPermissionMismatch); every other oid holds one.
  std::vector<std::string> oids_without_role = {kReferenceOidWithoutRole};
  // HTTPS, as an account serves it: TLS on `port` with a certificate for 127.0.0.1 made at start
  // (ca_file() holds it), and plain HTTP on a second port (http_port()). A bearer token over plain
  // HTTP is then refused (403). Without it, the server is plain HTTP only: a loopback development
  // server, which takes a token over HTTP since it has nothing else.
  bool tls = false;
  // Secure transfer required (with `tls`): every request over plain HTTP gets 400 AccountRequiresHttps.
  bool https_only = false;
  Fault fault = Fault::None;
  // A copy from a blob of another account of this server (the "large source" of a real account)
  // stays pending while it moves this many bytes a second (0: it completes at once).
  uint64_t cross_account_bytes_per_second = 64 * 1024;
  // The race a real account can make the harness lose: an abort that reaches such a copy finds it
  // just completed.
  bool cross_account_copy_completes_before_abort = false;
  int latency_ms = 0;  // added before each answer (a remote account's latency)
  // A copy from a URL waits this long before it asks the source, and as long again before it takes
  // each piece the source sends: a slow copy engine, for the pending-copy cases' races.
  int url_copy_delay_ms = 0;
  // Answer every Abort Copy Blob request like a hostile server, in this one way (hostile.h).
  Hostile hostile = Hostile::None;
  std::chrono::milliseconds drip_interval = kDefaultDripInterval;  // the pace of Hostile::SlowDrip
};

class ReferenceServer {
 public:
  static Result<std::unique_ptr<ReferenceServer>> start(ReferenceOptions options);
  ~ReferenceServer();
  ReferenceServer(const ReferenceServer&) = delete;
  ReferenceServer& operator=(const ReferenceServer&) = delete;

  int port() const;
  std::string endpoint(size_t account = 0) const;           // http(s)://127.0.0.1:<port>/<account>
  std::string connection_string(size_t account = 0) const;  // DefaultEndpointsProtocol=...;BlobEndpoint=...
  // With ReferenceOptions::tls: the plain-HTTP port, its origin (http://127.0.0.1:<port>, for
  // --http-endpoint) and the PEM file of the server's certificate (for --ca-file); else 0 and "".
  int http_port() const;
  std::string http_origin() const;
  std::string ca_file() const;
  size_t requests() const;                                  // answered so far
  std::vector<std::string> containers(size_t account) const;  // what exists now, for the tests

  struct Impl;

 private:
  explicit ReferenceServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Two accounts with fixed, made-up keys: what the tests and the program use by default.
std::vector<AccountSpec> default_accounts();

}  // namespace blobconform::reference
