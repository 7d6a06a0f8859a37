// The runs using an Azurite on a port, so that one started by a run and shared by others is
// stopped only by its last user. Each run registers its pid as a file in a folder of the port
// (`<tmp>/blobconform-azurite-<port>.users/<pid>`); a file whose process is gone does not count.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <vector>

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

 private:
  std::filesystem::path folder_;
  std::filesystem::path mine_;
};

}  // namespace blobconform::target
