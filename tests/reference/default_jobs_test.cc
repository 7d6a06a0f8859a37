// --jobs left out: the run chooses it from the probe's round trip (harness/cli/common.h): a few
// connections for a fast loopback server, many for one where each request waits on latency.
#include <gtest/gtest.h>

#include "tests/reference/suite_runs.h"

namespace blobconform::testing {
namespace {

std::string chosen_jobs(int latency_ms) {
  reference::ReferenceOptions options;
  options.latency_ms = latency_ms;
  auto server = reference::ReferenceServer::start(options);
  EXPECT_TRUE(server) << server.error().message;
  if (!server) return {};
  TempDir dir;
  std::vector<std::string> args = {"run", "--target", (*server)->connection_string(), "--report-dir",
                                   dir.path().string(), "--filter", "abort-copy/completed-copy/*"};
  for (auto& a : reference_capabilities()) args.push_back(a);
  auto result = run_blobconform(args, 300);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  auto at = result.output.find("--jobs ");
  return at == std::string::npos ? result.output : result.output.substr(at, result.output.find('\n', at) - at);
}

TEST(DefaultJobs, AFastLoopbackTargetGetsAFewConnections) {
  EXPECT_EQ(chosen_jobs(0).rfind("--jobs 4 (default for a loopback target answering in ", 0), 0u) << chosen_jobs(0);
}

TEST(DefaultJobs, ALoopbackTargetWithLatencyGetsMany) {
  std::string line = chosen_jobs(20);  // 20 ms a request: a real account's pace, over kSlowRoundTrip
  EXPECT_EQ(line.rfind("--jobs 16 (default for a loopback target answering in 2", 0), 0u) << line;
}

}  // namespace
}  // namespace blobconform::testing
