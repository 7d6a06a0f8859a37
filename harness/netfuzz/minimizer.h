// Shrinks a finding's mutations to a smallest set that still reproduces it: first each mutation
// is left out in turn (kept out when the finding stays), then each size is halved while it stays.
// `reproduces` sends the candidate and says whether the same finding came back; at most
// kMaxMinimizeAttempts candidates are tried.
#pragma once

#include <functional>
#include <vector>

#include "harness/netfuzz/mutation.h"

namespace blobconform::netfuzz {

inline constexpr size_t kMaxMinimizeAttempts = 48;
inline constexpr size_t kMinHugeSize = 64;

using Reproduces = std::function<bool(const std::vector<Mutation>&)>;

std::vector<Mutation> minimize(std::vector<Mutation> mutations, const Reproduces& reproduces,
                               size_t max_attempts = kMaxMinimizeAttempts);

}  // namespace blobconform::netfuzz
