// `cmake --install` into a fresh prefix: the installed program, run from an unrelated folder,
// finds its cases, operations, rules, capabilities, schema and baselines under the prefix and
// runs the suite with them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/support/command.h"
#include "tests/support/live_azurite.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class LiveInstall : public testing::AzuriteSuite {};

TEST_F(LiveInstall, TheInstalledProgramRunsTheSuiteFromAnotherFolder) {
  testing::TempDir prefix, elsewhere;
  fs::path build_dir = fs::path(BLOBCONFORM_BINARY).parent_path();
  auto install = testing::run_command("cmake", {"--install", build_dir.string(), "--prefix", prefix.path().string()});
  ASSERT_EQ(install.exit_code, 0) << install.output;

  fs::path program = prefix.path() / "bin" / "blobconform";
  fs::path data = prefix.path() / "share" / "blobconform";
  ASSERT_TRUE(fs::exists(program));
  for (const char* file : {"cases/operations.json", "cases/rules.json", "cases/capabilities.json",
                           "cases/schema/case.schema.json", "cases/abort-copy/sas.json",
                           "baselines/azurite-3.37.0.json"}) {
    EXPECT_TRUE(fs::exists(data / file)) << file;
  }

  auto lint = testing::run_command(program.string(), {"lint"}, 60, elsewhere.path().string());
  EXPECT_EQ(lint.exit_code, 0) << lint.output;

  // The auth family holds known Azurite deviations: with the installed baseline, chosen by the
  // server's identity or named, the run is as expected (0); without one, they are new (1).
  std::vector<std::string> args = {"run", "--target", connection_string(), "--filter", "abort-copy/auth/**",
                                   "--report-dir", "out", "--quiet"};
  auto without = testing::run_command(program.string(), [&] {
    auto a = args;
    a.push_back("--no-baseline");
    return a;
  }(), 300, elsewhere.path().string());
  EXPECT_EQ(without.exit_code, 1) << without.output;
  auto shipped = testing::run_command(program.string(), args, 300, elsewhere.path().string());
  EXPECT_EQ(shipped.exit_code, 0) << shipped.output;
  EXPECT_EQ(json::parse(testing::read_file(elsewhere.path() / "out" / "results.json"))["baseline"],
            (data / "baselines" / "azurite-3.37.0.json").string());
  args.insert(args.end(), {"--baseline", (data / "baselines" / "azurite-3.37.0.json").string()});
  auto with = testing::run_command(program.string(), args, 300, elsewhere.path().string());
  EXPECT_EQ(with.exit_code, 0) << with.output;

  json results = json::parse(testing::read_file(elsewhere.path() / "out" / "results.json"));
  ASSERT_EQ(results["case_dirs"].size(), 1u);
  EXPECT_EQ(fs::weakly_canonical(results["case_dirs"][0].get<std::string>()), fs::weakly_canonical(data / "cases"))
      << "the installed program read cases outside its prefix";
  EXPECT_GT(results["instances"].size(), 0u);
}

}  // namespace
}  // namespace blobconform
