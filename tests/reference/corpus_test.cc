// The whole corpus against the reference target over HTTPS, with its plain-HTTP port beside it: the
// cases and the target agree, the pending-copy cases run with the gated source, the cases sent over
// plain HTTP run there, and every auth scheme of the suite is accepted.
#include <gtest/gtest.h>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

using testing::run_suite;
using testing::TempDir;

TEST(ReferenceTarget, TheWholeCorpusPassesPendingCopiesIncluded) {
  reference::ReferenceOptions options;
  options.tls = true;
  auto server = reference::ReferenceServer::start(options);
  ASSERT_TRUE(server) << server.error().message;
  TempDir dir;
  auto run = run_suite(**server, {}, dir.path());
  ASSERT_FALSE(run.results.empty()) << run.command.output;
  EXPECT_EQ(run.command.exit_code, 0) << run.command.output;
  size_t pending = 0;
  for (const auto& instance : run.report["instances"]) {
    std::string id = instance["id"], result = instance["result"];
    EXPECT_TRUE(result == "PASS" || result == "INFO" || result == "SKIP") << id << " ended " << result;
    bool needs_pending = false;
    for (const auto& tag : instance["tags"]) needs_pending |= tag == "pending-copy";
    if (needs_pending) {
      ++pending;
      EXPECT_EQ(result, "PASS") << id << ": " << instance["reason"];
    }
    // HTTPS and its plain-HTTP port are both there: only the second account (--second-target) is not.
    if (result == "SKIP") {
      EXPECT_NE(id.find("cross-account"), std::string::npos) << id;
    }
    if (id.find("https-only") != std::string::npos || id.find("over-plain-http") != std::string::npos) {
      EXPECT_EQ(result, "PASS") << id << ": " << instance["reason"];
    }
  }
  EXPECT_GE(pending, 13u);
  // Each scheme the suite signs with, at every version its cases name, was accepted: they passed.
  for (std::string scheme : {"auth/shared-key-lite", "sas/service-sas-blob-write", "sas/service-sas-container-write",
                             "sas/service-sas-2013-08-15", "sas/account-sas-write", "sas/sas-version-selects-the-protocol",
                             "auth/content-length-zero-signed-before-2015-02-21", "auth/empty-header-value-signed"}) {
    size_t instances = 0;
    for (const auto& [id, result] : run.results) {
      if (id.rfind("abort-copy/" + scheme, 0) != 0) continue;
      ++instances;
      EXPECT_EQ(result, "PASS") << id;
    }
    EXPECT_GE(instances, 1u) << scheme;
  }
}

}  // namespace
}  // namespace blobconform
