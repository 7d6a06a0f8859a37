#include "harness/target/token_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/auth/jwt.h"
#include "tests/support/command.h"

namespace blobconform::target {
namespace {

using std::chrono::seconds;

std::string token_expiring_in(seconds from_now, const std::string& marker = "m") {
  auto exp = std::chrono::duration_cast<seconds>((std::chrono::system_clock::now() + from_now).time_since_epoch()).count();
  return auth::make_unsigned_jwt(R"({"aud":"https://storage.azure.com","oid":")" + marker + R"(","exp":)" +
                                 std::to_string(exp) + "}");
}

// A command that prints the token in `file` and counts its runs in `file`.count.
std::string printing_command(const std::filesystem::path& file) {
  return "n=$(cat '" + file.string() + ".count' 2>/dev/null || echo 0); echo $((n+1)) > '" + file.string() +
         ".count'; cat '" + file.string() + "'";
}

int runs(const std::filesystem::path& file) {
  std::ifstream in(file.string() + ".count");
  int n = 0;
  in >> n;
  return n;
}

TEST(TokenSource, AFixedTokenIsSentAsItIsAndNeverDescribed) {
  std::string token = token_expiring_in(seconds(3600));
  auto source = TokenSource::fixed(token);
  ASSERT_TRUE(source.ok()) << source.error().message;
  auto now = (*source)->current();
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(*now, token);
  EXPECT_EQ((*source)->tokens(), std::vector<std::string>{token});
  EXPECT_NE((*source)->describe().find("AZURE_STORAGE_TOKEN, valid until"), std::string::npos);
  EXPECT_EQ((*source)->describe().find(token), std::string::npos);
}

TEST(TokenSource, AFixedTokenThatIsNoJwtOrHasExpiredIsRefusedWithoutShowingIt) {
  for (auto [token, error] : {std::pair<std::string, std::string>{"not-a-jwt-at-all", "AZURE_STORAGE_TOKEN: not a Microsoft Entra access token"},
                              {token_expiring_in(seconds(-60)), "AZURE_STORAGE_TOKEN: the token expired at "},
                              {"", "AZURE_STORAGE_TOKEN: no token (empty)"},
                              {"a b.c.d", "holds a space or control character"}}) {
    auto source = TokenSource::fixed(token);
    ASSERT_FALSE(source.ok()) << token;
    EXPECT_NE(source.error().message.find(error), std::string::npos) << source.error().message;
    if (!token.empty()) {
      EXPECT_EQ(source.error().message.find(token), std::string::npos);
    }
  }
}

TEST(TokenSource, ACommandsTokenIsFetchedAgainOnlyNearItsExpiry) {
  testing::TempDir dir;
  auto file = dir.path() / "token";
  testing::write_file(file, token_expiring_in(seconds(3600)) + "\n");
  auto lasting = TokenSource::from_command(printing_command(file));
  ASSERT_TRUE(lasting.ok()) << lasting.error().message;
  EXPECT_TRUE((*lasting)->current().ok());
  EXPECT_TRUE((*lasting)->current().ok());
  EXPECT_EQ(runs(file), 1);  // an hour left: no need to ask again
  EXPECT_NE((*lasting)->describe().find("--token-command, valid until"), std::string::npos);

  auto near = dir.path() / "near";
  std::string first = token_expiring_in(seconds(60), "first");
  testing::write_file(near, first);
  auto expiring = TokenSource::from_command(printing_command(near));
  ASSERT_TRUE(expiring.ok()) << expiring.error().message;
  std::string second = token_expiring_in(seconds(60), "second");
  testing::write_file(near, second);
  auto now = (*expiring)->current();  // within the margin of its exp: run again
  ASSERT_TRUE(now.ok()) << now.error().message;
  EXPECT_EQ(*now, second);
  EXPECT_EQ(runs(near), 2);
  EXPECT_EQ((*expiring)->tokens(), (std::vector<std::string>{first, second}));
}

TEST(TokenSource, ACommandThatFailsIsNamedWithItsReason) {
  struct Row {
    std::string command, error;
  } rows[] = {
      {"echo oops >&2; exit 3", "--token-command: the command exited with status 3"},
      {"echo not-a-token", "--token-command: not a Microsoft Entra access token"},
      {"true", "--token-command: no token (empty)"},
      {"   ", "--token-command: empty"},
      {"head -c 70000 /dev/zero | tr '\\0' a", "--token-command: the command printed more than 65536 bytes"},
  };
  for (const auto& row : rows) {
    auto source = TokenSource::from_command(row.command);
    ASSERT_FALSE(source.ok()) << row.command;
    EXPECT_NE(source.error().message.find(row.error), std::string::npos) << source.error().message;
  }
}

TEST(RunCommandOutput, ACommandPastItsTimeIsStoppedWithWhatItStarted) {
  auto started = std::chrono::steady_clock::now();
  auto output = run_command_output("sleep 30 & sleep 30", std::chrono::milliseconds(300), 1024);
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.error().message, "the command ran longer than 300 ms and was stopped");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace blobconform::target
