// The runs using an Azurite on a port, so that one started by a run and shared by others is
// stopped only by its last user. Each run registers its pid as a file in a folder of the port
// (`<tmp>/blobconform-azurite-<port>.users/<pid>`); a file whose process is gone does not count.
// The folder's lock file orders the runs: a run registers, then looks at the port (and starts
// Azurite) under the lock; the last user checks for others and stops Azurite under it. So a run
// never goes on to use an Azurite that is being stopped, and two runs never start one each.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::target {

class AzuriteUsers {
 public:
  // Registers this process as a user of the Azurite on `port`; `folder` is for tests.
  explicit AzuriteUsers(uint16_t port, std::filesystem::path folder = {});
  ~AzuriteUsers();  // unregisters
  AzuriteUsers(const AzuriteUsers&) = delete;
  AzuriteUsers& operator=(const AzuriteUsers&) = delete;

  // The other processes registered and still alive (stale files are removed).
  std::vector<pid_t> others() const;

  // The port's lock, released when it goes.
  class Lock {
   public:
    explicit Lock(int fd) : fd_(fd) {}
    Lock(Lock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Lock& operator=(Lock&& other) noexcept;
    ~Lock();

   private:
    int fd_;
  };
  // Waits up to `wait` for the lock; an error says which file and why.
  Result<Lock> lock(std::chrono::milliseconds wait) const;

 private:
  std::filesystem::path folder_;
  std::filesystem::path mine_;
};

}  // namespace blobconform::target
