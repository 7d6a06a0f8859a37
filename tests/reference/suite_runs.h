// Runs the blobconform program against a reference target and reads its results.json.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tests/reference/reference_server.h"
#include "tests/support/command.h"
#include "tests/support/tokens.h"

namespace blobconform::testing {

struct SuiteRun {
  CommandResult command;
  std::map<std::string, std::string> results;  // instance id -> PASS, FAIL, ...
  nlohmann::json report;
};

// What the reference target can do that the program does not infer from its connection string.
inline std::vector<std::string> reference_capabilities() {
  return {"--capability", "shared-key-lite", "--capability", "default-service-version", "--capability", "blob-versioning",
          "--capability", "archive-tier", "--capability", "incremental-copy"};
}

// A file holding a bearer token the reference target takes (its tenant, the storage audience,
// valid for a day), for --token-command: the bearer cases run in every suite run of the tests.
inline std::string reference_token_file() {
  static TempDir dir;
  static const std::string path = [] {
    auto file = dir.path() / "reference-token";
    write_file(file, test_token(reference::kReferenceTenant, std::chrono::hours(24)) + "\n");
    return file.string();
  }();
  return path;
}

// The same for an identity of the reference tenant without a data role (--no-role-token-command).
inline std::string reference_no_role_token_file() {
  static TempDir dir;
  static const std::string path = [] {
    auto file = dir.path() / "reference-no-role-token";
    write_file(file, test_token(reference::kReferenceTenant, std::chrono::hours(24), "https://storage.azure.com",
                                reference::kReferenceOidWithoutRole) + "\n");
    return file.string();
  }();
  return path;
}

// A reference target with one fault (or none); null (and a test failure) when it cannot start.
// With `tls`, over HTTPS with plain HTTP beside it, as an account: a bearer token over plain HTTP
// is refused there, and the cases sent over plain HTTP run on its second port.
inline std::unique_ptr<reference::ReferenceServer> start_reference(reference::Fault fault = reference::Fault::None,
                                                                   bool tls = false) {
  reference::ReferenceOptions options;
  options.tls = tls;
  options.fault = fault;
  auto server = reference::ReferenceServer::start(options);
  EXPECT_TRUE(server) << server.error().message;
  return server ? std::move(*server) : nullptr;
}

inline SuiteRun run_suite(const reference::ReferenceServer& server, std::vector<std::string> extra,
                          const std::filesystem::path& report_dir) {
  std::vector<std::string> args = {"--target", server.connection_string(), "--report-dir", report_dir.string(),
                                   "--quiet", "--token-command", "cat " + reference_token_file(),
                                   "--no-role-token-command", "cat " + reference_no_role_token_file()};
  for (auto& a : reference_capabilities()) args.push_back(a);
  if (!server.ca_file().empty()) {
    args.insert(args.end(), {"--ca-file", server.ca_file(), "--http-endpoint", server.http_origin()});
  }
  for (auto& a : extra) args.push_back(std::move(a));
  SuiteRun run;
  run.command = run_blobconform(args, 600);
  auto text = read_file(report_dir / "results.json");
  run.report = nlohmann::json::parse(text, nullptr, false);
  if (run.report.is_discarded() || !run.report.contains("instances")) return run;
  for (const auto& instance : run.report["instances"]) {
    run.results[instance["id"].get<std::string>()] = instance["result"].get<std::string>();
  }
  return run;
}

// The suite run against a reference target of its own, started with `options`; on a failed start,
// no results and the reason in the command's output.
inline SuiteRun run_on_reference(const reference::ReferenceOptions& options, std::vector<std::string> extra = {}) {
  auto server = reference::ReferenceServer::start(options);
  if (!server) {
    SuiteRun failed;
    failed.command.output = "the reference target did not start: " + server.error().message;
    return failed;
  }
  TempDir dir;
  return run_suite(**server, std::move(extra), dir.path());
}

inline size_t count_result(const SuiteRun& run, const std::string& result) {
  size_t n = 0;
  for (const auto& [id, r] : run.results) n += r == result;
  return n;
}

}  // namespace blobconform::testing
