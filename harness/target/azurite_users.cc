#include "harness/target/azurite_users.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace blobconform::target {
namespace fs = std::filesystem;

AzuriteUsers::AzuriteUsers(uint16_t port, fs::path folder) {
  std::error_code ec;
  folder_ = folder.empty() ? fs::temp_directory_path(ec) / ("blobconform-azurite-" + std::to_string(port) + ".users")
                           : std::move(folder);
  fs::create_directories(folder_, ec);
  mine_ = folder_ / std::to_string(getpid());
  std::ofstream(mine_) << getpid() << "\n";
}

AzuriteUsers::~AzuriteUsers() {
  std::error_code ec;
  fs::remove(mine_, ec);
}

std::vector<pid_t> AzuriteUsers::others() const {
  std::vector<pid_t> alive;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos || name.size() > 9) continue;
    pid_t pid = static_cast<pid_t>(std::stol(name));
    if (pid == getpid()) continue;
    if (kill(pid, 0) == 0 || errno == EPERM) {
      alive.push_back(pid);
    } else {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
  return alive;
}

}  // namespace blobconform::target
