#include "harness/netfuzz/minimizer.h"

namespace blobconform::netfuzz {

std::vector<Mutation> minimize(std::vector<Mutation> mutations, const Reproduces& reproduces, size_t max_attempts) {
  size_t attempts = 0;
  auto attempt = [&](const std::vector<Mutation>& candidate) {
    if (attempts >= max_attempts) return false;
    ++attempts;
    return reproduces(candidate);
  };
  for (size_t i = 0; i < mutations.size() && mutations.size() > 1;) {
    auto without = mutations;
    without.erase(without.begin() + static_cast<long>(i));
    if (attempt(without)) {
      mutations = std::move(without);  // not needed: the same index now holds the next one
    } else {
      ++i;
    }
  }
  for (size_t i = 0; i < mutations.size(); ++i) {
    while (mutations[i].size / 2 >= kMinHugeSize) {
      auto smaller = mutations;
      smaller[i].size /= 2;
      if (!attempt(smaller)) break;
      mutations = std::move(smaller);
    }
  }
  return mutations;
}

}  // namespace blobconform::netfuzz
