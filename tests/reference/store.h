// The reference target's state: accounts, containers, blobs, their leases and copies, in memory.
// One mutex guards all of it (Store::mutex); the server and the copy threads take it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace blobconform::reference {

using Clock = std::chrono::system_clock;

struct Lease {
  enum class State { Available, Leased, Expired, Breaking, Broken };
  State state = State::Available;
  std::string id;               // lower-cased GUID
  int duration = -1;            // seconds, -1 infinite
  Clock::time_point expires;    // fixed leases
  Clock::time_point broken_at;  // end of a break period
};

// The last copy that had this blob as its destination.
struct CopyState {
  std::string id;      // empty: never a copy destination (or the copy state was cleared)
  std::string status;  // pending, success, aborted, failed
  std::string source;
  std::string description;  // for failed (and pending with errors)
  uint64_t copied = 0, total = 0;
  bool total_known = false;
  Clock::time_point completed;
};

// A copy running in the background: from a URL outside the server (read over HTTP) or from a
// blob of another account of this server (paced to take a chosen time).
struct CopyJob {
  std::atomic<bool> cancel{false};
  bool started = false;  // the source answered (or the copy ended); guarded by Store::mutex
  bool paced = false;    // a copy from another account of this server
  std::thread thread;
  std::mutex mutex;                     // guards stop_transfer
  std::function<void()> stop_transfer;  // interrupts a transfer blocked on the network

  // Ends the job soon: the thread sees `cancel` at its next step, a blocked transfer is cut.
  void stop() {
    cancel = true;
    std::lock_guard<std::mutex> lock(mutex);
    if (stop_transfer) stop_transfer();
  }
};

struct Blob {
  std::string type = "BlockBlob";
  std::string content;
  std::string content_type = "application/octet-stream";
  std::vector<std::pair<std::string, std::string>> metadata;  // names as sent
  std::string etag;
  Clock::time_point last_modified;
  Lease lease;
  CopyState copy;
  std::string pending_content;  // bytes of a pending copy, not yet visible
  std::string version_id;       // blob versioning (always on here): this content's version
  std::string tier;             // Set Blob Tier's Hot, Cool, Cold or Archive; empty: inferred Hot
  std::string archive_status;   // rehydrate-pending-to-<tier> while an archived blob is rehydrated
  bool incremental = false;     // made by Incremental Copy Blob
  std::string copy_destination_snapshot;  // an incremental copy's snapshot of what it copied
};

// A stored access policy (Set Container ACL); an absent field is left to the SAS that names it.
struct StoredPolicy {
  std::string id;
  std::optional<std::string> start, expiry, permissions;
};

struct Container {
  std::string public_access;  // "", "blob", "container"
  std::vector<StoredPolicy> policies;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::map<std::string, Blob> blobs;
  std::map<std::string, std::map<std::string, Blob>> snapshots;  // blob -> snapshot time -> the blob then
  std::map<std::string, std::map<std::string, Blob>> versions;   // blob -> version id -> a previous version
  std::map<std::string, Blob> deleted;  // blob soft delete (always on here): the last deleted blob of each name
  std::string etag;
  Clock::time_point last_modified;
};

struct Account {
  std::string name;
  std::string key;  // decoded bytes
  std::map<std::string, Container> containers;
};

struct Store {
  std::mutex mutex;
  std::condition_variable changed;  // a copy job started or ended
  std::map<std::string, Account> accounts;
  std::map<std::string, std::shared_ptr<CopyJob>> jobs;  // by copy id
  uint64_t etag_counter = 0;
  std::set<std::string> busy_once;  // Fault::Busy503: what already got its one 503

  std::string new_etag() { return "\"0x8DC" + std::to_string(1000000000 + ++etag_counter) + "\""; }
  Account* account(const std::string& name);
  Container* container(const std::string& account, const std::string& name);
  Blob* blob(const std::string& account, const std::string& container, const std::string& name);
  // A fixed lease past its time expires; a break period that has ended leaves the lease broken.
  static void refresh_lease(Lease& lease, Clock::time_point now);
};

}  // namespace blobconform::reference
