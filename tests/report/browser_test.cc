// The HTML reports in a real browser: headless Chromium (Debian's) opens them through
// tests/report/browser/check_html.mjs, which fails on any console or page error and checks the
// matrix. scripts/setup installs both the browser and playwright-core; without them this skips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/report/html.h"
#include "tests/report/sample_records.h"
#include "tests/support/command.h"

namespace blobconform::report {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr int kBrowserTimeoutSeconds = 120;
// Set it to a folder to keep the pages and their screenshots (CI artifacts, or a look by hand).
constexpr const char* kKeepScreenshotsVariable = "BLOBCONFORM_SCREENSHOT_DIR";
const fs::path kSourceDir = BLOBCONFORM_SOURCE_DIR;
const fs::path kChecker = kSourceDir / "tests/report/browser/check_html.mjs";

// Why the browser check cannot run here, or "" when it can.
std::string missing_browser() {
  if (!fs::exists(kChromium)) return std::string(kChromium) + " is missing (scripts/setup installs chromium)";
  if (!fs::exists(kSourceDir / "node_modules/playwright-core/package.json")) {
    return "node_modules/playwright-core is missing (scripts/setup runs npm ci)";
  }
  if (blobconform::testing::run_command("node", {"--version"}, 30).exit_code != 0) return "node is missing";
  return "";
}

struct Check {
  int exit_code = -1;
  std::string output;
  nlohmann::json found;  // the checker's JSON line; null when it printed none
};

// Runs the checker from the source folder, where node finds node_modules.
Check check_page(const fs::path& page, const fs::path& screenshot) {
  auto run = blobconform::testing::run_command("node", {kChecker.string(), page.string(), screenshot.string()},
                                               kBrowserTimeoutSeconds, kSourceDir.string());
  Check check{run.exit_code, run.output, nullptr};
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("{\"ok\":", 0) == 0) check.found = nlohmann::json::parse(line, nullptr, false);
  }
  if (const char* keep = std::getenv(kKeepScreenshotsVariable)) {
    std::error_code ignored;  // keeping them is a convenience: the test does not depend on it
    fs::create_directories(keep, ignored);
    for (const auto& file : {page, screenshot}) {
      fs::copy_file(file, fs::path(keep) / file.filename(), fs::copy_options::overwrite_existing, ignored);
    }
  }
  return check;
}

void expect_png(const fs::path& file) {
  ASSERT_TRUE(fs::exists(file)) << file;
  EXPECT_GT(fs::file_size(file), 0u);
  EXPECT_EQ(blobconform::testing::read_file(file).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST(Browser, TheReportLoadsWithoutErrorsAndShowsItsMatrix) {
  if (auto why = missing_browser(); !why.empty()) GTEST_SKIP() << why;
  blobconform::testing::TempDir dir;
  auto page = dir.path() / "report.html";
  auto verdict = testing::sample_verdict();
  ASSERT_TRUE(write_html_report(testing::sample_run(), &verdict, page.string()).ok());
  auto screenshot = dir.path() / "report.png";
  auto check = check_page(page, screenshot);
  ASSERT_EQ(check.exit_code, 0) << check.output;
  ASSERT_TRUE(check.found.is_object()) << check.output;
  // The seven result kinds, then the known deviations and unexpected passes apart (the run has a baseline).
  EXPECT_EQ(check.found["columns"], 9) << check.output;
  EXPECT_EQ(check.found["rows"], 2) << check.output;  // the two groups
  EXPECT_EQ(check.found["filters"], 9) << check.output;  // the page's script ran and made its controls
  // "New only" leaves the failures and errors, hides the known deviation, the passes and the rest.
  EXPECT_EQ(check.found["newOnlyShown"], nlohmann::json({"error", "fail"})) << check.output;
  EXPECT_EQ(check.found["newOnlyHidden"], testing::sample_run().results.size() - 2) << check.output;
  EXPECT_TRUE(check.found["consoleErrors"].empty()) << check.output;
  EXPECT_TRUE(check.found["pageErrors"].empty()) << check.output;
  expect_png(screenshot);
}

TEST(Browser, TheComparisonLoadsWithoutErrors) {
  if (auto why = missing_browser(); !why.empty()) GTEST_SKIP() << why;
  blobconform::testing::TempDir dir;
  auto other = testing::sample_run();
  other.target = "third-party https://blob.example.test";
  other.target_server = "Other/1.0";
  other.results[1].result = run::ResultKind::Pass;
  other.results.pop_back();
  auto page = dir.path() / "comparison.html";
  ASSERT_TRUE(write_html_comparison({testing::sample_run(), other}, page.string()).ok());
  auto screenshot = dir.path() / "comparison.png";
  auto check = check_page(page, screenshot);
  ASSERT_EQ(check.exit_code, 0) << check.output;
  EXPECT_EQ(check.found["columns"], 2) << check.output;
  EXPECT_EQ(check.found["filters"], 1) << check.output;
  expect_png(screenshot);
}

TEST(Browser, APageWithAScriptErrorFailsTheCheck) {
  if (auto why = missing_browser(); !why.empty()) GTEST_SKIP() << why;
  blobconform::testing::TempDir dir;
  auto check = check_page(kSourceDir / "tests/report/browser/broken.html", dir.path() / "broken.png");
  EXPECT_EQ(check.exit_code, 1) << check.output;
  EXPECT_NE(check.output.find("ReferenceError: deliberatelyUndefinedFunction is not defined"), std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("console error: deliberate console error"), std::string::npos) << check.output;
  ASSERT_TRUE(check.found.is_object()) << check.output;
  EXPECT_EQ(check.found["ok"], false);
}

}  // namespace
}  // namespace blobconform::report
