// Put Blob, Append Block, Get Blob, Get Blob Properties, Delete Blob, Snapshot Blob, Set Blob
// Metadata, and what the operations share (facts §2.4, §2.5).
#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>

#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"
#include "tests/reference/operations.h"

namespace blobconform::reference {
namespace {

constexpr size_t kPageSize = 512;

const char* lease_state_name(Lease::State state) {
  switch (state) {
    case Lease::State::Available: return "available";
    case Lease::State::Leased: return "leased";
    case Lease::State::Expired: return "expired";
    case Lease::State::Breaking: return "breaking";
    case Lease::State::Broken: return "broken";
  }
  return "available";
}

void set_property_headers(Reply& reply, const Blob& blob) {
  set_blob_headers(reply, blob);
  reply.set("x-ms-blob-type", blob.type);
  reply.set("x-ms-access-tier", blob.tier.empty() ? "Hot" : blob.tier);
  if (blob.tier.empty()) reply.set("x-ms-access-tier-inferred", "true");
  if (!blob.archive_status.empty()) reply.set("x-ms-archive-status", blob.archive_status);
  reply.content_type = blob.content_type;
  for (const auto& [name, value] : blob.metadata) reply.set("x-ms-meta-" + name, value);
  bool locked = blob.lease.state == Lease::State::Leased || blob.lease.state == Lease::State::Breaking;
  reply.set("x-ms-lease-state", lease_state_name(blob.lease.state));
  reply.set("x-ms-lease-status", locked ? "locked" : "unlocked");
  if (blob.lease.state == Lease::State::Leased) {
    reply.set("x-ms-lease-duration", blob.lease.duration < 0 ? "infinite" : "fixed");
  }
  if (blob.incremental) reply.set("x-ms-incremental-copy", "true");
  const auto& copy = blob.copy;
  if (copy.id.empty()) return;
  reply.set("x-ms-copy-id", copy.id);
  reply.set("x-ms-copy-status", copy.status);
  reply.set("x-ms-copy-source", copy.source);
  reply.set("x-ms-copy-progress",
            std::to_string(copy.copied) + "/" + (copy.total_known ? std::to_string(copy.total) : std::string("0")));
  if (copy.status != "pending") reply.set("x-ms-copy-completion-time", wire::format_rfc1123(copy.completed));
  if (blob.incremental && copy.status == "success") reply.set("x-ms-copy-destination-snapshot", blob.copy_destination_snapshot);
  if (copy.status == "failed" || (copy.status == "pending" && !copy.description.empty())) {
    reply.set("x-ms-copy-status-description", copy.description);
  }
}

}  // namespace

Reply invalid_header(const std::string& name, const std::string& value) {
  return error_reply(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.",
                     {{"HeaderName", name}, {"HeaderValue", value}});
}

Reply missing_header(const std::string& name) {
  return error_reply(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.",
                     {{"HeaderName", name}});
}

Reply invalid_query(const std::string& name, const std::string& value, const std::string& reason) {
  return error_reply(400, "InvalidQueryParameterValue",
                     "Value for one of the query parameters specified in the request URI is invalid.",
                     {{"QueryParameterName", name}, {"QueryParameterValue", value}, {"Reason", reason}});
}

Reply missing_query(const std::string& name) {
  return error_reply(400, "MissingRequiredQueryParameter",
                     "A query parameter that's mandatory for this request is not specified.", {{"QueryParameterName", name}});
}

Reply invalid_blob_type() { return error_reply(409, "InvalidBlobType", "The blob type is invalid for this operation."); }

Reply container_not_found() {
  return error_reply(404, "ContainerNotFound", "The specified container does not exist.");
}

Reply blob_not_found(Fault fault) {
  if (fault == Fault::NotFoundWrongCode) {
    return error_reply(404, "ResourceNotFound", "The specified resource does not exist.");
  }
  return error_reply(404, "BlobNotFound", "The specified blob does not exist.");
}

Reply pending_copy_conflict() {
  return error_reply(409, "PendingCopyOperation", "There is currently a pending copy operation.");
}

std::optional<Reply> find_blob(Service& service, const Incoming& request, Container*& container, Blob*& blob) {
  container = service.store.container(request.account, request.container);
  if (!container) return container_not_found();
  auto found = container->blobs.find(request.blob);
  if (found == container->blobs.end()) return blob_not_found(service.options.fault);
  blob = &found->second;
  Store::refresh_lease(blob->lease, Clock::now());
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> request_metadata(const Incoming& request) {
  std::vector<std::pair<std::string, std::string>> metadata;
  for (const auto& [name, value] : request.headers) {
    if (name.size() > 10 && wire::iequals(name.substr(0, 10), "x-ms-meta-")) metadata.emplace_back(name.substr(10), value);
  }
  return metadata;
}

void set_blob_headers(Reply& reply, const Blob& blob) {
  reply.set("ETag", blob.etag);
  reply.set("Last-Modified", wire::format_rfc1123(blob.last_modified));
  if (!blob.version_id.empty()) reply.set("x-ms-version-id", blob.version_id);
}

std::string precise_stamp() {
  static std::atomic<long long> last{0};
  long long micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
  long long seen = last.load();
  while (true) {
    long long next = std::max(micros, seen + 1);
    if (last.compare_exchange_weak(seen, next)) {
      micros = next;
      break;
    }
  }
  std::string stamp = wire::format_iso8601(Clock::time_point(std::chrono::microseconds(micros)));
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lld0Z", micros % 1000000);
  return stamp.substr(0, stamp.size() - 1) + fraction;
}

void start_new_version(Container& container, const std::string& name, Blob& blob) {
  if (!blob.version_id.empty()) container.versions[name][blob.version_id] = blob;
  blob.version_id = precise_stamp();
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::optional<std::string> parse_guid(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() == 38 && ((text.front() == '{' && text.back() == '}') || (text.front() == '(' && text.back() == ')'))) {
    text = text.substr(1, 36);
  }
  std::string hex;
  if (is_guid(text)) {
    for (char c : text) if (c != '-') hex += c;
  } else if (text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
    hex = std::string(text);
  } else {
    return std::nullopt;
  }
  for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

// x-ms-range, else Range: "bytes=<first>-[<last>]" (first and last included); nullopt when absent or
// not of that form (a malformed range is ignored, as HTTP allows).
std::optional<std::pair<size_t, size_t>> requested_range(const Incoming& request) {
  auto text = request.header("x-ms-range");
  if (!text) text = request.header("Range");
  if (!text || text->rfind("bytes=", 0) != 0) return std::nullopt;
  std::string spec = text->substr(6);
  auto dash = spec.find('-');
  if (dash == std::string::npos || dash == 0) return std::nullopt;
  auto digits = [](const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  std::string first = spec.substr(0, dash), last = spec.substr(dash + 1);
  if (!digits(first) || (!last.empty() && !digits(last)) || first.size() > 18 || last.size() > 18) return std::nullopt;
  size_t from = std::stoull(first), to = last.empty() ? SIZE_MAX : std::stoull(last);
  if (to < from) return std::nullopt;
  return std::make_pair(from, to);
}

// The handler reads its headers first, then authorization and the store decide (azure-front-end.md
// §0 steps 8-10): a PUT without comp and without x-ms-blob-type is refused for the header whoever
// sends it and whatever the container.
Reply put_blob(Service& service, const Incoming& request, const Access& access) {
  if (!request.header("Content-Length")) {
    return error_reply(411, "MissingContentLengthHeader", "Content-Length HTTP header is missing.");
  }
  auto type = request.header("x-ms-blob-type");
  if (!type) return missing_header("x-ms-blob-type");
  if (*type != "BlockBlob" && *type != "AppendBlob" && *type != "PageBlob") return invalid_header("x-ms-blob-type", *type);
  if (*type != "BlockBlob" && !request.body.empty()) {
    return error_reply(400, "InvalidHeaderValue", "An append or page blob is created empty.",
                       {{"HeaderName", "Content-Length"}, {"HeaderValue", std::to_string(request.body.size())}});
  }
  // A page blob is created at its declared length, zero-filled, in whole 512-byte pages.
  size_t page_blob_length = 0;
  if (*type == "PageBlob") {
    auto length = request.header("x-ms-blob-content-length");
    if (!length) return missing_header("x-ms-blob-content-length");
    auto [end, error] = std::from_chars(length->data(), length->data() + length->size(), page_blob_length);
    if (error != std::errc() || end != length->data() + length->size() || page_blob_length % kPageSize != 0 ||
        page_blob_length > kMaxBlobSize) {
      return invalid_header("x-ms-blob-content-length", *length);
    }
    if (service.options.fault == Fault::PageBlobLengthIgnored) page_blob_length = 0;
  }
  auto* container = service.store.container(request.account, request.container);
  bool exists = container && container->blobs.count(request.blob);
  if (auto refused = authorize(access, {false, exists ? "w" : "cw"}, service.options.fault)) return *refused;
  if (!container) return container_not_found();
  Blob& blob = container->blobs[request.blob];
  if (exists) {
    Store::refresh_lease(blob.lease, Clock::now());
    if (blob.copy.status == "pending") return pending_copy_conflict();
    if (auto refused = check_write_lease(blob.lease, request, service.options.fault)) return *refused;
  }
  start_new_version(*container, request.blob, blob);
  blob.type = *type;
  blob.content = *type == "PageBlob" ? std::string(page_blob_length, '\0') : request.body;
  blob.content_type = request.header("Content-Type").value_or("application/octet-stream");
  blob.metadata = request_metadata(request);
  blob.copy = CopyState{};  // a rewrite clears the last copy's state (facts §2.4)
  blob.etag = service.store.new_etag();
  blob.last_modified = Clock::now();
  Reply reply;
  reply.status = 201;
  set_blob_headers(reply, blob);
  return reply;
}

Reply blob_archived() {
  return error_reply(409, "BlobArchived", "This operation is not permitted on an archived blob.");
}

std::optional<std::string> access_tier(const std::string& sent) {
  for (const char* tier : {"Hot", "Cool", "Cold", "Archive"}) {
    if (wire::iequals(sent, tier)) return std::string(tier);
  }
  return std::nullopt;
}

// Set Blob Tier: an online blob moves to any tier at once; an archived one moved online is rehydrated,
// which here never ends (it takes hours on Azure), so it stays archived with its rehydrate-pending status.
Reply set_blob_tier(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "w"}, service.options.fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  auto sent = request.header("x-ms-access-tier");
  if (!sent) return missing_header("x-ms-access-tier");
  auto tier = access_tier(*sent);
  if (!tier) return invalid_header("x-ms-access-tier", *sent);
  if (blob->copy.status == "pending") return pending_copy_conflict();
  if (auto refused = check_write_lease(blob->lease, request, service.options.fault)) return *refused;
  if (blob->tier == "Archive" && *tier != "Archive") {
    blob->archive_status = "rehydrate-pending-to-" + wire::to_lower(*tier);
  } else {
    blob->tier = *tier;
    blob->archive_status.clear();
  }
  Reply reply;
  reply.status = 200;
  return reply;
}

// Append Block: the body goes at the end of an append blob.
Reply append_block(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "aw"}, service.options.fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (blob->type != "AppendBlob") return invalid_blob_type();
  Store::refresh_lease(blob->lease, Clock::now());
  if (blob->copy.status == "pending") return pending_copy_conflict();
  if (auto refused = check_write_lease(blob->lease, request, service.options.fault)) return *refused;
  blob->content += request.body;
  blob->etag = service.store.new_etag();
  blob->last_modified = Clock::now();
  Reply reply;
  reply.status = 201;
  set_blob_headers(reply, *blob);
  reply.set("x-ms-blob-append-offset", std::to_string(blob->content.size() - request.body.size()));
  return reply;
}

// Put Page (update only): the body over the pages of the range, which must start and end on a
// 512-byte page boundary inside the blob and be as long as the body.
Reply put_page(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "w"}, service.options.fault)) return *refused;
  auto write = request.header("x-ms-page-write");
  if (!write) return missing_header("x-ms-page-write");
  if (*write != "update") return invalid_header("x-ms-page-write", *write);
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (blob->type != "PageBlob") return invalid_blob_type();
  Store::refresh_lease(blob->lease, Clock::now());
  if (blob->copy.status == "pending") return pending_copy_conflict();
  if (auto refused = check_write_lease(blob->lease, request, service.options.fault)) return *refused;
  auto range = requested_range(request);
  if (!range || range->first % 512 != 0 || range->second == SIZE_MAX || (range->second + 1) % 512 != 0 ||
      range->second >= blob->content.size()) {
    return error_reply(416, "InvalidPageRange", "The page range specified is invalid.");
  }
  if (request.body.size() != range->second - range->first + 1) {
    return invalid_header("Content-Length", std::to_string(request.body.size()));
  }
  blob->content.replace(range->first, request.body.size(), request.body);
  blob->etag = service.store.new_etag();
  blob->last_modified = Clock::now();
  Reply reply;
  reply.status = 201;
  set_blob_headers(reply, *blob);
  return reply;
}

Reply get_blob(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "r"}, service.options.fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (auto refused = check_read_lease(blob->lease, request)) return *refused;
  if (request.method == "GET" && blob->tier == "Archive") return blob_archived();
  Reply reply;
  reply.status = 200;
  set_property_headers(reply, *blob);
  reply.body = blob->content;  // a HEAD answer carries its length only
  if (request.method == "GET" && service.options.fault != Fault::RangeIgnored) {
    if (auto range = requested_range(request)) {
      const size_t size = blob->content.size();
      if (range->first >= size) {
        Reply refused = error_reply(416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
        refused.set("Content-Range", "bytes */" + std::to_string(size));
        return refused;
      }
      size_t last = std::min(range->second, size - 1);
      reply.status = 206;
      reply.set("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(last) + "/" + std::to_string(size));
      reply.body = blob->content.substr(range->first, last - range->first + 1);
    }
  }
  return reply;
}

Reply delete_blob(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "d"}, service.options.fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (auto refused = check_write_lease(blob->lease, request, service.options.fault)) return *refused;
  container->deleted[request.blob] = std::move(*blob);  // soft-deleted: invisible to every operation
  container->blobs.erase(request.blob);
  container->snapshots.erase(request.blob);
  container->versions.erase(request.blob);
  Reply reply;
  reply.status = 202;
  return reply;
}

Reply snapshot_blob(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "cw"}, service.options.fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (blob->copy.status == "pending") return pending_copy_conflict();
  if (auto refused = check_read_lease(blob->lease, request)) return *refused;
  std::string stamp = precise_stamp();
  container->snapshots[request.blob][stamp] = *blob;
  Reply reply;
  reply.status = 201;
  reply.set("x-ms-snapshot", stamp);
  set_blob_headers(reply, *blob);
  return reply;
}

Reply set_blob_metadata(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {false, "w"}, service.options.fault)) return *refused;
  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (blob->copy.status == "pending") return pending_copy_conflict();
  if (auto refused = check_write_lease(blob->lease, request, service.options.fault)) return *refused;
  blob->metadata = request_metadata(request);
  blob->etag = service.store.new_etag();
  blob->last_modified = Clock::now();
  Reply reply;
  reply.status = 200;
  set_blob_headers(reply, *blob);
  return reply;
}

}  // namespace blobconform::reference
