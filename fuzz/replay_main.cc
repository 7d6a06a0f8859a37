// Replays files through a fuzz target without libFuzzer: fuzz_replay_<name> FILE_OR_FOLDER...
// Built with the ordinary compiler (g++ too) so that ctest runs every seed corpus under the
// project's sanitizers. Each input is announced on stderr before it runs, so that a crash names
// its file even when the process dies without a word of its own. An input that runs too long is
// a finding too (libFuzzer's -timeout), so that a kept timeout input fails fast, not at ctest's
// TIMEOUT.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "fuzz/fuzz_support.h"

namespace {

namespace fs = std::filesystem;

// scripts/fuzz runs libFuzzer with -timeout=10 on an optimized build; the replay programs are
// often Debug builds with sanitizers, a few times slower.
constexpr unsigned kMaxSecondsPerInput = 30;

// The file being replayed, for the alarm handler (which may only call async-signal-safe functions).
char g_current[4096];

extern "C" void on_alarm(int) {
  constexpr char kPrefix[] = "replay: timeout: more than 30 s on ";
  static_assert(kMaxSecondsPerInput == 30, "keep the message in step with the limit");
  (void)!write(STDERR_FILENO, kPrefix, sizeof kPrefix - 1);
  (void)!write(STDERR_FILENO, g_current, strnlen(g_current, sizeof g_current));
  (void)!write(STDERR_FILENO, "\n", 1);
  _exit(1);
}

// Every regular file below `path` (or `path` itself), sorted so that runs are repeatable.
bool collect(const fs::path& path, std::vector<fs::path>& files) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
    return true;
  }
  if (!fs::is_directory(path, ec)) return false;
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) found.push_back(it->path());
  }
  if (ec) return false;
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    if (!collect(argv[i], files)) {
      // A missing corpus must fail the test, not pass it with zero inputs.
      std::fprintf(stderr, "replay: cannot read %s\n", argv[i]);
      return 2;
    }
  }
  signal(SIGALRM, on_alarm);
  for (const fs::path& file : files) {
    std::fprintf(stderr, "replay: %s\n", file.c_str());
    std::fflush(stderr);
    std::snprintf(g_current, sizeof g_current, "%s", file.c_str());
    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
      return 2;
    }
    // A fresh copy of exactly the input's size, so that ASan sees reads past its end.
    std::vector<uint8_t> input(bytes);
    alarm(kMaxSecondsPerInput);
    LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
    alarm(0);
  }
  std::fprintf(stderr, "replay: %zu inputs, no finding\n", files.size());
  return 0;
}
