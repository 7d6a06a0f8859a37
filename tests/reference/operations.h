// The reference target's operations, one function each; the router (reference_server.cc) has
// already parsed the request, checked its version and its credentials.
#pragma once

#include "tests/reference/authorization.h"
#include "tests/reference/exchange.h"
#include "tests/reference/reference_server.h"
#include "tests/reference/store.h"

namespace blobconform::reference {

struct Service {
  Store& store;
  const ReferenceOptions& options;
  int port;                           // this server's own port: a copy source on it is read from the store
  std::unique_lock<std::mutex>& lock;  // holds store.mutex; an operation may wait on it
};

// container_ops.cc
Reply create_container(Service& service, const Incoming& request, const Access& access);
Reply delete_container(Service& service, const Incoming& request, const Access& access);
Reply list_containers(Service& service, const Incoming& request, const Access& access);  // GET ?comp=list
Reply set_container_acl(Service& service, const Incoming& request, const Access& access);  // PUT ?comp=acl

// user_delegation.cc: POST /?restype=service&comp=userdelegationkey
Reply get_user_delegation_key(Service& service, const Incoming& request, const Access& access);

// blob_ops.cc
Reply put_blob(Service& service, const Incoming& request, const Access& access);
Reply append_block(Service& service, const Incoming& request, const Access& access);  // PUT ?comp=appendblock
Reply put_page(Service& service, const Incoming& request, const Access& access);      // PUT ?comp=page
Reply get_blob(Service& service, const Incoming& request, const Access& access);  // and HEAD
Reply delete_blob(Service& service, const Incoming& request, const Access& access);
Reply snapshot_blob(Service& service, const Incoming& request, const Access& access);
Reply set_blob_tier(Service& service, const Incoming& request, const Access& access);  // PUT ?comp=tier
Reply set_blob_metadata(Service& service, const Incoming& request, const Access& access);

// copy_ops.cc
Reply copy_blob(Service& service, const Incoming& request, const Access& access);
Reply incremental_copy(Service& service, const Incoming& request, const Access& access);  // PUT ?comp=incrementalcopy
// Put Blob From URL: a block blob made at once from a blob of this server; no copy properties.
Reply put_blob_from_url(Service& service, const Incoming& request, const Access& access);
Reply abort_copy(Service& service, const Incoming& request, const Access& access);

// lease_ops.cc
Reply lease_blob(Service& service, const Incoming& request, const Access& access);
// A write to a blob under the lease rules of facts §3.3 (LeaseIdMissing, ...Mismatch..., ...NotPresent...).
std::optional<Reply> check_write_lease(Lease& lease, const Incoming& request, Fault fault);
// The x-ms-lease-id sent; an empty one counts as absent (azure-front-end.md §1).
std::optional<std::string> lease_id_sent(const Incoming& request);
// A read with x-ms-lease-id: it must name the active lease.
std::optional<Reply> check_read_lease(Lease& lease, const Incoming& request);

// Shared by the operations.
std::string xml_text(const std::string& text);  // &, < and > escaped
Reply invalid_header(const std::string& name, const std::string& value);
Reply missing_header(const std::string& name);
// The front end always writes a Reason, empty when it has none (azure-front-end.md §4).
Reply invalid_query(const std::string& name, const std::string& value, const std::string& reason = "");
Reply missing_query(const std::string& name);
Reply invalid_blob_type();
Reply container_not_found();
Reply blob_not_found(Fault fault);
Reply pending_copy_conflict();
Reply blob_archived();  // 409 BlobArchived
// The access tier named by an x-ms-access-tier value (any case), in its canonical spelling.
std::optional<std::string> access_tier(const std::string& sent);
// Looks up the request's container and blob, answering 404 when either is missing.
std::optional<Reply> find_blob(Service& service, const Incoming& request, Container*& container, Blob*& blob);
std::vector<std::pair<std::string, std::string>> request_metadata(const Incoming& request);
void set_blob_headers(Reply& reply, const Blob& blob);  // ETag, Last-Modified, x-ms-version-id
// A time with seven fractional digits, later than any it gave before: snapshot times and version ids.
std::string precise_stamp();
// Blob versioning, always on here: a write keeps what `blob` was as a previous version of `name`
// and gives it a new version id (x-ms-version-id); call it before the write changes the blob.
void start_new_version(Container& container, const std::string& name, Blob& blob);
bool is_guid(std::string_view text);  // the 8-4-4-4-12 form only
// A GUID in any spelling .NET's Guid(String) reads (8-4-4-4-12, 32 digits, in braces or
// parentheses, either case, spaces around it), as the lower-case 8-4-4-4-12 form; nullopt otherwise.
std::optional<std::string> parse_guid(std::string_view text);

}  // namespace blobconform::reference
