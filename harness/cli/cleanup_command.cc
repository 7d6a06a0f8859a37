// cleanup: deletes what crashed runs left behind, by the run prefix only. A container is a
// leftover when its name has the shape every run gives its containers (bc-<8 hex>-<rest>) and it
// is older than --older-than: by the run id in its metadata (blobconformrun, set by the run that
// made it) when that id's hex matches the name, else by its Last-Modified. Nothing else is ever
// touched; --dry-run lists what would go.
#include <iostream>
#include <regex>

#include <pugixml.hpp>

#include "harness/cli/account_client.h"
#include "harness/cli/common.h"
#include "harness/run/executor.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {
namespace {

constexpr const char* kRunPrefix = "bc-";
constexpr int kMaxListPages = 1000;  // 5000 containers a page

// "bc-1a2b3c4d-0007", "bc-1a2b3c4d-fuzz": the names runs give (harness/run/runner.cc).
const std::regex kRunContainer("^bc-([0-9a-f]{8})-[a-z0-9-]+$");
// The run id "20261124-155451-1a2b3c4d" (harness/run/runner.cc new_run_identity).
const std::regex kRunId("^([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{2})([0-9]{2})([0-9]{2})-([0-9a-f]{8})$");

struct Leftover {
  std::string name;
  wire::Clock::time_point made;
  std::string how;  // "run 2026..." or "Last-Modified ..."
};

std::optional<wire::Clock::time_point> run_time(const std::string& run_id, const std::string& hex) {
  std::smatch m;
  if (!std::regex_match(run_id, m, kRunId) || m[7] != hex) return std::nullopt;
  auto parsed = wire::parse_iso8601(m[1].str() + "-" + m[2].str() + "-" + m[3].str() + "T" + m[4].str() + ":" +
                                    m[5].str() + ":" + m[6].str() + "Z");
  if (!parsed) return std::nullopt;
  return *parsed;
}

Result<std::vector<Leftover>> list_leftovers(engine::AccountClient& account) {
  std::vector<Leftover> out;
  std::string marker;
  for (int page = 0; page < kMaxListPages; ++page) {
    std::map<std::string, nlohmann::json> args = {{"prefix", kRunPrefix}, {"include", "metadata"}};
    if (!marker.empty()) args["marker"] = marker;
    auto response = account.send("list_containers", std::move(args));
    if (!response) return response.error();
    if (response->status != 200) return fail("List Containers answered " + std::to_string(response->status));
    pugi::xml_document doc;
    if (!doc.load_buffer(response->body.data(), response->body.size())) return fail("List Containers: not XML");
    auto results = doc.child("EnumerationResults");
    for (auto container : results.child("Containers").children("Container")) {
      std::string name = container.child_value("Name");
      std::smatch m;
      if (!std::regex_match(name, m, kRunContainer)) continue;  // not a run's name: never touched
      auto by_run = run_time(container.child("Metadata").child_value(run::kRunIdMetadata), m[1]);
      if (by_run) {
        out.push_back({name, *by_run, std::string("run ") + container.child("Metadata").child_value(run::kRunIdMetadata)});
        continue;
      }
      std::string modified = container.child("Properties").child_value("Last-Modified");
      auto when = wire::parse_rfc1123(modified);
      if (when) out.push_back({name, *when, "Last-Modified " + modified});
    }
    marker = results.child_value("NextMarker");
    if (marker.empty()) return out;
  }
  return fail("List Containers: more than " + std::to_string(kMaxListPages) + " pages");
}

}  // namespace

int command_cleanup(const Options& options) {
  auto older_than = parse_duration("--older-than", options.cleanup.older_than);
  if (!older_than) {
    std::cerr << "error: " << older_than.error().message << "\n";
    return kUsage;
  }
  PreparedTarget prepared;
  if (int code = parse_target(options.target, prepared); code != kAsExpected) return code;
  if (!prepared.key && !prepared.token) {
    std::cerr << "error: --target: cleanup needs the account's key (AccountKey) or a bearer token\n";
    return kUsage;
  }
  auto account = account_client(prepared, options.target);
  if (!account) {
    std::cerr << "error: " << account.error().message << "\n";
    return kUsage;
  }
  auto leftovers = list_leftovers(**account);
  if (!leftovers) {
    std::cerr << "error: " << leftovers.error().message << "\n";
    return kUnreachable;
  }
  auto now = wire::Clock::now();
  size_t deleted = 0, kept = 0, failed = 0;
  for (const auto& leftover : *leftovers) {
    auto age = std::chrono::duration_cast<std::chrono::minutes>(now - leftover.made);
    std::string age_text = std::to_string(age.count() / 60) + "h" + std::to_string(age.count() % 60) + "m old (" +
                           leftover.how + ")";
    if (now - leftover.made < *older_than) {
      ++kept;
      continue;
    }
    if (options.cleanup.dry_run) {
      std::cout << "would delete " << leftover.name << ": " << age_text << "\n";
      ++deleted;
      continue;
    }
    auto response = (*account)->send("delete_container", {{"container", leftover.name}});
    if (response && (response->status == 202 || response->status == 404)) {
      std::cout << "deleted " << leftover.name << ": " << age_text << "\n";
      ++deleted;
    } else {
      std::cout << "could not delete " << leftover.name << ": "
                << (response ? "answered " + std::to_string(response->status) : response.error().message) << "\n";
      ++failed;
    }
  }
  std::cout << (options.cleanup.dry_run ? "would delete " : "deleted ") << deleted << " container(s); " << kept
            << " newer than " << options.cleanup.older_than << " kept\n";
  return failed ? kRegression : kAsExpected;
}

}  // namespace blobconform::cli
