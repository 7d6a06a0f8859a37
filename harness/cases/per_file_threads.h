// Loading and linting work file by file, each file on its own: with many files, the work is
// spread over up to kMaxLoaderThreads threads (one per kFilesPerLoaderThread files, at most one a
// core), and the caller merges the results in file order, so nothing depends on the threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace blobconform::cases {

inline constexpr size_t kMaxLoaderThreads = 8;
inline constexpr size_t kFilesPerLoaderThread = 4;

// How many threads `files` files are worked on with (the calling thread counted).
inline size_t threads_for_files(size_t files) {
  size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min({cores, kMaxLoaderThreads, files / kFilesPerLoaderThread}));
}

// Calls work(i) once for each i in [0, files), on threads_for_files(files) threads; returns when
// every call has. `work` must only touch what belongs to its i.
template <class Work>
void for_each_file(size_t files, Work work) {
  std::atomic<size_t> next{0};
  auto loop = [&] {
    for (size_t i = next++; i < files; i = next++) work(i);
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads_for_files(files); ++t) helpers.emplace_back(loop);
  loop();
  for (auto& helper : helpers) helper.join();
}

}  // namespace blobconform::cases
