// No secret reaches a file or a stream: Azurite is started with a random account key
// (AZURITE_ACCOUNTS) and a debug log, which records every Authorization header and SAS signature
// the harness sent. The whole suite and a fuzz run go against it; then every file they wrote and
// everything they printed is searched for the key and each of those values, as sent, percent-encoded,
// percent-decoded and Base64-encoded.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>

#include "harness/wire/encoding.h"
#include "tests/support/command.h"
#include "tests/support/live_azurite.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;

std::string random_key() {
  std::random_device device;
  std::string bytes(64, '\0');
  for (auto& c : bytes) c = static_cast<char>(device());
  return wire::base64_encode(bytes);
}

class LiveSecrets : public testing::AzuriteSuite {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    key_ = random_key();
    target::AzuriteOptions options;
    options.env["AZURITE_ACCOUNTS"] = "devstoreaccount1:" + key_;
    options.extra_args = {"--debug", (dir_->path() / "azurite-debug.log").string()};
    start(options);
  }
  static void TearDownTestSuite() {
    AzuriteSuite::TearDownTestSuite();
    delete dir_;
    dir_ = nullptr;
  }
  static std::string connection_string() {
    return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + key_ +
           ";BlobEndpoint=http://127.0.0.1:" + std::to_string(azurite_->port()) + "/devstoreaccount1;";
  }
  static inline testing::TempDir* dir_ = nullptr;
  static inline std::string key_;
};

// Every signature the harness sent, as Azurite logged it.
std::set<std::string> sent_signatures(const fs::path& debug_log) {
  std::set<std::string> out;
  std::string log = testing::read_file(debug_log);
  std::regex authorization(R"re("authorization":"SharedKey(?:Lite)? [^:"]+:([^"]+)")re");
  for (std::sregex_iterator it(log.begin(), log.end(), authorization), end; it != end; ++it) out.insert((*it)[1]);
  std::regex sig(R"re([?&]sig=([^&" ]+))re");
  for (std::sregex_iterator it(log.begin(), log.end(), sig), end; it != end; ++it) {
    auto decoded = wire::percent_decode((*it)[1].str());
    out.insert(decoded ? *decoded : (*it)[1].str());
  }
  return out;
}

std::vector<std::string> forms(const std::string& secret) {
  std::vector<std::string> out = {secret, wire::percent_encode(secret), wire::base64_encode(secret)};
  if (auto decoded = wire::percent_decode(secret)) out.push_back(*decoded);
  if (auto bytes = wire::base64_decode(secret)) out.push_back(*bytes);
  return out;
}

TEST_F(LiveSecrets, NoKeySignatureOrAuthorizationValueInAnyOutput) {
  fs::path reports = dir_->path() / "reports";
  auto suite = testing::run_blobconform({"--target", connection_string(), "--report-dir", reports.string(), "--verbose"},
                                        600);
  ASSERT_TRUE(fs::exists(reports / "results.json")) << suite.output;
  fs::path findings = dir_->path() / "findings";
  auto fuzz = testing::run_blobconform({"fuzz", "--target", connection_string(), "--seed", "1", "--requests", "300",
                                        "--findings-dir", findings.string(), "--log",
                                        (dir_->path() / "fuzz.ndjson").string()},
                                       600);
  ASSERT_TRUE(fs::exists(dir_->path() / "fuzz.ndjson")) << fuzz.output;

  auto signatures = sent_signatures(dir_->path() / "azurite-debug.log");
  ASSERT_GT(signatures.size(), 100u) << "the debug log should hold the signatures sent";
  std::vector<std::pair<std::string, std::string>> outputs = {{"the run's output", suite.output},
                                                              {"the fuzz run's output", fuzz.output}};
  for (const auto& root : {reports, findings}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) outputs.emplace_back(entry.path().string(), testing::read_file(entry.path()));
    }
  }
  outputs.emplace_back("fuzz.ndjson", testing::read_file(dir_->path() / "fuzz.ndjson"));
  ASSERT_GE(outputs.size(), 5u);

  std::vector<std::string> secrets(signatures.begin(), signatures.end());
  secrets.push_back(key_);
  size_t checked = 0;
  for (const auto& secret : secrets) {
    for (const auto& form : forms(secret)) {
      if (form.size() < 16) continue;  // too short to be a secret's form; would match noise
      for (const auto& [name, text] : outputs) {
        ++checked;
        EXPECT_EQ(text.find(form), std::string::npos) << name << " holds a secret (" << form.substr(0, 6) << "...)";
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace blobconform
