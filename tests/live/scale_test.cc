// Concurrency and scale-out against a real Azurite: --jobs changes nothing but timings, and the
// --shard slices of a run add up to the whole run, each instance once.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "tests/support/command.h"
#include "tests/support/live_azurite.h"

namespace blobconform {
namespace {

using nlohmann::json;

// Several families, versioned cases among them, so that ordering across instances matters.
const std::vector<std::string> kSelection = {"--filter", "abort-copy/sas/**", "--filter", "abort-copy/wrong-copy-id/**",
                                             "--filter", "abort-copy/version/**"};

class LiveScale : public testing::AzuriteSuite {
 protected:
  static json run_with(const std::vector<std::string>& extra) {
    testing::TempDir reports;
    std::vector<std::string> args = {"run", "--target", connection_string(), "--report-dir", reports.path().string(),
                                     "--no-baseline", "--quiet"};
    args.insert(args.end(), kSelection.begin(), kSelection.end());
    args.insert(args.end(), extra.begin(), extra.end());
    auto run = testing::run_blobconform(args);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << run.output;
    auto document = json::parse(testing::read_file(reports.path() / "results.json"), nullptr, false);
    EXPECT_TRUE(document.is_object()) << run.output;
    return document;
  }
};

// What differs between two faithful runs of the same selection: timings, the run's identity, and
// the values the server or the harness makes up for each request (ids, dates, etags, GUIDs).
std::string without_run_specifics(const json& results) {
  json copy = results;
  for (const char* key : {"run_id", "started", "finished", "duration_ms", "selection"}) copy.erase(key);
  for (auto& instance : copy["instances"]) {
    instance.erase("duration_ms");
    instance.erase("exchanges");
  }
  std::string text = copy.dump(1);
  static const std::regex run_specific[] = {
      std::regex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),  // GUIDs
      std::regex("bc-[0-9a-f]{8}-"),                                                               // run prefix
      std::regex("0x[0-9A-F]{6,}"),                                                                // etags
      std::regex("[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT"),                  // RFC 1123
      std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z")};                                         // ISO 8601
  for (const auto& pattern : run_specific) text = std::regex_replace(text, pattern, "*");
  return text;
}

TEST_F(LiveScale, OneJobAndEightJobsGiveTheSameResults) {
  json one = run_with({"--jobs", "1"});
  json eight = run_with({"--jobs", "8"});
  ASSERT_GT(one["instances"].size(), 20u);
  EXPECT_EQ(without_run_specifics(one), without_run_specifics(eight));
  // And the exchanges themselves line up: the same requests, answered with the same statuses.
  ASSERT_EQ(one["instances"].size(), eight["instances"].size());
  for (size_t i = 0; i < one["instances"].size(); ++i) {
    const auto& a = one["instances"][i]["exchanges"];
    const auto& b = eight["instances"][i]["exchanges"];
    ASSERT_EQ(a.size(), b.size()) << one["instances"][i]["id"];
    for (size_t e = 0; e < a.size(); ++e) {
      EXPECT_EQ(a[e]["request"]["method"], b[e]["request"]["method"]);
      EXPECT_EQ(a[e]["response"]["status"], b[e]["response"]["status"]) << one["instances"][i]["id"];
    }
  }
}

TEST_F(LiveScale, ShardsCoverTheRunEachInstanceOnce) {
  json whole = run_with({});
  std::vector<std::string> whole_ids;
  for (const auto& instance : whole["instances"]) whole_ids.push_back(instance["id"]);
  std::vector<std::string> sharded_ids;
  std::set<std::string> seen;
  for (int shard = 1; shard <= 3; ++shard) {
    json part = run_with({"--shard", std::to_string(shard) + "/3"});
    EXPECT_GT(part["instances"].size(), 0u) << "shard " << shard;
    for (const auto& instance : part["instances"]) {
      std::string id = instance["id"];
      EXPECT_TRUE(seen.insert(id).second) << id << " ran in two shards";
      sharded_ids.push_back(id);
    }
  }
  std::sort(whole_ids.begin(), whole_ids.end());
  std::sort(sharded_ids.begin(), sharded_ids.end());
  EXPECT_EQ(whole_ids, sharded_ids);
}

}  // namespace
}  // namespace blobconform
