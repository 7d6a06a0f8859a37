#include "harness/target/token_source.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/auth/jwt.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"

namespace blobconform::target {
namespace {

using Clock = std::chrono::system_clock;

// The token's exp as a time point; an error names `from` and the reason, never the token.
Result<std::optional<Clock::time_point>> read_expiry(const std::string& token, const std::string& from) {
  if (token.empty()) return fail(from + ": no token (empty)");
  for (char c : token) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return fail(from + ": the token holds a space or control character");
  }
  auto claims = auth::parse_jwt(token);
  if (!claims) return fail(from + ": not a Microsoft Entra access token: " + claims.error().message);
  if (!claims->exp) return std::optional<Clock::time_point>();
  auto expires = Clock::time_point(std::chrono::seconds(*claims->exp));
  if (expires <= Clock::now()) return fail(from + ": the token expired at " + wire::format_iso8601(expires));
  return std::optional<Clock::time_point>(expires);
}

}  // namespace

Result<std::string> run_command_output(const std::string& command, std::chrono::milliseconds timeout, size_t max_output) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return fail("cannot make a pipe for the command");
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return fail("cannot start the command: fork failed");
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group, so that a timeout kills what it started too
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(pipe_fds[1]);
  std::string output;
  std::string problem;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (problem.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      auto ms = timeout.count();
      problem = "ran longer than " + (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") +
                " and was stopped";
      break;
    }
    pollfd waiting{pipe_fds[0], POLLIN, 0};
    if (::poll(&waiting, 1, static_cast<int>(std::min<long long>(left.count(), 1000))) <= 0) continue;
    char chunk[4096];
    auto n = ::read(pipe_fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    output.append(chunk, static_cast<size_t>(n));
    if (output.size() > max_output) problem = "printed more than " + std::to_string(max_output) + " bytes";
  }
  ::close(pipe_fds[0]);
  if (!problem.empty()) ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!problem.empty()) return fail("the command " + problem);
  if (WIFSIGNALED(status)) return fail("the command was ended by signal " + std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) != 0) return fail("the command exited with status " + std::to_string(WEXITSTATUS(status)));
  return output;
}

Result<std::unique_ptr<TokenSource>> TokenSource::fixed(std::string token) {
  auto expires = read_expiry(token, kTokenVariable);
  if (!expires) return expires.error();
  std::unique_ptr<TokenSource> source(new TokenSource());
  source->token_ = token;
  source->expires_ = *expires;
  source->tokens_.push_back(std::move(token));
  return source;
}

Result<std::unique_ptr<TokenSource>> TokenSource::from_command(std::string command) {
  if (wire::trim(command).empty()) return fail("--token-command: empty");
  std::unique_ptr<TokenSource> source(new TokenSource());
  source->command_ = std::move(command);
  std::lock_guard<std::mutex> lock(source->mutex_);
  if (auto fetched = source->fetch(); !fetched) return fetched.error();
  return source;
}

Result<void> TokenSource::fetch() {
  auto output = run_command_output(command_, kTokenCommandTimeout, kMaxTokenCommandOutput);
  if (!output) return fail("--token-command: " + output.error().message);
  // The printed line, without the white space around it (a trailing newline, as `az` prints).
  const auto first = output->find_first_not_of(" \t\r\n");
  std::string token = first == std::string::npos ? "" : output->substr(first, output->find_last_not_of(" \t\r\n") - first + 1);
  auto expires = read_expiry(token, "--token-command");
  if (!expires) return expires.error();
  token_ = token;
  expires_ = *expires;
  tokens_.push_back(std::move(token));
  return {};
}

Result<std::string> TokenSource::current() {
  std::lock_guard<std::mutex> lock(mutex_);
  bool expiring = expires_ && Clock::now() + kTokenRefreshMargin >= *expires_;
  if (expiring && !command_.empty()) {
    if (auto fetched = fetch(); !fetched) return fetched.error();
  } else if (expires_ && Clock::now() >= *expires_) {
    return fail(std::string(kTokenVariable) + ": the token expired at " + wire::format_iso8601(*expires_) +
                "; give --token-command to fetch new ones");
  }
  return token_;
}

std::vector<std::string> TokenSource::tokens() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tokens_;
}

std::string TokenSource::describe() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string from = command_.empty() ? std::string("a bearer token from ") + kTokenVariable : "a bearer token from --token-command";
  return expires_ ? from + ", valid until " + wire::format_iso8601(*expires_) : from;
}

}  // namespace blobconform::target
