// --filter globs and --shard: run::glob_matches and run::parse_shard (with shard_instances).
// Input: the first line is the pattern, the rest the text (an instance id); the whole input is
// also tried as a --shard value.
// Oracles:
//  - every text matches itself as a pattern ('*' may match zero characters, '?' any but '/'),
//    "**" matches every text, and "*" exactly the texts without '/';
//  - a parsed shard I/N has 1 <= I <= N <= 1000 and "I/N" parses back to it; the N shards of a
//    selection are disjoint and together hold every instance once, in order.
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "harness/run/selection.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

constexpr size_t kMaxShards = 1000;          // parse_shard's documented limit
constexpr size_t kSampleInstances = 37;      // prime: uneven shards
constexpr size_t kMaxShardsToPartition = 64; // keeps one input fast

void check_glob(std::string_view pattern, std::string_view text) {
  run::glob_matches(pattern, text);
  require(run::glob_matches(text, text), "a text matches itself as a glob");
  require(run::glob_matches("**", text), "\"**\" matches everything");
  require(run::glob_matches("*", text) == (text.find('/') == std::string_view::npos),
          "\"*\" matches exactly the texts without '/'");
}

void check_shard(std::string_view text) {
  auto shard = run::parse_shard(text);
  if (!shard) return;
  auto [index, count] = *shard;
  require(index >= 1 && index <= count && count <= kMaxShards, "a shard is I/N with 1 <= I <= N <= 1000");
  auto again = run::parse_shard(std::to_string(index) + "/" + std::to_string(count));
  require(again.ok() && *again == *shard, "\"I/N\" parses back to the same shard");
  if (count > kMaxShardsToPartition) return;

  std::vector<run::Instance> selected(kSampleInstances);
  for (size_t i = 0; i < selected.size(); ++i) selected[i].id = std::to_string(i);
  std::vector<int> seen(selected.size(), 0);
  for (size_t n = 1; n <= count; ++n) {
    size_t last = 0;
    bool first = true;
    for (const auto& instance : run::shard_instances(selected, n, count)) {
      size_t position = std::stoul(instance.id);
      require(first || position > last, "a shard keeps the selection's order");
      first = false;
      last = position;
      ++seen[position];
    }
  }
  for (int times : seen) require(times == 1, "the shards together hold every instance exactly once");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = blobconform::fuzz::as_text(data, size);
  auto lf = input.find('\n');
  std::string_view pattern = input.substr(0, lf);
  std::string_view text = lf == std::string_view::npos ? std::string_view{} : input.substr(lf + 1);
  check_glob(pattern, text);
  check_shard(input);
  return 0;
}
