// Runs one instance: setup, the request under test, its verdict, `then`, and cleanup.
#pragma once

#include <functional>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <chrono>
#include <map>
#include <string>

#include "harness/auth/shared_key.h"
#include "harness/cases/case_model.h"
#include "harness/run/fixtures.h"
#include "harness/run/result.h"
#include "harness/run/selection.h"
#include "harness/target/connection_string.h"
#include "harness/transport/http_client.h"

namespace blobconform::run {

// Every x-ms-client-request-id the run has sent, across instances: an answer echoing one that is
// not its own request's is an answer to another request.
class SentRequestIds {
 public:
  void add(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    ids_.insert(id);
  }
  bool contains(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return ids_.count(id) > 0;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> ids_;
};

struct TargetContext {
  const target::Target* target = nullptr;
  const auth::AccountKey* key = nullptr;               // null: the target has no key
  // The run's bearer token (AZURE_STORAGE_TOKEN, --token-command); empty: none. A step without
  // `auth` signs with it only when the run has no key.
  std::function<Result<std::string>()> bearer;
  std::function<Result<std::string>()> no_role_bearer;  // an identity without a data role; empty: none
  std::map<std::string, std::string> capabilities;     // name -> how it is known
  std::string user_agent;
  std::map<std::string, std::string> lacking;  // name -> why the target lacks it (for SKIP)
  // The pending copies of this run are a race the harness may lose (a large source on a real
  // account): a failed verdict on a pending-copy case is checked against the copy's completion.
  bool pending_copy_races = false;
  // Secrets of the whole run that no single request carries (the second account's SAS
  // signatures): scrubbed from every result like the request's own.
  std::vector<std::string> secrets;
  std::shared_ptr<SentRequestIds> sent_ids = std::make_shared<SentRequestIds>();
};

// Limits a run stops at (--max-requests, --max-bytes): every request counts, cleanup included,
// but crossing a limit only keeps new instances from starting, so what runs ends cleanly.
struct Budget {
  uint64_t max_requests = 0;  // 0: no limit
  uint64_t max_bytes = 0;     // request and response bytes together; 0: no limit
  std::atomic<uint64_t> requests{0}, bytes{0};
  std::atomic<bool> exhausted{false};
  void count(uint64_t sent_bytes);
  std::string why() const;  // which limit was reached, for the report
};

inline constexpr std::chrono::seconds kDefaultCaseTimeout{600};
inline constexpr const char* kRunIdMetadata = "blobconformrun";  // container metadata naming the run

struct InstanceContext {
  const cases::Catalog* catalog = nullptr;
  const TargetContext* target = nullptr;
  const Fixtures* fixtures = nullptr;
  transport::HttpClient* client = nullptr;
  std::string container;  // the instance's fresh container name
  bool keep = false;      // keep the container afterwards
  std::string cleanup_version;  // x-ms-version of the cleanup request (the harness's newest)
  std::string run_id;           // tags the containers the instance creates (metadata kRunIdMetadata)
  Budget* budget = nullptr;     // null: no limits
  std::chrono::seconds case_timeout{kDefaultCaseTimeout};  // an instance running longer ends ERROR
};

// The capabilities an instance needs that the target lacks, as one sentence; empty when none.
// With `catalog`, a step's blob_sas_url arg counts as a SAS (it needs the key too).
std::string missing_capabilities(const cases::Case& test_case, const TargetContext& target,
                                 const cases::Catalog* catalog = nullptr);
// Why `instance` cannot run with the run's bearer token: a step signs with it at a version before
// 2017-11-09, the first that takes one; empty when it can, or when the run has no token.
std::string bearer_version_gap(const Instance& instance, const TargetContext& target);

InstanceResult execute_instance(const Instance& instance, const InstanceContext& context);

}  // namespace blobconform::run
