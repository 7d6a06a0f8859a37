// Copies that run in the background, filling a destination whose copy status is pending.
#pragma once

#include <string>

#include "tests/reference/faults.h"
#include "tests/reference/store.h"

namespace blobconform::reference {

inline constexpr int kSourceReadTimeoutSeconds = 600;  // a gated source may hold a transfer this long
inline constexpr int kAccountCopyStepMs = 10;
inline constexpr int kSourceAnswerTimeoutMs = 5000;  // Copy Blob waits this long for the source's response head

struct BlobKey {
  std::string account, container, blob;
};

// Reads `url` (http only) into the destination's pending copy `copy_id`; the copy ends success
// when the whole body came, failed when the transfer broke, and the job ends early when the copy
// is aborted or the destination changes. Returns once the source has answered (its length is then
// the copy's total, as on Azure, which reads the source's properties before it answers 202) or
// kSourceAnswerTimeoutMs passed; `lock` holds store.mutex and is released while waiting. The job
// waits `delay` before asking the source and before taking each piece (url_copy_delay_ms). A source
// that answers with x-ms-blob-type PageBlob or AppendBlob makes a blob of that type (unless `fault`
// is CopyMakesBlockBlob).
void start_url_copy(Store& store, std::unique_lock<std::mutex>& lock, const BlobKey& destination,
                    const std::string& copy_id, const std::string& url, std::chrono::milliseconds delay, Fault fault);

// Copies `content` into the destination at `bytes_per_second` (0: at once), progress growing
// evenly: a large source in another account.
void start_paced_copy(Store& store, const BlobKey& destination, const std::string& copy_id, std::string content,
                      uint64_t bytes_per_second);

// The destination while its copy is pending (facts §2.3): a page blob zero-filled at the source's
// length, any other blob empty. A failed or aborted page blob keeps that length.
void reset_pending_content(Blob& destination, uint64_t source_length);

// Completes a paced copy now, as if its last byte had just arrived (the caller holds store.mutex).
void complete_paced_copy(Store& store, Blob& destination);

// Stops the job of `copy_id`, if one runs (the caller holds store.mutex).
void stop_copy_job(Store& store, const std::string& copy_id);

// Stops every job and waits for their threads (the caller does not hold store.mutex).
void join_copy_jobs(Store& store);

}  // namespace blobconform::reference
