// Lease Blob and the lease rules other operations follow (facts §3).
#include "harness/auth/service_version.h"
#include "harness/cases/variables.h"
#include "harness/wire/encoding.h"
#include "tests/reference/operations.h"

namespace blobconform::reference {
namespace {

constexpr int kMinLeaseSeconds = 15, kMaxLeaseSeconds = 60, kMaxBreakSeconds = 60;

bool locked(const Lease& lease) { return lease.state == Lease::State::Leased || lease.state == Lease::State::Breaking; }

// A lease id sent for a blob whose lease is not held: 412 LeaseLost when the lease expired or was
// broken, LeaseNotPresentWithBlobOperation when there never was one (azure-front-end.md §2).
Reply no_lease_held(const Lease& lease) {
  if (lease.state == Lease::State::Expired || lease.state == Lease::State::Broken) {
    return error_reply(412, "LeaseLost", "A lease ID was specified, but the lease for the blob has expired.");
  }
  return error_reply(412, "LeaseNotPresentWithBlobOperation", "There is currently no lease on the blob.");
}

Reply lease_conflict(const char* code, const char* message) { return error_reply(409, code, message); }

// A whole number within [low, high], or nothing.
std::optional<int> parse_seconds(const std::string& text, int low, int high) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  size_t at = text[0] == '-' ? 1 : 0;
  if (at == text.size()) return std::nullopt;
  for (size_t i = at; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  int value = std::stoi(text);
  if (value < low || value > high) return std::nullopt;
  return value;
}

// Lease ids name the same lease in any GUID spelling (the front end parses them).
bool same_lease_id(const std::string& sent, const std::string& lease) {
  auto parsed = parse_guid(sent);
  return parsed ? parsed == parse_guid(lease) : wire::iequals(sent, lease);
}

}  // namespace

std::optional<std::string> lease_id_sent(const Incoming& request) {
  auto id = request.header("x-ms-lease-id");
  if (id && id->empty()) return std::nullopt;
  return id;
}

std::optional<Reply> check_write_lease(Lease& lease, const Incoming& request, Fault fault) {
  auto id = lease_id_sent(request);
  if (locked(lease) && !id) {
    return error_reply(412, "LeaseIdMissing",
                       "There is currently a lease on the blob and no lease ID was specified in the request.");
  }
  if (locked(lease) && !same_lease_id(*id, lease.id)) {
    if (fault == Fault::WrongLeaseErrorCode) {
      return lease_conflict("LeaseIdMismatchWithLeaseOperation",
                            "The lease ID specified did not match the lease ID for the blob.");
    }
    return error_reply(412, "LeaseIdMismatchWithBlobOperation",
                       "The lease ID specified did not match the lease ID for the blob.");
  }
  if (!locked(lease) && id) return no_lease_held(lease);
  return std::nullopt;
}

std::optional<Reply> check_read_lease(Lease& lease, const Incoming& request) {
  auto id = lease_id_sent(request);
  if (!id) return std::nullopt;
  if (!locked(lease)) return no_lease_held(lease);
  if (!same_lease_id(*id, lease.id)) {
    return error_reply(412, "LeaseIdMismatchWithBlobOperation",
                       "The lease ID specified did not match the lease ID for the blob.");
  }
  return std::nullopt;
}

Reply lease_blob(Service& service, const Incoming& request, const Access& access) {
  if (request.param("snapshot")) {
    // EnsureIsRootBlobRequest, as for the abort (azure-front-end.md §1).
    return invalid_query("snapshot", *request.param("snapshot"),
                         "This operation is only allowed on the root blob. Snapshot should not be provided.");
  }
  auto action = request.header("x-ms-lease-action");
  if (!action) return missing_header("x-ms-lease-action");
  bool breaking = *action == "break";
  // d may break a lease from 2017-07-29 (facts §5.4).
  std::string letters = breaking && auth::version_at_least(request.version, "2017-07-29") ? "wd" : "w";
  if (auto refused = authorize(access, {false, letters}, service.options.fault)) return *refused;
  if (*action != "acquire" && *action != "renew" && *action != "change" && *action != "release" && !breaking) {
    return invalid_header("x-ms-lease-action", *action);
  }
  auto id = lease_id_sent(request);
  auto proposed = request.header("x-ms-proposed-lease-id");
  auto duration_text = request.header("x-ms-lease-duration");
  auto period_text = request.header("x-ms-lease-break-period");
  std::optional<int> duration, period;
  if (*action == "acquire") {
    if (!duration_text) return missing_header("x-ms-lease-duration");
    duration = parse_seconds(*duration_text, -1, kMaxLeaseSeconds);
    if (!duration || (*duration != -1 && *duration < kMinLeaseSeconds)) {
      return invalid_header("x-ms-lease-duration", *duration_text);
    }
  }
  if (breaking && period_text) {
    period = parse_seconds(*period_text, 0, kMaxBreakSeconds);
    if (!period) return invalid_header("x-ms-lease-break-period", *period_text);
  }
  if (proposed && !is_guid(*proposed)) return invalid_header("x-ms-proposed-lease-id", *proposed);
  if ((*action == "renew" || *action == "change" || *action == "release") && !id) return missing_header("x-ms-lease-id");
  if (*action == "change" && !proposed) return missing_header("x-ms-proposed-lease-id");

  Container* container;
  Blob* blob;
  if (auto missing = find_blob(service, request, container, blob)) return *missing;
  if (blob->copy.status == "pending") return pending_copy_conflict();
  Lease& lease = blob->lease;
  auto now = Clock::now();
  bool same = id && same_lease_id(*id, lease.id);
  Reply reply;
  if (*action == "acquire") {
    if (lease.state == Lease::State::Breaking) {
      return lease_conflict("LeaseIsBreakingAndCannotBeAcquired",
                            "There is already a breaking lease on the blob, and it cannot be acquired.");
    }
    if (lease.state == Lease::State::Leased && !(proposed && wire::iequals(*proposed, lease.id))) {
      return lease_conflict("LeaseAlreadyPresent", "There is already a lease present.");
    }
    lease.state = Lease::State::Leased;
    lease.id = wire::to_lower(proposed ? *proposed : cases::new_uuid_v4());
    lease.duration = *duration;
    lease.expires = now + std::chrono::seconds(*duration);
    reply.status = 201;
    reply.set("x-ms-lease-id", lease.id);
  } else if (*action == "renew") {
    if (lease.state == Lease::State::Available) {
      return lease_conflict("LeaseNotPresentWithLeaseOperation", "There is currently no lease on the blob.");
    }
    if (!same) {
      return lease_conflict("LeaseIdMismatchWithLeaseOperation",
                            "The lease ID specified did not match the lease ID for the blob.");
    }
    if (lease.state == Lease::State::Breaking || lease.state == Lease::State::Broken) {
      return lease_conflict("LeaseIsBrokenAndCannotBeRenewed", "The lease has been broken and cannot be renewed.");
    }
    lease.state = Lease::State::Leased;
    lease.expires = now + std::chrono::seconds(std::max(lease.duration, 0));
    reply.status = 200;
    reply.set("x-ms-lease-id", lease.id);
  } else if (*action == "change") {
    if (lease.state == Lease::State::Breaking) {
      return lease_conflict("LeaseIsBreakingAndCannotBeChanged", "The lease is breaking and cannot be changed.");
    }
    if (lease.state != Lease::State::Leased) {
      return lease_conflict("LeaseNotPresentWithLeaseOperation", "There is currently no lease on the blob.");
    }
    if (!same && !wire::iequals(*id, *proposed)) {
      return lease_conflict("LeaseIdMismatchWithLeaseOperation",
                            "The lease ID specified did not match the lease ID for the blob.");
    }
    lease.id = wire::to_lower(*proposed);
    reply.status = 200;
    reply.set("x-ms-lease-id", lease.id);
  } else if (*action == "release") {
    if (lease.state == Lease::State::Available) {
      return lease_conflict("LeaseNotPresentWithLeaseOperation", "There is currently no lease on the blob.");
    }
    if (!same) {
      return lease_conflict("LeaseIdMismatchWithLeaseOperation",
                            "The lease ID specified did not match the lease ID for the blob.");
    }
    lease = Lease{};
    reply.status = 200;
  } else {  // break
    if (lease.state == Lease::State::Available || lease.state == Lease::State::Expired) {
      return lease_conflict("LeaseNotPresentWithLeaseOperation", "There is currently no lease on the blob.");
    }
    if (lease.state == Lease::State::Leased) {
      auto remaining = lease.duration < 0 ? std::chrono::seconds(0)
                                          : std::chrono::duration_cast<std::chrono::seconds>(lease.expires - now);
      auto wait = period ? std::chrono::seconds(*period) : remaining;
      if (lease.duration > 0 && remaining < wait) wait = remaining;
      lease.broken_at = now + wait;
      lease.state = wait.count() > 0 ? Lease::State::Breaking : Lease::State::Broken;
    } else if (lease.state == Lease::State::Breaking && period && now + std::chrono::seconds(*period) < lease.broken_at) {
      lease.broken_at = now + std::chrono::seconds(*period);
      if (*period == 0) lease.state = Lease::State::Broken;
    }
    auto left = lease.state == Lease::State::Breaking
                    ? std::chrono::duration_cast<std::chrono::seconds>(lease.broken_at - now).count()
                    : 0;
    reply.status = 202;
    reply.set("x-ms-lease-time", std::to_string(left));
  }
  set_blob_headers(reply, *blob);
  return reply;
}

}  // namespace blobconform::reference
