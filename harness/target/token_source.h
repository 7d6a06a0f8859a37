// A Microsoft Entra bearer token for the run, for accounts without Shared Key: the token given in
// AZURE_STORAGE_TOKEN, or what `--token-command` prints (e.g. `az account get-access-token
// --resource https://storage.azure.com/ --query accessToken -o tsv`), run again before the
// token's `exp`. The token is a secret: no message here ever holds it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::target {

inline constexpr std::chrono::seconds kTokenRefreshMargin{300};   // fetched again this long before exp
inline constexpr std::chrono::seconds kTokenCommandTimeout{120};  // a command that takes longer is killed
inline constexpr size_t kMaxTokenCommandOutput = 64 * 1024;
inline constexpr const char* kTokenVariable = "AZURE_STORAGE_TOKEN";

class TokenSource {
 public:
  // A token used as it is; an error when it is empty or not a JWT (its exp is read when it has one).
  static Result<std::unique_ptr<TokenSource>> fixed(std::string token);
  // Runs `command` with /bin/sh -c now, and again whenever the token is within
  // kTokenRefreshMargin of its exp; its standard output, trimmed, is the token.
  static Result<std::unique_ptr<TokenSource>> from_command(std::string command);

  // The token to send now: the last one fetched, or a new one when it is about to expire.
  Result<std::string> current();
  // Every token handed out so far, for the run's redaction.
  std::vector<std::string> tokens() const;
  // "AZURE_STORAGE_TOKEN" or "--token-command", and when the token expires; never the token.
  std::string describe() const;

 private:
  TokenSource() = default;
  Result<void> fetch();  // runs the command, holds the mutex

  mutable std::mutex mutex_;
  std::string command_;  // empty: a fixed token
  std::string token_;
  std::optional<std::chrono::system_clock::time_point> expires_;
  std::vector<std::string> tokens_;
};

// Runs `command` with /bin/sh -c, standard error passed through, and returns its standard output;
// an error when it cannot start, exits other than 0, prints more than `max_output` bytes, or runs
// past `timeout` (then its process group is killed).
Result<std::string> run_command_output(const std::string& command, std::chrono::milliseconds timeout, size_t max_output);

}  // namespace blobconform::target
