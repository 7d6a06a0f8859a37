// The gated copy source (issue 5, case-format §3.5): an HTTP server the target copies from, whose
// bytes flow only as far as the case's fixture steps allow. Each instance gets its own source
// (its own URL and gate), so parallel instances never share a transfer.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "harness/wire/result.h"

namespace blobconform::source {

inline constexpr size_t kDefaultSourceSize = 4 * 1024 * 1024;  // bytes of each source blob
inline constexpr size_t kMaxSourceSize = 256 * 1024 * 1024;
inline constexpr size_t kMaxGates = 4096;                      // sources alive at once
inline constexpr std::chrono::seconds kDefaultMaxHold{600};    // a held transfer gives up after this
inline constexpr int kServerThreads = 64;                      // held transfers each hold a thread

// How a source answers: as a plain URL (no x-ms-blob-type), or as a page or an append blob.
enum class BlobKind { Block, Page, Append };

struct GatedSourceOptions {
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 0;  // 0: any free port
  std::string advertise;     // base URL the target reaches, e.g. http://10.0.0.5:8080; empty: the listen address
  size_t size = kDefaultSourceSize;
  std::chrono::milliseconds max_hold = kDefaultMaxHold;
};

// What one source has seen, for tests and reports.
struct GateStats {
  size_t requests = 0;    // GET and HEAD requests for it
  size_t bytes_sent = 0;  // body bytes written, over all requests
  size_t allowed = 0;     // bytes the fixture steps let through so far
  bool released = false;
  bool failed = false;
};

class GatedSource {
 public:
  static Result<std::unique_ptr<GatedSource>> start(const GatedSourceOptions& options);
  ~GatedSource();  // releases every held transfer, then stops the server
  GatedSource(const GatedSource&) = delete;
  GatedSource& operator=(const GatedSource&) = delete;

  // The source for `key` (created on first use): its URL, e.g. <advertise>/bc-1234-0001/source.bin.
  // The key is an instance's container name: lower-case letters, digits and '-'. The same bytes
  // and gate answer as a page blob (page.bin) or an append blob (append.bin) too: with the
  // x-ms-blob-type header an Azure blob of that type answers with, so a server that copies
  // Azure blobs by their type makes a page or append blob of it.
  Result<std::string> url_for(const std::string& key, BlobKind kind = BlobKind::Block);
  size_t size() const;  // bytes of each source
  // Fixture actions: let `bytes` more through; let everything through; break the transfer (the
  // connection closes mid-body, and later requests get 500).
  Result<void> send(const std::string& key, size_t bytes);
  Result<void> release(const std::string& key);
  Result<void> fail(const std::string& key);
  Result<GateStats> stats(const std::string& key) const;

  uint16_t port() const;
  const std::string& base_url() const;

 private:
  struct State;
  explicit GatedSource(std::unique_ptr<State> state);
  Result<void> change(const std::string& key, const std::function<void(GateStats&)>& edit);
  std::unique_ptr<State> state_;
};

// The byte at `offset` of every source: a fixed pattern, so a copied prefix can be checked.
char source_byte(size_t offset);

}  // namespace blobconform::source
