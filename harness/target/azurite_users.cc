#include "harness/target/azurite_users.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

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

AzuriteUsers::Lock::~Lock() {
  if (fd_ >= 0) close(fd_);  // and with it the flock
}

AzuriteUsers::Lock& AzuriteUsers::Lock::operator=(Lock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

Result<AzuriteUsers::Lock> AzuriteUsers::lock(std::chrono::milliseconds wait) const {
  const fs::path file = folder_ / "lock";
  int fd = open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot open " + file.string() + ": " + std::strerror(errno));
  Lock held(fd);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) return fail("cannot lock " + file.string() + ": " + std::strerror(errno));
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail("another run held " + file.string() + " for " + std::to_string(wait.count() / 1000) +
                  " s (it starts or stops the Azurite of this port); try again, or give --target");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return held;
}

}  // namespace blobconform::target
