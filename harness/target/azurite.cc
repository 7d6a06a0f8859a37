#include "harness/target/azurite.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness/transport/http_client.h"

namespace blobconform::target {
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string tail_of(const std::string& log, size_t lines) {
  size_t at = log.size();
  for (size_t n = 0; n <= lines && at > 0; ++n) {
    at = log.rfind('\n', at - 1);
    if (at == std::string::npos) return log;
  }
  return log.substr(at + 1);
}

bool accepts_connections(const std::string& host, uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host.c_str(), &address.sin_addr) != 1) {
    close(fd);
    return false;
  }
  bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return connected;
}

// The Server header of GET / over http, or over https without verifying the certificate (the
// harness only asks whether its own child answers; the run itself verifies as configured).
std::string server_of(const std::string& scheme, const std::string& host, uint16_t port, std::string* error) {
  transport::Timeouts timeouts;
  timeouts.connect = std::chrono::milliseconds(2000);
  timeouts.read = std::chrono::milliseconds(3000);
  timeouts.total = std::chrono::milliseconds(5000);
  transport::TlsOptions tls;
  tls.verify = false;
  transport::HttpClient client({scheme, host, port}, tls, timeouts);
  transport::Request request;
  request.method = "GET";
  request.target = "/";
  request.headers = {{"Host", host + ":" + std::to_string(port)}};
  auto exchange = client.send(request);
  if (!exchange.response) {
    if (error) *error = exchange.transport_error;
    return {};
  }
  return transport::find_header(exchange.response->headers, "Server").value_or("");
}

Result<int> node_major(const std::string& node) {
  std::string command = "'" + node + "' --version 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return fail("cannot run " + node);
  char buffer[64] = {};
  size_t n = fread(buffer, 1, sizeof buffer - 1, pipe);
  pclose(pipe);
  std::string version(buffer, n);
  if (version.size() < 2 || version[0] != 'v') {
    return fail("Node.js is missing: Azurite needs Node.js 20 or newer on the PATH");
  }
  return std::atoi(version.c_str() + 1);
}

}  // namespace

Result<std::string> find_azurite_dir(const std::vector<std::string>& candidates) {
  for (const auto& dir : candidates) {
    fs::path package = fs::path(dir) / "node_modules" / "azurite" / "package.json";
    std::error_code ec;
    if (!fs::exists(package, ec)) continue;
    auto document = nlohmann::json::parse(read_text(package), nullptr, false);
    if (document.is_object() && document.value("version", "") == kAzuriteVersion) return dir;
  }
  return fail(std::string("no node_modules/azurite of version ") + kAzuriteVersion + " was found");
}

uint16_t free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  uint16_t port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

Result<PortState> probe_port(const std::string& host, uint16_t port, std::string* server_header) {
  if (!accepts_connections(host, port)) return PortState::Free;
  std::string error;
  std::string server = server_of("http", host, port, &error);
  if (server_header) *server_header = server;
  return server == kAzuriteServer ? PortState::Azurite : PortState::Other;
}

Result<std::unique_ptr<EmbeddedAzurite>> EmbeddedAzurite::start(const AzuriteOptions& options) {
  auto major = node_major(options.node);
  if (!major) return major.error();
  if (*major < 20) return fail("Node.js " + std::to_string(*major) + " is too old: Azurite needs Node.js 20 or newer");
  fs::path entry = fs::path(options.azurite_dir) / "node_modules" / "azurite" / "dist" / "src" / "blob" / "main.js";
  if (!fs::exists(entry)) return fail("Azurite's blob entry point is missing: " + entry.string());

  std::string pattern = (fs::temp_directory_path() / "blobconform-azurite-XXXXXX").string();
  if (!mkdtemp(pattern.data())) return fail("cannot make a temporary folder for Azurite");
  std::unique_ptr<EmbeddedAzurite> azurite(new EmbeddedAzurite());
  azurite->location_ = pattern;
  azurite->log_path_ = pattern + "/azurite.log";
  azurite->port_ = options.port;

  std::vector<std::string> args = {options.node,  entry.string(), "--blobHost", options.host,
                                   "--blobPort",  std::to_string(options.port), "--location", pattern + "/data",
                                   "--silent",    "--disableTelemetry"};
  if (!options.cert_file.empty()) {
    args.insert(args.end(), {"--cert", options.cert_file, "--key", options.key_file});
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int log_fd = open(azurite->log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0) return fail("cannot write " + azurite->log_path_);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return fail("cannot start Azurite: fork failed");
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  azurite->pid_ = pid;

  auto deadline = std::chrono::steady_clock::now() + options.start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      azurite->pid_ = -1;
      std::string log = tail_of(read_text(azurite->log_path_), 15);
      (void)azurite->stop();
      return fail("Azurite exited while starting; its log ends:\n" + log);
    }
    if (accepts_connections(options.host, options.port) &&
        server_of(options.cert_file.empty() ? "http" : "https", options.host, options.port, nullptr)
                .rfind("Azurite-Blob/", 0) == 0) {
      return azurite;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string log = tail_of(read_text(azurite->log_path_), 15);
  (void)azurite->stop();
  return fail("Azurite did not answer within " + std::to_string(options.start_timeout.count()) + " ms; its log ends:\n" + log);
}

Result<void> EmbeddedAzurite::stop() {
  std::string problem;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        exited = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!exited) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      problem = "Azurite (pid " + std::to_string(pid_) + ") ignored SIGTERM for 10 s and was killed";
    }
    pid_ = -1;
  }
  if (!location_.empty()) {
    std::error_code ec;
    fs::remove_all(location_, ec);
    location_.clear();
  }
  if (!problem.empty()) return fail(problem);
  return {};
}

EmbeddedAzurite::~EmbeddedAzurite() { (void)stop(); }

}  // namespace blobconform::target
