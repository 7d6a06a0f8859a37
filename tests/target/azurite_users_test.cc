// The runs using one Azurite: a live process counts, a gone one does not (and its file goes), and
// a run is not its own other user.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "harness/target/azurite_users.h"
#include "tests/support/command.h"

namespace blobconform::target {
namespace {

namespace fs = std::filesystem;

TEST(AzuriteUsers, OnlyLiveOtherProcessesCount) {
  testing::TempDir dir;
  fs::path folder = dir.path() / "users";
  {
    AzuriteUsers me(10000, folder);
    EXPECT_TRUE(fs::exists(folder / std::to_string(getpid())));
    EXPECT_TRUE(me.others().empty());  // itself is not another user

    pid_t alive = fork();
    if (alive == 0) {
      pause();
      _exit(0);
    }
    pid_t gone = fork();
    if (gone == 0) _exit(0);
    waitpid(gone, nullptr, 0);
    std::ofstream(folder / std::to_string(alive)) << alive;
    std::ofstream(folder / std::to_string(gone)) << gone;
    std::ofstream(folder / "not-a-pid") << "x";
    EXPECT_EQ(me.others(), std::vector<pid_t>{alive});
    EXPECT_FALSE(fs::exists(folder / std::to_string(gone)));  // a gone user's file is removed
    kill(alive, SIGKILL);
    waitpid(alive, nullptr, 0);
    EXPECT_TRUE(me.others().empty());
  }
  EXPECT_FALSE(fs::exists(folder / std::to_string(getpid())));  // unregistered at the end
}

// The port's lock is held by one holder at a time; a second waits, then fails naming the file.
TEST(AzuriteUsers, TheLockIsHeldByOneAtATime) {
  testing::TempDir dir;
  AzuriteUsers me(10000, dir.path() / "users");
  {
    auto held = me.lock(std::chrono::milliseconds(1000));
    ASSERT_TRUE(held.ok()) << held.error().message;
    auto second = me.lock(std::chrono::milliseconds(200));
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.error().message.find((dir.path() / "users" / "lock").string()), std::string::npos)
        << second.error().message;
  }
  auto again = me.lock(std::chrono::milliseconds(200));  // released with the first
  EXPECT_TRUE(again.ok());
}

}  // namespace
}  // namespace blobconform::target
