#include "harness/cli/common.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "harness/cases/lint.h"
#include "harness/cases/loader.h"
#include "harness/check/error_body.h"
#include "harness/cli/account_client.h"
#include "harness/report/repro_command.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"

namespace blobconform::cli {
namespace {

extern "C" void on_signal(int) {
  g_stop = true;
  g_signals.fetch_add(1);
}

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
std::atomic<int> g_signals{0};

void install_stop_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
}

std::string baseline_target_name(const std::string& server) {
  std::string name;
  for (char c : server) {
    if (c == ' ') break;
    name += c == '/' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name.empty() ? "unknown-target" : name;
}

BaselineChoice choose_baseline(const Options& options, const fs::path& data, const std::string& server) {
  if (!options.output.baseline.empty()) return {options.output.baseline, "given with --baseline"};
  if (options.output.no_baseline) return {"", "none (--no-baseline): every deviation counts as new"};
  if (!options.output.write_baseline.empty()) return {"", "none while writing one"};
  std::string name = baseline_target_name(server);
  for (const auto& dir : {data / "reports" / "baselines", data / "baselines"}) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      cases::Problems problems;
      auto baseline = report::load_baseline(file.string(), problems);
      if (baseline.target == name) return {file.string(), "shipped for Server: " + server, baseline, problems};
    }
  }
  return {"", "none shipped for Server: " + (server.empty() ? std::string("(none)") : server) +
                  ", so every deviation counts as new. To record this server's known deviations: " + options.program +
                  " baseline --write my-server.json (with the same --target), give each entry a reason, then run with "
                  "--baseline my-server.json"};
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

std::string describe_selection(const CaseSelection& selection) {
  std::vector<std::string> parts;
  for (const auto& f : selection.filters) parts.push_back("--filter " + report::shell_word(f));
  if (!selection.tags.empty()) parts.push_back("--tags " + report::shell_word(join(selection.tags)));
  for (const auto& k : selection.id_substrings) parts.push_back("-k " + report::shell_word(k));
  if (!selection.shard.empty()) parts.push_back("--shard " + selection.shard);
  return parts.empty() ? "the case folders" : join(parts);
}

void resolve_case_dirs(CaseSelection& selection, const fs::path& data) {
  auto same = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec) || a == b;
  };
  std::string standard = (data / "cases").string();
  std::vector<std::string> dirs;
  bool standard_given = false;
  for (const auto& dir : selection.case_dirs) {
    if (same(dir, standard)) standard_given = true;
    else if (std::none_of(dirs.begin(), dirs.end(), [&](const auto& d) { return same(d, dir); })) dirs.push_back(dir);
  }
  if (!selection.no_default_cases || standard_given) dirs.insert(dirs.begin(), standard);
  else selection.definition_dirs = {standard};
  selection.case_dirs = dirs;
}

// Loads and lints the case folders; prints every problem.
bool load_cases(const CaseSelection& selection, const fs::path& data, cases::Catalog& catalog, size_t* files) {
  cases::LoadOptions load;
  load.case_dirs = selection.case_dirs;
  load.definition_dirs = selection.definition_dirs;
  load.schema_dir = (data / "cases" / "schema").string();
  cases::Problems problems;
  catalog = cases::load_catalog(load, problems);
  auto lint = cases::lint_catalog(catalog, {selection.latest_version});
  problems.insert(problems.end(), lint.begin(), lint.end());
  for (const auto& p : problems) std::cerr << "error: " << cases::to_string(p) << "\n";
  if (!problems.empty()) {
    std::cerr << problems.size() << " problem(s) in the case files\n";
    return false;
  }
  if (files) *files = catalog.groups.size();
  return true;
}

bool is_loopback(const target::Target& target) { return transport::is_loopback(target.endpoint); }

int default_jobs(bool loopback, std::chrono::microseconds round_trip) {
  return loopback && round_trip < kSlowRoundTrip ? kFastLoopbackJobs : kLatencyBoundJobs;
}

transport::Timeouts timeouts(const TargetSettings& target) {
  transport::Timeouts t;
  t.connect = std::chrono::milliseconds(target.timeout_connect_ms);
  t.read = std::chrono::milliseconds(target.timeout_read_ms);
  t.total = std::chrono::milliseconds(target.timeout_total_ms);
  return t;
}

Result<std::chrono::seconds> parse_duration(const std::string& field, const std::string& text) {
  auto parsed = wire::parse_relative_offset(text);
  if (!parsed || parsed->count() < 0 || text.empty() || text[0] == '-' || text[0] == '+') {
    return fail(field + ": \"" + text + "\" is not a duration such as 90s, 30m, 2h or 1d");
  }
  return *parsed;
}

transport::TlsOptions tls_options(const TargetSettings& target) {
  transport::TlsOptions tls;
  tls.verify = !target.insecure;
  tls.ca_file = target.ca_file;
  return tls;
}

// --target: the connection string and its key.
int parse_target(const TargetSettings& settings, PreparedTarget& prepared) {
  auto parsed = target::parse_connection_string(settings.connection_string);
  if (!parsed) {
    std::cerr << "error: --target: " << parsed.error().message << "\n";
    return kUsage;
  }
  prepared.target = *parsed;
  if (!settings.http_endpoint.empty()) {
    auto http = target::parse_http_endpoint(settings.http_endpoint);
    if (!http) {
      std::cerr << "error: " << http.error().message << "\n";
      return kUsage;
    }
    prepared.target.http_endpoint = *http;
  }
  if (!prepared.target.key.empty()) {
    auto made = auth::make_account_key(prepared.target.account, prepared.target.key);
    if (!made) {
      std::cerr << "error: --target: AccountKey: " << made.error().message << "\n";
      return kUsage;
    }
    prepared.key = *made;
  }
  // A bearer token: --token-command's, else AZURE_STORAGE_TOKEN's; never both.
  const char* variable = std::getenv(target::kTokenVariable);
  bool from_variable = variable && *variable;
  if (!settings.token_command.empty() && from_variable) {
    std::cerr << "error: --token-command and " << target::kTokenVariable << " both give a bearer token: give one\n";
    return kUsage;
  }
  if (!settings.token_command.empty() || from_variable) {
    auto token = from_variable ? target::TokenSource::fixed(variable) : target::TokenSource::from_command(settings.token_command);
    if (!token) {
      std::cerr << "error: " << token.error().message << "\n";
      return kUsage;
    }
    prepared.token = std::move(*token);
  }
  if (!settings.no_role_token_command.empty()) {
    auto token = target::TokenSource::from_command(settings.no_role_token_command);
    if (!token) {
      std::cerr << "error: --no-role-token-command: " << token.error().message << "\n";
      return kUsage;
    }
    prepared.no_role_token = std::move(*token);
  }
  // A token crosses the network only inside TLS (as the Azure SDKs insist); a server on this
  // machine may take it over plain HTTP.
  if ((prepared.token || prepared.no_role_token) && prepared.target.endpoint.scheme != "https" && !is_loopback(prepared.target)) {
    std::cerr << "error: --target: a bearer token is sent over HTTPS only, and " << prepared.target.describe()
              << " is plain HTTP on another machine\n";
    return kUsage;
  }
  return kAsExpected;
}

std::function<Result<std::string>()> bearer_of(const PreparedTarget& prepared) {
  if (!prepared.token) return {};
  return [token = prepared.token] { return token->current(); };
}

std::function<Result<std::string>()> no_role_bearer_of(const PreparedTarget& prepared) {
  if (!prepared.no_role_token) return {};
  return [token = prepared.no_role_token] { return token->current(); };
}

// Starts the embedded Azurite when the target is it and nothing listens on its port, then asks
// the target for its Server header.
int reach_target(const Options& options, const fs::path& data, const transport::TlsOptions& tls,
                 PreparedTarget& prepared) {
  const target::Target& target = prepared.target;
  // The embedded Azurite, started when nothing listens on its port.
  if (target.development_storage) {
    // Registered first, then the port looked at under its lock (azurite_users.h says why).
    prepared.azurite_users = std::make_unique<target::AzuriteUsers>(target.endpoint.port);
    auto lock = prepared.azurite_users->lock(kAzuriteLockWait);
    if (!lock) {
      std::cerr << "error: " << lock.error().message << "\n";
      return kUnreachable;
    }
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
      if (!options.target.azurite_dir.empty()) candidates.push_back(options.target.azurite_dir);
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
      if (!options.output.quiet) std::cerr << "starting Azurite from " << *dir << " on port " << target.endpoint.port << "\n";
      auto started = target::EmbeddedAzurite::start(azurite_options);
      if (!started) {
        std::cerr << "error: " << started.error().message << "\n";
        return kUnreachable;
      }
      prepared.azurite = std::move(*started);
      if (!options.output.quiet) std::cerr << "started Azurite pid " << prepared.azurite->pid() << "\n";
    }
  }
  std::string probe_error;
  probe_server(target, tls, timeouts(options.target), prepared, probe_error);
  if (!probe_error.empty()) {
    std::cerr << "error: the target " << target.describe() << " does not answer: " << probe_error << "\n";
    return kUnreachable;
  }

  return kAsExpected;
}

int verify_credentials(const Options& options, const PreparedTarget& prepared, const cases::Catalog& catalog) {
  if (!prepared.key && !prepared.token) return kAsExpected;
  const bool bearer = prepared.token && !prepared.key;  // the probe, a step without auth, signs with the token
  auto account = account_client(prepared, options.target, options.cases.latest_version, &catalog);
  if (!account) {
    std::cerr << "error: " << account.error().message << "\n";
    return kUsage;
  }
  auto response = (*account)->send("list_containers", {{"maxresults", "1"}});
  std::string where = prepared.target.describe();
  if (!response) {
    std::cerr << "error: the target " << where << " does not answer a signed request: " << response.error().message << "\n";
    return kUnreachable;
  }
  std::string code = transport::find_header(response->headers, "x-ms-error-code").value_or("");
  bool request_id = transport::find_header(response->headers, "x-ms-request-id").has_value();
  auto error = check::parse_error_body(response->body);
  if (code.empty() && error) code = error->code;
  if (response->status / 100 == 2 && response->body.find("<EnumerationResults") != std::string::npos) return kAsExpected;
  // A refused token: its audience, tenant or lifetime, or an identity without a data role.
  if (bearer && (response->status == 401 || response->status == 403)) {
    std::cerr << "error: the target " << where << " refused the bearer token: List Containers got " << response->status << " "
              << (code.empty() ? "(no code)" : code)
              << ". Check that the token is for https://storage.azure.com/ in the account's tenant and not expired, and "
                 "that its identity holds Storage Blob Data Contributor on the account; nothing was run\n";
    return kUnreachable;
  }
  // Any 403 to the account's own key: AuthenticationFailed is a wrong key (Azurite says
  // AuthorizationFailure for it); on Azure, AuthorizationFailure is a firewall or network rule.
  if (response->status == 403) {
    std::cerr << "error: the target " << where << " refused the account key: a signed List Containers got 403 "
              << (code.empty() ? "(no code)" : code) << ". Check AccountName and AccountKey (the account's key, "
              << "Base64, as the portal shows it)" << (code == "AuthorizationFailure" ? ", and on Azure the account's "
              "firewall and network rules" : "") << "; nothing was run\n";
    return kUnreachable;
  }
  if (response->status / 100 != 2 && (request_id || !code.empty())) {
    std::cerr << "warning: a signed List Containers got " << response->status << " " << (code.empty() ? "(no code)" : code)
              << "; running the cases anyway\n";
    return kAsExpected;
  }
  std::string type = transport::find_header(response->headers, "Content-Type").value_or("no Content-Type");
  std::cerr << "error: the target " << where << " does not speak the Blob protocol: a signed GET /?comp=list got "
            << response->status << " (" << type << ") without x-ms-request-id, an error code or an "
            << "EnumerationResults body; check the endpoint (BlobEndpoint, port); nothing was run\n";
  return kUnreachable;
}

void stop_azurite(PreparedTarget& prepared, const OutputSettings& output) {
  if (!prepared.azurite) {
    prepared.azurite_users.reset();
    return;
  }
  // Another run found this Azurite on its port and uses it: wait for it (a signal ends the wait).
  // The last check and the stop are under the port's lock, so no run starts using it meanwhile.
  bool said = false;
  int signals = g_signals.load();
  auto lock = prepared.azurite_users->lock(kAzuriteLockWait);
  for (auto others = prepared.azurite_users->others(); !others.empty() && g_signals.load() == signals;
       others = prepared.azurite_users->others()) {
    if (!said) {
      std::cerr << "waiting for " << others.size() << (others.size() == 1 ? " other run" : " other runs")
                << " using this Azurite (pid";
      for (auto pid : others) std::cerr << " " << pid;
      std::cerr << ") to finish before stopping it; Ctrl-C stops it now\n";
      said = true;
    }
    lock = Error{};  // let the others register and go while this run waits
    std::this_thread::sleep_for(kSharedAzuritePoll);
    lock = prepared.azurite_users->lock(kAzuriteLockWait);
  }
  if (!lock) std::cerr << "warning: " << lock.error().message << "; stopping Azurite anyway\n";
  prepared.azurite_users.reset();
  auto stopped = prepared.azurite->stop();
  if (!stopped) std::cerr << "warning: " << stopped.error().message << "\n";
  else if (!output.quiet) std::cerr << "stopped Azurite\n";
  prepared.azurite.reset();
}

}  // namespace blobconform::cli
