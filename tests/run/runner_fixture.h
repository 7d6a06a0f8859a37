// Shared helpers of the runner's tests: a case folder holding one group file, loading and linting
// it as the command line does, running its instances against a FakeServer, and a blob server.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/auth/shared_key.h"
#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/run/runner.h"
#include "harness/target/connection_string.h"
#include "tests/run/fake_server.h"
#include "tests/support/command.h"

namespace blobconform::testing {

inline const std::filesystem::path kProject = BLOBCONFORM_SOURCE_DIR;
inline constexpr const char* kLatest = "2026-06-06";

// Writes a case folder: the project's operations and capabilities, and the group file
// <dir>/t/g.json whose `cases` array is `cases_json`.
inline void write_case_folder(const std::filesystem::path& dir, const std::string& cases_json,
                              bool with_project_files = true) {
  if (with_project_files) {
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(kProject / "cases" / "operations.json", dir / "operations.json");
    std::filesystem::copy_file(kProject / "cases" / "capabilities.json", dir / "capabilities.json");
  }
  write_file(dir / "t" / "g.json",
             R"({"format": 1, "group": "t/g", "description": "Runner tests.",
                 "spec": [{"url": "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob",
                           "quote": "The requirement."}],
                 "cases": )" + cases_json + "}");
}

// Loads and lints case folders as the command line does; returns every problem.
inline cases::Problems load_and_lint(const std::vector<std::string>& dirs, cases::Catalog& catalog) {
  cases::Problems problems;
  catalog = cases::load_catalog({dirs, (kProject / "cases" / "schema").string()}, problems);
  auto lint = cases::lint_catalog(catalog, {kLatest});
  problems.insert(problems.end(), lint.begin(), lint.end());
  return problems;
}

struct Loaded {
  TempDir dir;
  cases::Catalog catalog;
};

// Loads one group file whose `cases` array is `cases_json`; any load or lint problem fails the test.
inline std::unique_ptr<Loaded> load(const std::string& cases_json) {
  auto loaded = std::make_unique<Loaded>();
  write_case_folder(loaded->dir.path(), cases_json);
  for (const auto& p : load_and_lint({loaded->dir.path().string()}, loaded->catalog)) {
    ADD_FAILURE() << cases::to_string(p);
  }
  return loaded;
}

struct Run {
  std::vector<run::InstanceResult> results;
  bool stopped_early = false;
  const run::InstanceResult& only() const { return results.at(0); }
};

// Runs every instance of the catalog against 127.0.0.1:<port>, `jobs` at a time (one by default),
// with the given fixtures (none when null).
inline Run run_all(const cases::Catalog& catalog, int port, bool keep = false,
                   std::map<std::string, std::string> capabilities = {}, const run::Fixtures* fixtures = nullptr,
                   int jobs = 1) {
  auto target = target::parse_connection_string(azurite_connection_string(static_cast<uint16_t>(port)));
  EXPECT_TRUE(target.ok());
  auto key = auth::make_account_key("devstoreaccount1", kDevstoreKey);
  run::TargetContext context;
  context.target = &*target;
  context.key = &*key;
  context.capabilities = std::move(capabilities);
  context.capabilities["shared-key"] = "test";
  context.user_agent = "blobconform-test";
  run::Fixtures none;
  run::RunOptions options;
  options.container_prefix = "bc-test-";
  options.keep = keep;
  options.jobs = jobs;
  options.cleanup_version = kLatest;
  options.timeouts.total = std::chrono::milliseconds(5000);
  auto instances = run::expand_instances(catalog, kLatest);
  auto outcome = run::run_instances(instances, catalog, context, fixtures ? *fixtures : none, options);
  return {std::move(outcome.results), outcome.stopped_early};
}

// A server that creates containers and blobs and answers abort with `abort_status`.
inline FakeServer::Handler blob_server(int abort_status, const std::string& code = "") {
  return [=](const httplib::Request& request, httplib::Response& response) {
    if (request.has_param("comp") && request.get_param_value("comp") == "copy") {
      if (abort_status >= 400) azure_error(response, abort_status, code);
      else response.status = abort_status;
      return;
    }
    if (request.method == "PUT") response.status = 201;
    else if (request.method == "DELETE") response.status = 202;
    else response.status = 200;
  };
}

}  // namespace blobconform::testing
