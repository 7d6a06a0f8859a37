#include "harness/cli/common.h"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {
namespace {

extern "C" void on_signal(int) { g_stop = true; }

fs::path executable_dir() {
  std::error_code ec;
  auto path = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : path.parent_path();
}

// Asks the target for its Server header and measures its round trip: the fastest of
// kProbeRoundTrips more requests on the same connection (the first pays the connection and any
// warm-up of the server).
void probe_server(const target::Target& target, const transport::TlsOptions& tls, const transport::Timeouts& timeouts,
                  PreparedTarget& prepared, std::string& error) {
  transport::HttpClient client(target.endpoint, tls, timeouts);
  transport::Request request;
  request.method = "GET";
  request.target = target.base_path.empty() ? "/" : target.base_path;
  request.headers.emplace_back("Host", transport::host_header(target.endpoint));
  auto timed = [&] {
    auto started = std::chrono::steady_clock::now();
    auto exchange = client.send(request);
    prepared.round_trip = std::min(prepared.round_trip, std::chrono::duration_cast<std::chrono::microseconds>(
                                                            std::chrono::steady_clock::now() - started));
    return exchange;
  };
  prepared.round_trip = std::chrono::microseconds::max();
  auto exchange = timed();
  if (!exchange.response) {
    error = exchange.transport_error;
    return;
  }
  prepared.server = transport::find_header(exchange.response->headers, "Server").value_or("");
  for (int i = 0; i < kProbeRoundTrips; ++i) {
    if (!timed().response) break;
  }
}

}  // namespace

std::atomic<bool> g_stop{false};

void install_stop_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
}

// The baseline shipped for the embedded Azurite, used by default against it.
fs::path default_azurite_baseline(const fs::path& data) {
  for (auto candidate : {data / "reports" / "baselines" / "azurite-3.37.0.json", data / "baselines" / "azurite-3.37.0.json"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return {};
}

std::string baseline_target_name(const std::string& server) {
  std::string name;
  for (char c : server) {
    if (c == ' ') break;
    name += c == '/' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name.empty() ? "unknown-target" : name;
}

// The project's own data: next to an installed program, else the source tree it was built from.
fs::path data_dir() {
  if (const char* env = std::getenv("BLOBCONFORM_DATA_DIR")) return env;
  fs::path installed = executable_dir() / ".." / "share" / "blobconform";
  if (fs::exists(installed / "cases" / "schema" / "case.schema.json")) return fs::weakly_canonical(installed);
  return BLOBCONFORM_SOURCE_DIR;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Loads and lints the case folders; prints every problem.
bool load_cases(const Options& options, const fs::path& data, cases::Catalog& catalog, size_t* files) {
  cases::LoadOptions load;
  load.case_dirs = options.case_dirs;
  load.schema_dir = (data / "cases" / "schema").string();
  cases::Problems problems;
  catalog = cases::load_catalog(load, problems);
  auto lint = cases::lint_catalog(catalog, {options.latest_version});
  problems.insert(problems.end(), lint.begin(), lint.end());
  for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
  if (!problems.empty()) {
    std::cerr << problems.size() << " problem(s) in the case files\n";
    return false;
  }
  if (files) *files = catalog.groups.size();
  return true;
}

bool is_loopback(const target::Target& target) {
  const auto& host = target.endpoint.host;
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

int default_jobs(bool loopback, std::chrono::microseconds round_trip) {
  return loopback && round_trip < kSlowRoundTrip ? kFastLoopbackJobs : kLatencyBoundJobs;
}

transport::Timeouts timeouts(const Options& options) {
  transport::Timeouts t;
  t.connect = std::chrono::milliseconds(options.timeout_connect_ms);
  t.read = std::chrono::milliseconds(options.timeout_read_ms);
  t.total = std::chrono::milliseconds(options.timeout_total_ms);
  return t;
}

Result<std::chrono::seconds> parse_duration(const std::string& field, const std::string& text) {
  auto parsed = wire::parse_relative_offset(text);
  if (!parsed || parsed->count() < 0 || text.empty() || text[0] == '-' || text[0] == '+') {
    return fail(field + ": \"" + text + "\" is not a duration such as 90s, 30m, 2h or 1d");
  }
  return *parsed;
}

transport::TlsOptions tls_options(const Options& options) {
  transport::TlsOptions tls;
  tls.verify = !options.insecure;
  tls.ca_file = options.ca_file;
  return tls;
}

// --target: the connection string and its key.
int parse_target(const Options& options, PreparedTarget& prepared) {
  auto parsed = target::parse_connection_string(options.target);
  if (!parsed) {
    std::cerr << "error: --target: " << parsed.error().message << "\n";
    return kUsage;
  }
  prepared.target = *parsed;
  if (!prepared.target.key.empty()) {
    auto made = auth::make_account_key(prepared.target.account, prepared.target.key);
    if (!made) {
      std::cerr << "error: --target: AccountKey: " << made.error().message << "\n";
      return kUsage;
    }
    prepared.key = *made;
  }
  return kAsExpected;
}

// Starts the embedded Azurite when the target is it and nothing listens on its port, then asks
// the target for its Server header.
int reach_target(const Options& options, const fs::path& data, const transport::TlsOptions& tls,
                 PreparedTarget& prepared) {
  const target::Target& target = prepared.target;
  // The embedded Azurite, started when nothing listens on its port.
  if (target.development_storage) {
    std::string header;
    auto state = target::probe_port(target.endpoint.host, target.endpoint.port, &header);
    if (!state) {
      std::cerr << "error: " << state.error().message << "\n";
      return kUnreachable;
    }
    if (*state == target::PortState::Other) {
      std::cerr << "error: " << target.endpoint.host << ":" << target.endpoint.port
                << " is taken by something that is not Azurite 3.37.0 (Server: "
                << (header.empty() ? "none" : header) << "); stop it or give --target\n";
      return kUnreachable;
    }
    if (*state == target::PortState::Free) {
      std::vector<std::string> candidates;
      if (!options.azurite_dir.empty()) candidates.push_back(options.azurite_dir);
      candidates.push_back(data.string());
      candidates.push_back(BLOBCONFORM_SOURCE_DIR);
      candidates.push_back(fs::current_path().string());
      auto dir = target::find_azurite_dir(candidates);
      if (!dir) {
        std::cerr << "error: " << dir.error().message << " (run 'npm ci' in the project folder, or give --azurite-dir)\n";
        return kUnreachable;
      }
      target::AzuriteOptions azurite_options;
      azurite_options.azurite_dir = *dir;
      azurite_options.host = target.endpoint.host;
      azurite_options.port = target.endpoint.port;
      if (!options.quiet) std::cerr << "starting Azurite from " << *dir << " on port " << target.endpoint.port << "\n";
      auto started = target::EmbeddedAzurite::start(azurite_options);
      if (!started) {
        std::cerr << "error: " << started.error().message << "\n";
        return kUnreachable;
      }
      prepared.azurite = std::move(*started);
      if (!options.quiet) std::cerr << "started Azurite pid " << prepared.azurite->pid() << "\n";
    }
  }
  std::string probe_error;
  probe_server(target, tls, timeouts(options), prepared, probe_error);
  if (!probe_error.empty()) {
    std::cerr << "error: the target " << target.describe() << " does not answer: " << probe_error << "\n";
    return kUnreachable;
  }

  return kAsExpected;
}

void stop_azurite(PreparedTarget& prepared, const Options& options) {
  if (!prepared.azurite) return;
  auto stopped = prepared.azurite->stop();
  if (!stopped) std::cerr << "warning: " << stopped.error().message << "\n";
  else if (!options.quiet) std::cerr << "stopped Azurite\n";
  prepared.azurite.reset();
}

}  // namespace blobconform::cli
