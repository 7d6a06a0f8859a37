// The embedded default target: Azurite 3.37.0 from node_modules, started on loopback, waited for,
// and stopped by its own pid.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::target {

inline constexpr const char* kAzuriteVersion = "3.37.0";
inline constexpr const char* kAzuriteServer = "Azurite-Blob/3.37.0";

struct AzuriteOptions {
  std::string node = "node";
  std::string azurite_dir;  // holds node_modules/azurite
  std::string host = "127.0.0.1";
  uint16_t port = 10000;
  std::chrono::milliseconds start_timeout{30000};
  // HTTPS: a PEM certificate and its key (Azurite's --cert/--key); empty serves plain HTTP.
  std::string cert_file;
  std::string key_file;
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
};

class EmbeddedAzurite {
 public:
  static Result<std::unique_ptr<EmbeddedAzurite>> start(const AzuriteOptions& options);
  ~EmbeddedAzurite();
  EmbeddedAzurite(const EmbeddedAzurite&) = delete;
  EmbeddedAzurite& operator=(const EmbeddedAzurite&) = delete;

  pid_t pid() const { return pid_; }
  uint16_t port() const { return port_; }
  const std::string& log_path() const { return log_path_; }
  // SIGTERM, up to 10 s, then SIGKILL; removes the temporary --location folder.
  Result<void> stop();

 private:
  EmbeddedAzurite() = default;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string location_;
  std::string log_path_;
};

enum class PortState { Free, Azurite, Other };
// Free when nothing accepts a connection; Azurite when an HTTP GET answers with Server
// "Azurite-Blob/3.37.0"; Other otherwise. `server_header` receives the Server header seen.
Result<PortState> probe_port(const std::string& host, uint16_t port, std::string* server_header);
uint16_t free_loopback_port();
// The first candidate folder holding node_modules/azurite of version 3.37.0.
Result<std::string> find_azurite_dir(const std::vector<std::string>& candidates);

}  // namespace blobconform::target
