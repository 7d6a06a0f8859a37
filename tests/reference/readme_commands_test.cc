// Every `build/blobconform` line of the README's command blocks (```sh), run as written from a
// checkout-like folder, in order, against the reference target (AZURE_STORAGE_CONNECTION_STRING,
// CONNECTION_STRING and SECOND_CONNECTION_STRING name it): none may be a usage error, an
// unreachable target or a run that tested nothing. The `scripts/` lines are the README's two
// commands: scripts/test runs scripts/run-suite itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "tests/reference/suite_runs.h"

namespace blobconform {
namespace {

namespace fs = std::filesystem;

// The command lines of the ```sh blocks, without their trailing comments.
std::vector<std::string> readme_command_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  bool in_block = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      in_block = !in_block && line == "```sh";
      continue;
    }
    if (!in_block) continue;
    auto comment = line.find(" #");
    if (comment != std::string::npos) line = line.substr(0, comment);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

TEST(ReadmeCommands, EveryProgramLineRunsAsWritten) {
  const fs::path source = BLOBCONFORM_SOURCE_DIR;
  auto lines = readme_command_lines(testing::read_file(source / "README.md"));
  size_t program_lines = 0, script_lines = 0;
  for (const auto& line : lines) {
    program_lines += line.rfind("build/blobconform ", 0) == 0;
    script_lines += line.rfind("scripts/", 0) == 0;
  }
  // The README's blocks as they are today: the two commands, and the program's lines.
  ASSERT_EQ(script_lines, 2u);
  ASSERT_GE(program_lines, 9u);
  ASSERT_EQ(program_lines + script_lines, lines.size()) << "a command block line that is neither";

  // A checkout-like folder: the project's files, build/ the program's build folder, reports/ fresh.
  testing::TempDir checkout;
  for (const auto& entry : fs::directory_iterator(source)) {
    std::string name = entry.path().filename().string();
    if (name == "reports" || name.rfind("build", 0) == 0 || name == ".git") continue;
    fs::create_symlink(entry.path(), checkout.path() / name);
  }
  fs::create_symlink(fs::path(BLOBCONFORM_BINARY).parent_path(), checkout.path() / "build");
  fs::create_directories(checkout.path() / "reports");
  fs::create_symlink(source / "reports" / "baselines", checkout.path() / "reports" / "baselines");

  // The truncated-escape fault gives the fuzz line findings for the replay line to replay.
  auto server = testing::start_reference(reference::Fault::TruncatedEscape500);
  ASSERT_TRUE(server);
  std::vector<std::string> env = {"AZURE_STORAGE_CONNECTION_STRING=" + server->connection_string(),
                                  "CONNECTION_STRING=" + server->connection_string(),
                                  "SECOND_CONNECTION_STRING=" + server->connection_string(1)};
  for (const auto& line : lines) {
    if (line.rfind("build/blobconform ", 0) != 0) continue;
    std::vector<std::string> args = env;
    args.insert(args.end(), {"/bin/bash", "-c", "cd " + testing::shell_quote(checkout.path().string()) + " && " + line});
    auto result = testing::run_command("/usr/bin/env", args, 600);
    // 0 or 1: it ran and judged; never 2 (usage), 3 (unreachable), 4 (stopped) or 5 (nothing tested).
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << line << "\nexit " << result.exit_code << "\n"
                                                                << result.output.substr(0, 3000);
    EXPECT_EQ(result.output.rfind("error:", 0), std::string::npos) << line << "\n" << result.output.substr(0, 3000);
    EXPECT_EQ(result.output.find("\nerror:"), std::string::npos) << line << "\n" << result.output.substr(0, 3000);
  }
}

}  // namespace
}  // namespace blobconform
