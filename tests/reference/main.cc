// blobconform-reference: the reference target as a program, for running the suite against it by
// hand (`blobconform --target "$(blobconform-reference --print-connection-string ...)"` is not
// needed: it prints its connection strings, then serves until SIGINT or SIGTERM).
#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <thread>

#include "tests/reference/reference_server.h"

using namespace blobconform::reference;

namespace {
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_signal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The reference Blob target of blobconform's own tests (in memory, loopback, plain HTTP or HTTPS)."};
  ReferenceOptions options;
  std::string fault = "none";
  bool list_faults = false;
  std::string hostile = "none";
  bool list_hostile = false;
  int64_t drip_ms = kDefaultDripInterval.count();
  app.add_option("--host", options.host, "address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "port (0: any free one)")->capture_default_str();
  app.add_option("--fault", fault, "deviate in this one way (see --list-faults)")->capture_default_str();
  app.add_flag("--list-faults", list_faults, "print the faults and exit");
  app.add_option("--hostile", hostile,
                 "answer Abort Copy Blob requests like a hostile server, in this way (see --list-hostile)")
      ->capture_default_str();
  app.add_flag("--list-hostile", list_hostile, "print the hostile modes and exit");
  app.add_option("--drip-ms", drip_ms, "--hostile slow-drip: milliseconds between two bytes")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{3600000}));
  app.add_option("--cross-account-rate", options.cross_account_bytes_per_second,
                 "bytes a second a copy from another account of this server moves (0: at once)")
      ->capture_default_str();
  app.add_flag("--cross-account-race", options.cross_account_copy_completes_before_abort,
               "an abort finds such a copy just completed (the race on a real account)");
  app.add_option("--latency-ms", options.latency_ms, "delay added before each answer")->capture_default_str();
  app.add_option("--url-copy-delay-ms", options.url_copy_delay_ms,
                 "a copy from a URL waits this long before asking the source and before taking each piece it reads")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  app.add_option("--default-version", options.default_version,
                 "version of requests without x-ms-version (empty: refuse them)")
      ->capture_default_str();
  app.add_flag("--tls", options.tls,
               "serve HTTPS on --port (a certificate made at start: give the printed ca file to --ca-file) and plain "
               "HTTP on a second port (give it to --http-endpoint); a bearer token over plain HTTP is then refused");
  app.add_flag("--https-only", options.https_only, "with --tls: secure transfer required (plain HTTP gets 400 AccountRequiresHttps)")
      ->needs("--tls");
  CLI11_PARSE(app, argc, argv);
  if (list_faults) {
    for (const auto& info : all_faults()) {
      std::cout << info.name << "  " << info.description << (info.purpose == Purpose::Fuzzer ? " (for the network fuzzer)"
                                                                      : info.purpose == Purpose::Resilience ? " (weather, for the harness's retries)" : "") << "\n";
    }
    return 0;
  }
  if (list_hostile) {
    for (const auto& info : all_hostile_modes()) std::cout << info.name << "  " << info.description << "\n";
    return 0;
  }
  auto hostile_mode = parse_hostile(hostile);
  if (!hostile_mode) {
    std::cerr << "error: --hostile: unknown mode \"" << hostile << "\" (see --list-hostile)\n";
    return 2;
  }
  options.hostile = *hostile_mode;
  options.drip_interval = std::chrono::milliseconds(drip_ms);
  auto parsed = parse_fault(fault);
  if (!parsed) {
    std::cerr << "error: --fault: unknown fault \"" << fault << "\" (see --list-faults)\n";
    return 2;
  }
  options.fault = *parsed;
  auto server = ReferenceServer::start(options);
  if (!server) {
    std::cerr << "error: " << server.error().message << "\n";
    return 3;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::cout << "listening on port " << (*server)->port() << " (fault: " << fault
            << (hostile == "none" ? "" : ", hostile: " + hostile) << ")\n"
            << (*server)->connection_string(0) << "\n"
            << (*server)->connection_string(1) << "\n";
  if (options.tls) std::cout << "http endpoint: " << (*server)->http_origin() << "\nca file: " << (*server)->ca_file() << "\n";
  std::cout << std::flush;
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return 0;
}
