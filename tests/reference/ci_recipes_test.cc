// The CI recipes of docs/ci/, tested as far as this machine allows: each is valid YAML; every
// blobconform command in it runs, from a checkout-like folder, with the connection string in
// AZURE_STORAGE_CONNECTION_STRING as a CI secret would put it (here the reference target's);
// and every report file it publishes is one that command wrote.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using testing::run_command;
using testing::TempDir;

const fs::path kSource = BLOBCONFORM_SOURCE_DIR;

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

TEST(CiRecipes, EachCommandRunsAndWritesWhatTheRecipePublishes) {
  if (run_command("/usr/bin/python3", {"-c", "import yaml"}).exit_code != 0) {
    GTEST_SKIP() << "Debian's python3-yaml is not installed";
  }
  std::vector<std::string> recipes;
  for (const char* name : {"github-actions.yml", "azure-pipelines.yml", "gitlab-ci.yml"}) {
    recipes.push_back((kSource / "docs" / "ci" / name).string());
  }
  std::vector<std::string> args = {(kSource / "tests" / "reference" / "ci_recipes.py").string()};
  args.insert(args.end(), recipes.begin(), recipes.end());
  auto read = run_command("/usr/bin/python3", args);
  ASSERT_EQ(read.exit_code, 0) << read.output;
  auto parsed = nlohmann::json::parse(read.output, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << read.output;

  auto server = reference::ReferenceServer::start({});
  ASSERT_TRUE(server) << server.error().message;
  std::string connection = (*server)->connection_string();
  for (const auto& recipe : recipes) {
    const auto& found = parsed[recipe];
    ASSERT_GE(found["commands"].size(), 2u) << recipe;  // the Azurite job and the account job
    // A checkout: the repository's baselines, and the account's own recorded as the docs say.
    TempDir checkout;
    fs::create_directories(checkout.path() / "reports");
    fs::copy(kSource / "reports" / "baselines", checkout.path() / "reports" / "baselines", fs::copy_options::recursive);
    auto recorded = run_command("env", {"AZURE_STORAGE_CONNECTION_STRING=" + connection, BLOBCONFORM_BINARY, "baseline",
                                        "--write", "reports/baselines/my-account.json", "--quiet", "--filter",
                                        "abort-copy/version/**", "--report-dir", "reports/recording"},
                                300, checkout.path().string());
    ASSERT_EQ(recorded.exit_code, 0) << recorded.output;
    std::vector<std::string> published = found["published"];
    for (const auto& line : found["commands"]) {
      auto command = words(line.get<std::string>());
      ASSERT_EQ(command.front(), "build/blobconform") << line;
      std::vector<std::string> run = {"AZURE_STORAGE_CONNECTION_STRING=" + connection, BLOBCONFORM_BINARY};
      run.insert(run.end(), command.begin() + 1, command.end());
      run.insert(run.end(), {"--quiet", "--filter", "abort-copy/version/**"});  // a short run
      auto result = run_command("env", run, 300, checkout.path().string());
      // 0 or 1 (the Azurite baseline against another target reports its deviations as fixed);
      // 2 would mean the recipe's command line is wrong.
      EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << recipe << ": " << line << "\n" << result.output;
    }
    ASSERT_FALSE(published.empty()) << recipe;
    for (const auto& file : published) {
      EXPECT_TRUE(fs::exists(checkout.path() / file)) << recipe << " publishes " << file << ", which no command wrote";
    }
  }
}

}  // namespace
}  // namespace blobconform
