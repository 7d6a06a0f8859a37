// Copy Blob and Abort Copy Blob (facts §1, §2).
#include <cctype>
#include <optional>

#include "harness/auth/service_version.h"
#include "harness/cases/variables.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"
#include "tests/reference/copy_jobs.h"
#include "tests/reference/operations.h"

namespace blobconform::reference {
namespace {

Reply cannot_verify_source(int status, const std::string& why) {
  return error_reply(status, "CannotVerifyCopySource", why);
}

// Where a copy's bytes come from.
struct Source {
  enum class Kind { SameAccount, OtherAccount, Url } kind = Kind::Url;
  const Blob* blob = nullptr;  // SameAccount and OtherAccount
  bool snapshot = false;       // the URL names a snapshot of the blob
};

// A snapshot time as the front end reads one: exactly yyyy-MM-ddTHH:mm:ss.fffffffZ
// (HttpUtilities.TryGetSnapshotDateTimeFromHttpString).
bool is_snapshot_time(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddddddZ";
  if (text.size() != kShape.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool ok = kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0 : text[i] == kShape[i];
    if (!ok) return false;
  }
  return wire::parse_iso8601(std::string(text.substr(0, 19)) + "Z").ok();
}

// What a container keeps of `name` under `key` (a snapshot time, a version id); null when nothing.
const Blob* kept(const std::map<std::string, std::map<std::string, Blob>>& by_blob, const std::string& name,
                 const std::string& key) {
  auto of_blob = by_blob.find(name);
  if (of_blob == by_blob.end()) return nullptr;
  auto at = of_blob->second.find(key);
  return at == of_blob->second.end() ? nullptr : &at->second;
}

// A source URL naming a blob on this server is read from the store: from the request's own
// account directly, from another account only through a SAS (or a public container) that lets
// it be read (facts §2.1). Any other URL is read over HTTP in the background.
std::optional<Reply> resolve_source(Service& service, const Incoming& request, const std::string& url, Source& source) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return invalid_header("x-ms-copy-source", url);
  auto path_at = url.find('/', scheme_end + 3);
  std::string authority = url.substr(scheme_end + 3, path_at == std::string::npos ? std::string::npos : path_at - scheme_end - 3);
  std::string port = ":" + std::to_string(service.port);
  if (authority != "127.0.0.1" + port && authority != "localhost" + port) {
    source.kind = Source::Kind::Url;
    return std::nullopt;
  }
  Incoming read;
  read.method = "GET";
  read.remote_addr = request.remote_addr;
  read.version = request.version;
  if (parse_target(path_at == std::string::npos ? "/" : url.substr(path_at), read)) {
    return cannot_verify_source(400, "The copy source URL has a malformed query.");
  }
  const Blob* blob = service.store.blob(read.account, read.container, read.blob);
  source.snapshot = read.param("snapshot").has_value();
  if (auto snapshot = read.param("snapshot"); blob && snapshot && service.options.fault != Fault::SnapshotSourceIgnored) {
    blob = kept(service.store.container(read.account, read.container)->snapshots, read.blob, *snapshot);
  }
  // A version other than the current one is read from the versions kept (blob versioning).
  if (auto version = read.param("versionid"); blob && version && *version != blob->version_id &&
                                              service.options.fault != Fault::VersionSourceIgnored) {
    blob = kept(service.store.container(read.account, read.container)->versions, read.blob, *version);
  }
  if (!blob) return cannot_verify_source(404, "The specified blob does not exist.");
  source.blob = blob;
  // Copy Blob within an account reads its source with the caller's rights; Copy Blob From URL
  // (x-ms-requires-sync) and Put Blob From URL read it as any URL: a SAS or a public container.
  bool read_as_url = request.header("x-ms-requires-sync") || request.header("x-ms-blob-type");
  source.kind = read.account == request.account ? Source::Kind::SameAccount : Source::Kind::OtherAccount;
  if (source.kind == Source::Kind::SameAccount && !read_as_url) return std::nullopt;
  Access access;
  auto refused = authenticate(read, service.store.account(read.account), service.store.accounts, service.options, access);
  if (!refused) {
    if (access.kind == Access::Kind::Anonymous) {
      auto* container = service.store.container(read.account, read.container);
      if (container->public_access.empty()) refused = error_reply(401, "NoAuthenticationInformation", "");
    } else {
      refused = authorize(access, {false, "r"}, service.options.fault);
    }
  }
  if (refused) return cannot_verify_source(403, "The copy source cannot be read: " + refused->error_code);
  return std::nullopt;
}

// For the fault that evaluates If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since
// on an abort, as a write would: 412 ConditionNotMet when one does not hold.
std::optional<Reply> unmet_condition(const Blob& blob, const Incoming& request) {
  auto unmet = [] { return error_reply(412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met."); };
  if (auto match = request.header("If-Match"); match && *match != "*" && *match != blob.etag) return unmet();
  if (auto none = request.header("If-None-Match"); none && (*none == "*" || *none == blob.etag)) return unmet();
  auto seconds = [](Clock::time_point t) { return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()); };
  if (auto since = request.header("If-Modified-Since")) {
    auto date = wire::parse_rfc1123(*since);
    if (date && seconds(blob.last_modified) <= seconds(*date)) return unmet();
  }
  if (auto since = request.header("If-Unmodified-Since")) {
    auto date = wire::parse_rfc1123(*since);
    if (date && seconds(blob.last_modified) > seconds(*date)) return unmet();
  }
  return std::nullopt;
}

Reply copy_accepted(const Blob& blob) {
  Reply reply;
  reply.status = 202;
  set_blob_headers(reply, blob);
  reply.set("x-ms-copy-id", blob.copy.id);
  reply.set("x-ms-copy-status", blob.copy.status);
  return reply;
}

}  // namespace

// Incremental Copy Blob: a snapshot of a page blob of this server to a page blob that only such
// copies write (Incremental-Copy-Blob Remarks). Done at once here; the destination keeps a snapshot
// of what each copy brought (x-ms-copy-destination-snapshot).
Reply incremental_copy(Service& service, const Incoming& request, const Access& access) {
  auto* container = service.store.container(request.account, request.container);
  Blob* existing = container ? service.store.blob(request.account, request.container, request.blob) : nullptr;
  if (auto refused = authorize(access, {false, existing ? "w" : "cw"}, service.options.fault)) return *refused;
  if (!container) return container_not_found();
  auto url = request.header("x-ms-copy-source");
  if (!url) return missing_header("x-ms-copy-source");
  Source source;
  if (auto refused = resolve_source(service, request, *url, source)) return *refused;
  if (!source.blob) {
    return error_reply(409, "InvalidSourceBlobUrl", "The source URL for incremental copy request must be valid Azure Storage blob URL.");
  }
  if (!source.snapshot) {
    return error_reply(409, "IncrementalCopySourceMustBeSnapshot", "The source for incremental copy request must be a snapshot.");
  }
  if (source.blob->type != "PageBlob") return invalid_blob_type();
  if (existing && !existing->incremental) {
    return error_reply(409, "IncrementalCopyBlobMismatch",
                       "The specified source blob is different than the copy source of the existing incremental copy blob.");
  }
  if (existing && existing->copy.status == "pending") return pending_copy_conflict();
  std::string content = source.blob->content;
  Blob& blob = container->blobs[request.blob];
  start_new_version(*container, request.blob, blob);
  auto now = Clock::now();
  blob.type = "PageBlob";
  blob.content = std::move(content);
  blob.incremental = service.options.fault != Fault::IncrementalCopyNotMarked;
  blob.copy = CopyState{};
  blob.copy.id = cases::new_uuid_v4();
  blob.copy.source = *url;
  blob.copy.status = "success";
  blob.copy.copied = blob.copy.total = blob.content.size();
  blob.copy.total_known = true;
  blob.copy.completed = now;
  blob.etag = service.store.new_etag();
  blob.last_modified = now;
  blob.copy_destination_snapshot = precise_stamp();
  container->snapshots[request.blob][blob.copy_destination_snapshot] = blob;
  return copy_accepted(blob);
}

Reply put_blob_from_url(Service& service, const Incoming& request, const Access& access) {
  auto* container = service.store.container(request.account, request.container);
  Blob* existing = container ? service.store.blob(request.account, request.container, request.blob) : nullptr;
  if (auto refused = authorize(access, {false, existing ? "w" : "cw"}, service.options.fault)) return *refused;
  if (!container) return container_not_found();
  Source source;
  if (auto refused = resolve_source(service, request, *request.header("x-ms-copy-source"), source)) return *refused;
  if (!source.blob) return cannot_verify_source(400, "The reference target makes Put Blob From URL from its own blobs only.");
  if (existing) {
    Store::refresh_lease(existing->lease, Clock::now());
    if (existing->copy.status == "pending") return pending_copy_conflict();
    if (auto refused = check_write_lease(existing->lease, request, service.options.fault)) return *refused;
  }
  Blob made;
  if (service.options.fault != Fault::PutFromUrlEmpty) made.content = source.blob->content;
  made.content_type = source.blob->content_type;
  made.metadata = request_metadata(request);
  if (existing) made.lease = existing->lease;
  made.etag = service.store.new_etag();
  made.last_modified = Clock::now();
  Blob& blob = container->blobs[request.blob];
  start_new_version(*container, request.blob, blob);
  made.version_id = blob.version_id;
  blob = std::move(made);
  Reply reply;
  reply.status = 201;
  set_blob_headers(reply, blob);
  return reply;
}

Reply copy_blob(Service& service, const Incoming& request, const Access& access) {
  auto& store = service.store;
  auto fault = service.options.fault;
  auto* container = store.container(request.account, request.container);
  Blob* existing = container ? store.blob(request.account, request.container, request.blob) : nullptr;
  if (auto refused = authorize(access, {false, existing ? "w" : "cw"}, fault)) return *refused;
  if (!container) return container_not_found();
  std::string url = *request.header("x-ms-copy-source");
  Source source;
  if (auto refused = resolve_source(service, request, url, source)) return *refused;
  std::string type = source.blob && fault != Fault::CopyMakesBlockBlob ? source.blob->type : "BlockBlob";
  // The destination's tier (x-ms-access-tier); an archived source needs one, online, and its copy
  // starts archived, then is rehydrated (archive-rehydrate-to-online-tier).
  std::optional<std::string> tier;
  if (auto sent = request.header("x-ms-access-tier")) {
    tier = access_tier(*sent);
    if (!tier) return invalid_header("x-ms-access-tier", *sent);
  }
  bool archived_source = source.blob && source.blob->tier == "Archive";
  if (archived_source && (!tier || *tier == "Archive")) return blob_archived();
  // A URL outside this server states its type when it answers (copy_jobs.cc), so an existing
  // destination's type is compared then; `before` is what to put back if they differ.
  bool url_source = !source.blob;
  std::optional<Blob> before;

  if (existing) {
    Store::refresh_lease(existing->lease, Clock::now());
    if (existing->copy.status == "pending") {
      if (fault != Fault::CopyOntoPendingAllowed) return pending_copy_conflict();
      stop_copy_job(store, existing->copy.id);
    }
    if (auto refused = check_write_lease(existing->lease, request, fault)) return *refused;
    if (existing->lease.state == Lease::State::Leased && existing->lease.duration > 0) {
      return error_reply(412, "InfiniteLeaseDurationRequired",
                         "The lease ID matched, but the specified lease must be an infinite-duration lease.");
    }
    if (!url_source && existing->type != type) return invalid_blob_type();
    if (url_source) before = *existing;
  } else if (lease_id_sent(request) && auth::version_at_least(request.version, "2013-08-15")) {
    return error_reply(412, "LeaseNotPresentWithBlobOperation", "There is currently no lease on the blob.");
  }

  auto metadata = request_metadata(request);
  if (metadata.empty() && source.blob) metadata = source.blob->metadata;
  std::string content = source.blob ? source.blob->content : std::string();
  std::string content_type = source.blob ? source.blob->content_type : "application/octet-stream";
  Blob& blob = container->blobs[request.blob];
  start_new_version(*container, request.blob, blob);
  auto now = Clock::now();
  blob.type = type;
  blob.content_type = content_type;
  blob.metadata = metadata;
  blob.pending_content.clear();
  blob.copy = CopyState{};
  blob.copy.id = cases::new_uuid_v4();
  blob.copy.source = url;
  blob.etag = store.new_etag();
  blob.last_modified = now;
  bool rehydrating = archived_source && fault != Fault::ArchivedCopyOnlineAtOnce;
  blob.tier = rehydrating ? "Archive" : tier.value_or("");
  blob.archive_status = rehydrating ? "rehydrate-pending-to-" + wire::to_lower(*tier) : "";
  BlobKey key{request.account, request.container, request.blob};
  if (source.kind == Source::Kind::SameAccount) {  // same account: at once (facts §2.2)
    blob.content = content;
    blob.copy.status = "success";
    blob.copy.copied = blob.copy.total = content.size();
    blob.copy.total_known = true;
    blob.copy.completed = now;
    if (fault == Fault::SyncCopyLeftPending && request.header("x-ms-requires-sync")) {
      Reply reply = copy_accepted(blob);  // answers success, yet the copy stays abortable
      blob.copy.status = "pending";
      return reply;
    }
  } else {
    reset_pending_content(blob, content.size());
    blob.copy.status = "pending";
    if (source.kind == Source::Kind::OtherAccount) {
      start_paced_copy(store, key, blob.copy.id, content, service.options.cross_account_bytes_per_second);
    } else {
      Blob accepted = blob;  // the destination may change while the source is asked
      start_url_copy(store, service.lock, key, accepted.copy.id, url, std::chrono::milliseconds(service.options.url_copy_delay_ms),
                     fault);
      Blob* now = store.blob(key.account, key.container, key.blob);
      if (before && now && now->copy.id == accepted.copy.id && now->type != before->type) {
        stop_copy_job(store, accepted.copy.id);
        *now = *before;
        return invalid_blob_type();
      }
      return copy_accepted(now && now->copy.id == accepted.copy.id ? *now : accepted);
    }
  }
  return copy_accepted(blob);
}

// The handler's checks run in the front end's order (azure-front-end.md §0 step 8): the HTTP
// version, snapshot, copyid, x-ms-copy-action, the format of x-ms-lease-id; then authorization and
// the store.
Reply abort_copy(Service& service, const Incoming& request, const Access& access) {
  auto fault = service.options.fault;
  if (request.http_version == "HTTP/1.0" && fault != Fault::Http10Accepted) {
    return error_reply(505, "UnsupportedHttpVersion", "The HTTP version specified is not supported for this operation by the server.",
                       {{"Version", "1.0"}, {"Via", ""}});
  }
  if (auto snapshot = request.param("snapshot"); snapshot && !snapshot->empty() && fault != Fault::SnapshotIgnoredOnAbort) {
    if (!is_snapshot_time(*snapshot)) return invalid_query("snapshot", *snapshot, "Must be in the specific snapshot date time format.");
    return invalid_query("snapshot", *snapshot, "This operation is only allowed on the root blob. Snapshot should not be provided.");
  }
  // A repeated copyid is "a,b", never a GUID.
  const std::string sent_id = fault == Fault::RepeatedParameterFirstValue ? request.param("copyid").value_or("")
                                                                         : request.joined_param("copyid");
  if (sent_id.empty()) return fault == Fault::MissingParameterAsInvalid ? invalid_query("copyid", "") : missing_query("copyid");
  auto copy_id = fault == Fault::CopyIdSpellingRefused && !is_guid(sent_id) ? std::nullopt : parse_guid(sent_id);
  if (!copy_id && fault != Fault::NonGuidCopyIdAccepted) {
    return invalid_query("copyid", sent_id, "copyid needs to be valid Guid.");
  }
  if (fault != Fault::CopyActionNotChecked) {
    auto action = request.header("x-ms-copy-action");
    if (!action || (action->empty() && fault != Fault::MissingParameterAsInvalid)) return missing_header("x-ms-copy-action");
    bool matches = fault == Fault::CopyActionCaseSensitive ? *action == "abort" : wire::iequals(*action, "abort");
    // A repeated header reaches the handler as its values joined.
    if (request.header_count("x-ms-copy-action") > 1 || !matches) {
      return invalid_header("x-ms-copy-action", request.joined_header("x-ms-copy-action"));
    }
  }
  if (fault == Fault::AbortRefusesBody && !request.body.empty()) {
    return error_reply(400, "InvalidInput", "One of the request inputs is not valid.");
  }
  if (fault == Fault::AbortRefusesUnknownHeader && request.header("x-ms-blob-type")) {
    return error_reply(400, "UnsupportedHeader", "One of the HTTP headers specified in the request is not supported.",
                       {{"HeaderName", "x-ms-blob-type"}});
  }
  auto lease_id = lease_id_sent(request);
  if (lease_id && !parse_guid(*lease_id) && fault != Fault::LeaseIdFormatUnchecked) return invalid_header("x-ms-lease-id", *lease_id);
  // Below 2015-04-05 the abort refuses every SAS caller, 404 as SAS failures were then (the front
  // end's code; the documentation allows a same-account SAS from 2013-08-15: azure-front-end.md §3).
  bool sas = access.kind == Access::Kind::ServiceSas || access.kind == Access::Kind::AccountSas;
  if (sas && !auth::version_at_least(request.version, "2015-04-05")) {
    return error_reply(404, "ResourceNotFound", "The specified resource does not exist.");
  }
  // The abort needs w, and only w: c and a, which Copy Blob takes for a new destination, do not do.
  if (auto refused = authorize(access, {false, fault == Fault::SasCreateAuthorizesAbort ? "wca" : "w"}, fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) {
    bool reach_deleted = fault == Fault::SoftDeletedBlobAbortable && container && container->deleted.count(request.blob);
    if (!reach_deleted) return *missing;
    blob = &container->deleted[request.blob];
  }
  if (fault != Fault::AbortIgnoresLease) {
    if (auto refused = check_write_lease(blob->lease, request, fault)) return *refused;
  }
  auto& copy = blob->copy;
  auto job = service.store.jobs.find(copy.id);
  if (service.options.cross_account_copy_completes_before_abort && copy.status == "pending" &&
      job != service.store.jobs.end() && job->second->paced) {
    complete_paced_copy(service.store, *blob);  // the race a real account makes: the copy just ended
  }
  if (fault == Fault::ConditionsEvaluatedOnAbort) {
    if (auto unmet = unmet_condition(*blob, request)) return *unmet;
  }
  bool same_id = copy_id ? parse_guid(copy.id) == copy_id : wire::iequals(copy.id, sent_id);
  bool abortable = copy.status == "pending" || (fault == Fault::AbortAcceptsCompletedCopy && same_id);
  if (!abortable) return error_reply(409, "NoPendingCopyOperation", "There is currently no pending copy operation.");
  if (!same_id && fault != Fault::AbortIgnoresCopyId) {
    return error_reply(409, "CopyIdMismatch",
                       "The specified copy ID did not match the copy ID for the pending copy operation.");
  }
  if (fault != Fault::AbortLeavesStatus) {
    stop_copy_job(service.store, copy.id);
    auto now = Clock::now();
    copy.status = "aborted";
    copy.description.clear();
    copy.completed = now;
    if (blob->type == "PageBlob") {
      // The front end's store keeps an aborted page blob's declared length, zero-filled
      // (azure-front-end.md §5; the docs say zero length: a CONFLICT the cases grade both ways).
      if (fault == Fault::AbortKeepsContent) {
        blob->content.replace(0, std::min(blob->pending_content.size(), blob->content.size()), blob->pending_content);
      }
    } else {
      blob->content = fault == Fault::AbortKeepsContent ? blob->pending_content : std::string();
    }
    blob->pending_content.clear();
    blob->etag = service.store.new_etag();
    blob->last_modified = now;
  }
  Reply reply;
  reply.status = fault == Fault::AbortAnswers200 ? 200 : fault == Fault::AbortAnswers202 ? 202 : 204;
  return reply;
}

}  // namespace blobconform::reference
