// HTTPS against a real Azurite serving a self-signed certificate made here with openssl: the
// program refuses it by default, accepts it with --ca-file or an explicit --insecure, and the
// `https` capability then runs the SAS cases limited to spr=https.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "harness/target/azurite.h"
#include "tests/support/command.h"
#include "tests/support/live_azurite.h"

namespace blobconform {
namespace {

using nlohmann::json;

class LiveHttps : public testing::AzuriteSuite {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    start_https(dir_->path().string());
  }
  static void TearDownTestSuite() {
    AzuriteSuite::TearDownTestSuite();
    delete dir_;
    dir_ = nullptr;
  }

  static std::string connection_string() {
    return "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=" + std::string(testing::kDevstoreKey) +
           ";BlobEndpoint=https://127.0.0.1:" + std::to_string(azurite_->port()) + "/devstoreaccount1;";
  }
  static std::string cert() { return (dir_->path() / "cert.pem").string(); }

  // Runs the HTTPS-only SAS case and one Shared Key case; returns each instance's result.
  static std::map<std::string, std::string> run_with(const std::vector<std::string>& tls_args, int* exit_code,
                                                      std::string* output) {
    testing::TempDir reports;
    std::vector<std::string> args = {"run", "--target", connection_string(), "--report-dir", reports.path().string(),
                                     "--filter", "abort-copy/sas/service-sas-https-only", "--filter",
                                     "abort-copy/completed-copy/right-id-after-success", "--no-baseline", "--quiet"};
    args.insert(args.end(), tls_args.begin(), tls_args.end());
    auto run = testing::run_blobconform(args);
    *exit_code = run.exit_code;
    *output = run.output;
    std::map<std::string, std::string> results;
    auto document = json::parse(testing::read_file(reports.path() / "results.json"), nullptr, false);
    if (!document.is_object()) return results;
    for (const auto& instance : document["instances"]) results[instance["id"]] = instance["result"];
    return results;
  }

  static inline testing::TempDir* dir_ = nullptr;
};

TEST_F(LiveHttps, AnUnknownCertificateIsRefusedByDefault) {
  int code = 0;
  std::string output;
  auto results = run_with({}, &code, &output);
  EXPECT_EQ(code, 3) << output;
  EXPECT_NE(output.find("does not answer"), std::string::npos) << output;
  EXPECT_TRUE(results.empty());
}

TEST_F(LiveHttps, TheCertificateAsCaFileIsAcceptedAndRunsTheHttpsCases) {
  int code = 0;
  std::string output;
  auto results = run_with({"--ca-file", cert()}, &code, &output);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(results["abort-copy/sas/service-sas-https-only"], "PASS") << output;
  EXPECT_EQ(results["abort-copy/completed-copy/right-id-after-success"], "PASS") << output;
}

TEST_F(LiveHttps, InsecureAcceptsAnyCertificate) {
  int code = 0;
  std::string output;
  auto results = run_with({"--insecure"}, &code, &output);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(results["abort-copy/sas/service-sas-https-only"], "PASS") << output;
}

TEST_F(LiveHttps, AMissingCaFileIsAUsageError) {
  int code = 0;
  std::string output;
  run_with({"--ca-file", (dir_->path() / "absent.pem").string()}, &code, &output);
  EXPECT_EQ(code, 2) << output;
  EXPECT_NE(output.find("absent.pem"), std::string::npos) << output;
}

}  // namespace
}  // namespace blobconform
