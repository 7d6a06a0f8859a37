// Keeps SIGPIPE away from the calling thread while it writes through a library that uses
// write() (OpenSSL's TLS writes): blocks the signal, then discards one it raised.
#pragma once

#include <signal.h>

namespace blobconform::transport {

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_mask_;
  bool was_pending_ = false;  // a SIGPIPE pending before the guard is not ours to discard
};

}  // namespace blobconform::transport
