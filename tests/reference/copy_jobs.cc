#include "tests/reference/copy_jobs.h"

#include <httplib.h>

#include "tests/reference/faults.h"
#include "tests/reference/reference_server.h"

namespace blobconform::reference {
namespace {

// The destination still waiting for this copy, or null (deleted, rewritten, aborted).
Blob* pending_destination(Store& store, const BlobKey& key, const std::string& copy_id) {
  Blob* blob = store.blob(key.account, key.container, key.blob);
  return blob && blob->copy.id == copy_id && blob->copy.status == "pending" ? blob : nullptr;
}

void mark_started(Store& store, CopyJob& job) {
  job.started = true;
  store.changed.notify_all();
}

void conclude(Store& store, Blob& blob, bool success, std::string description) {
  auto now = Clock::now();
  blob.copy.status = success ? "success" : "failed";
  blob.copy.description = std::move(description);
  blob.copy.completed = now;
  if (success) blob.content = std::move(blob.pending_content);
  else if (blob.type != "PageBlob") blob.content.clear();
  blob.pending_content.clear();
  if (success) {
    blob.copy.copied = blob.copy.total = blob.content.size();
    blob.copy.total_known = true;
  }
  blob.etag = store.new_etag();
  blob.last_modified = now;
}

// Waits `delay` (url_copy_delay_ms) in short steps; false once the job is cancelled.
bool wait_unless_cancelled(const CopyJob& job, std::chrono::milliseconds delay) {
  auto until = std::chrono::steady_clock::now() + delay;
  while (!job.cancel && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(delay, std::chrono::milliseconds(10)));
  }
  return !job.cancel;
}

std::shared_ptr<CopyJob> add_job(Store& store, const std::string& copy_id) {
  auto job = std::make_shared<CopyJob>();
  store.jobs[copy_id] = job;
  return job;
}

void run_url_copy(Store& store, BlobKey key, std::string copy_id, std::string url, std::chrono::milliseconds delay,
                  Fault fault, std::shared_ptr<CopyJob> job) {
  auto scheme_end = url.find("://");
  auto path_at = scheme_end == std::string::npos ? std::string::npos : url.find('/', scheme_end + 3);
  if (url.rfind("http://", 0) != 0 || path_at == std::string::npos) {
    std::lock_guard<std::mutex> lock(store.mutex);
    if (Blob* blob = pending_destination(store, key, copy_id)) {
      conclude(store, *blob, false, "400 CannotVerifyCopySource \"the reference target reads http:// sources only\"");
    }
    mark_started(store, *job);
    return;
  }
  if (!wait_unless_cancelled(*job, delay)) {
    std::lock_guard<std::mutex> lock(store.mutex);
    mark_started(store, *job);
    return;
  }
  httplib::Client client(url.substr(0, path_at));
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(kSourceReadTimeoutSeconds, 0);
  {
    std::lock_guard<std::mutex> lock(job->mutex);
    job->stop_transfer = [&client] { client.stop(); };
  }
  int status = 0;
  std::string refusal;  // why the source's answer was refused, when it was
  auto result = client.Get(
      url.substr(path_at).c_str(),
      [&](const httplib::Response& response) {
        status = response.status;
        std::lock_guard<std::mutex> lock(store.mutex);
        mark_started(store, *job);
        if (response.status != 200) return false;
        Blob* blob = pending_destination(store, key, copy_id);
        if (!blob || job->cancel) return false;
        if (response.has_header("Content-Length")) {
          blob->copy.total = std::strtoull(response.get_header_value("Content-Length").c_str(), nullptr, 10);
          blob->copy.total_known = true;
        }
        // A source that answers as a page or append blob is copied as one; a page blob
        // destination is zero-filled at the source's length until the copy ends (facts §2.3).
        std::string type = response.get_header_value("x-ms-blob-type");
        if ((type == "PageBlob" || type == "AppendBlob") && fault != Fault::CopyMakesBlockBlob) {
          if (type == "PageBlob" && (!blob->copy.total_known || blob->copy.total > kMaxBlobSize)) {
            refusal = "a page blob source must state a length of at most " + std::to_string(kMaxBlobSize) + " bytes";
            return false;
          }
          blob->type = type;
          reset_pending_content(*blob, blob->copy.total);
        }
        return true;
      },
      [&](const char* data, size_t size) {
        if (!wait_unless_cancelled(*job, delay)) return false;
        std::lock_guard<std::mutex> lock(store.mutex);
        Blob* blob = pending_destination(store, key, copy_id);
        if (!blob || job->cancel || blob->pending_content.size() + size > kMaxBlobSize) return false;
        blob->pending_content.append(data, size);
        blob->copy.copied += size;
        return true;
      });
  {
    std::lock_guard<std::mutex> lock(job->mutex);
    job->stop_transfer = nullptr;
  }
  std::lock_guard<std::mutex> lock(store.mutex);
  mark_started(store, *job);
  Blob* blob = pending_destination(store, key, copy_id);
  if (!blob) return;
  bool whole = result && status == 200 && (!blob->copy.total_known || blob->copy.copied == blob->copy.total);
  if (whole) {
    conclude(store, *blob, true, "");
  } else {
    std::string why = !refusal.empty()                 ? refusal
                      : status != 0 && status != 200 ? "the source answered " + std::to_string(status)
                                                     : "the source ended the transfer after " +
                                                           std::to_string(blob->copy.copied) + " bytes";
    conclude(store, *blob, false, "500 InternalError \"Copy failed: " + why + ".\"");
  }
}

void run_paced_copy(Store& store, BlobKey key, std::string copy_id, uint64_t bytes_per_second,
                    std::shared_ptr<CopyJob> job) {
  auto began = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(store.mutex);
  while (!job->cancel) {
    Blob* blob = pending_destination(store, key, copy_id);
    if (!blob) return;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    uint64_t due = bytes_per_second == 0 ? blob->copy.total : bytes_per_second * elapsed.count() / 1000;
    blob->copy.copied = std::min<uint64_t>(due, blob->copy.total);
    if (blob->copy.copied == blob->copy.total) {
      complete_paced_copy(store, *blob);
      return;
    }
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(kAccountCopyStepMs));
    lock.lock();
  }
}

}  // namespace

void start_url_copy(Store& store, std::unique_lock<std::mutex>& lock, const BlobKey& destination,
                    const std::string& copy_id, const std::string& url, std::chrono::milliseconds delay, Fault fault) {
  auto job = add_job(store, copy_id);
  job->thread = std::thread(run_url_copy, std::ref(store), destination, copy_id, url, delay, fault, job);
  store.changed.wait_for(lock, std::chrono::milliseconds(kSourceAnswerTimeoutMs), [&] { return job->started; });
}

void start_paced_copy(Store& store, const BlobKey& destination, const std::string& copy_id, std::string content,
                      uint64_t bytes_per_second) {
  Blob* blob = store.blob(destination.account, destination.container, destination.blob);
  blob->pending_content = std::move(content);  // all of it at hand; `copied` says how much has "arrived"
  blob->copy.total = blob->pending_content.size();
  blob->copy.total_known = true;
  auto job = add_job(store, copy_id);
  job->paced = true;
  job->thread = std::thread(run_paced_copy, std::ref(store), destination, copy_id, bytes_per_second, job);
}

void reset_pending_content(Blob& destination, uint64_t source_length) {
  if (destination.type == "PageBlob") destination.content.assign(source_length, '\0');
  else destination.content.clear();
}

void complete_paced_copy(Store& store, Blob& destination) { conclude(store, destination, true, ""); }

void stop_copy_job(Store& store, const std::string& copy_id) {
  auto found = store.jobs.find(copy_id);
  if (found != store.jobs.end()) found->second->stop();
}

void join_copy_jobs(Store& store) {
  std::map<std::string, std::shared_ptr<CopyJob>> jobs;
  {
    std::lock_guard<std::mutex> lock(store.mutex);
    jobs.swap(store.jobs);
  }
  for (auto& [id, job] : jobs) job->stop();
  for (auto& [id, job] : jobs) {
    if (job->thread.joinable()) job->thread.join();
  }
}

}  // namespace blobconform::reference
