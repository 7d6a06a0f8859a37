// Runs the blobconform program (or any command) for a test, with a time limit, capturing output.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace blobconform::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `program args...` under `timeout` (coreutils), so a hang fails the test instead of CI; in
// `cwd` when one is given.
inline CommandResult run_command(const std::string& program, const std::vector<std::string>& args,
                                 int timeout_seconds = 300, const std::string& cwd = "") {
  std::string line = (cwd.empty() ? "" : "cd " + shell_quote(cwd) + " && ") + "timeout -s KILL " +
                     std::to_string(timeout_seconds) + " " + shell_quote(program);
  for (const auto& a : args) line += " " + shell_quote(a);
  line += " 2>&1 </dev/null";
  CommandResult result;
  FILE* pipe = popen(line.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline CommandResult run_blobconform(const std::vector<std::string>& args, int timeout_seconds = 300) {
  return run_command(BLOBCONFORM_BINARY, args, timeout_seconds);
}

inline std::string read_file(const std::filesystem::path& path);

// The four reports a run writes into `dir`, one after the other (for a search of all of them).
inline std::string read_reports(const std::filesystem::path& dir) {
  std::string all;
  for (const char* file : {"results.json", "junit.xml", "summary.md", "report.html"}) all += read_file(dir / file);
  return all;
}

// The first place in `text` where a SAS signature or a user delegation key's Value is shown, not
// REDACTED (as is, or HTML-escaped); empty when there is none.
inline std::string shown_signature_or_key(const std::string& text) {
  auto secret_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '%' || c == '+' || c == '/'; };
  for (const std::string prefix : {"sig=", "<Value>", "&lt;Value&gt;"}) {
    for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
      size_t from = at + prefix.size(), run = from;
      while (run < text.size() && run - from < 20 && secret_char(text[run])) ++run;
      if (run - from == 20 && text.compare(from, 8, "REDACTED") != 0) return text.substr(at, 60);
    }
  }
  return {};
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A fresh temporary folder, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "blobconform-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

constexpr const char* kDevstoreKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

inline std::string azurite_connection_string(uint16_t port) {
  return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + std::string(kDevstoreKey) +
         ";BlobEndpoint=http://127.0.0.1:" + std::to_string(port) + "/devstoreaccount1;";
}

}  // namespace blobconform::testing
