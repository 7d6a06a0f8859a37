// bench_floor: the minimal keep-alive client of bench/README.md (the "floor" of benchmark 1 and 3).
//
// Reads a results.json written by `blobconform run` and sends every recorded exchange of every
// instance again (setup, request, then, cleanup, retries, in the recorded order) one after another
// over ONE keep-alive connection (transport::HttpClient, which reconnects only when the server
// closes), and prints how long that took. Nothing else is done per request than a client must do:
//   - the run's container prefix (bc-<8 hex>-) becomes a fresh one of the same length per
//     repetition, so every replayed instance creates and deletes its own container again;
//   - x-ms-date (and Date) are set to now, keeping a deliberate skew of the recording (a case
//     that sends a date 20 minutes old still does);
//   - the recorded Authorization is redacted, so each request is signed again with the target's
//     key (auth::sign_request), same scheme and same account name as recorded;
//   - a request that carried a SAS (its signature is redacted too) is sent with its SAS fields
//     removed and signed with Shared Key instead: the same operation, another authorization;
//   - copy ids, lease ids, ETags and snapshot times the replay gets back replace the recorded
//     ones in later requests of the instance (an abort names the copy the replay started);
//   - a step the harness polled (attempts > 1) waits for a condition on the server (a copy to
//     complete, a lease to expire): the replay sends it again every --poll-interval-ms (default
//     100) until it gets the recorded final answer (status, and x-ms-copy-status and
//     x-ms-lease-state when recorded), at most --poll-timeout-s (default 35) — the wait any client
//     needs, without the harness's backoff.
// What differs from the recording is counted and printed (statuses that differ, transport
// errors), so the reader can judge whether the replay did the same work.
//
//   bench_floor --results FILE --target CONNSTR [--repeat N] [--json FILE] [--quiet]
//               [--poll-interval-ms N] [--poll-timeout-s N] [--think-us N]
// --think-us N: busy-waits N microseconds before each request, like a client that computes
// between requests (for the notes: how a server's answer time depends on the client's pace).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/auth/account_key.h"
#include "harness/auth/shared_key.h"
#include "harness/report/results_reader.h"
#include "harness/target/connection_string.h"
#include "harness/transport/http_client.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"

using namespace blobconform;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Counters {
  size_t instances = 0;
  size_t recorded_exchanges = 0;  // exchanges in the results file
  size_t harness_requests = 0;    // what the harness sent (attempts of polled steps counted)
  size_t sent = 0;                // what this replay sent
  size_t same_status = 0;         // replayed status equals the recorded one
  size_t other_status = 0;
  size_t transport_errors = 0;
  size_t recorded_transport_errors = 0;
  size_t resigned_shared_key = 0;
  size_t resigned_shared_key_lite = 0;
  size_t sas_as_shared_key = 0;  // a SAS request re-signed with Shared Key
  size_t unsigned_requests = 0;  // no Authorization and no SAS in the recording (anonymous)
  size_t sign_failures = 0;      // Shared Key could not sign it (odd headers): sent unsigned
  size_t raw_in_recording = 0;   // exchanges the harness sent through its raw writer (fresh connection)
  size_t polled_steps = 0;       // exchanges the harness polled (attempts > 1)
  size_t poll_sends = 0;         // what the replay sent for them
  size_t poll_unmet = 0;         // polls that did not reach the recorded answer in time
  double poll_wait_ms = 0;       // time spent in them (sleeps included)
  std::map<std::string, size_t> status_changes;  // "409->202" -> count
};

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// SAS query fields (service and account SAS, response overrides included).
bool is_sas_field(const std::string& name) {
  static const std::set<std::string> fields = {"sv",   "ss",   "srt",  "sp",   "se",   "st",   "spr",  "sip",
                                               "sig",  "sr",   "si",   "ses",  "rscc", "rscd", "rsce", "rscl",
                                               "rsct", "skoid", "sktid", "skt",  "ske",  "sks",  "skv",  "sdd",
                                               "saoid", "suoid", "scid"};
  return fields.count(wire::to_lower(name)) > 0;
}

// Removes SAS fields from the target's query; true when there was a signature.
bool strip_sas(std::string& target) {
  auto q = target.find('?');
  if (q == std::string::npos) return false;
  std::string path = target.substr(0, q), query = target.substr(q + 1), kept;
  bool had_signature = false;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string field = query.substr(start, end - start);
    std::string name = field.substr(0, field.find('='));
    if (wire::iequals(name, "sig")) had_signature = true;
    if (!field.empty() && !is_sas_field(name)) kept += (kept.empty() ? "" : "&") + field;
    start = end + 1;
  }
  if (!had_signature) return false;
  target = kept.empty() ? path : path + "?" + kept;
  return true;
}

std::string random_hex(std::mt19937_64& rng, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) out += digits[rng() % 16];
  return out;
}

// "bc-6f3a9c21-0003" -> "bc-6f3a9c21-"; empty when the name has another shape.
std::string run_prefix(const std::string& container) {
  if (container.size() < 12 || container.compare(0, 3, "bc-") != 0 || container[11] != '-') return {};
  return container.substr(0, 12);
}

struct Replayer {
  transport::HttpClient* client;
  const auth::AccountKey* key;
  std::string host_header;
  std::chrono::milliseconds poll_interval{100};
  std::chrono::seconds poll_timeout{35};
  std::chrono::microseconds think{0};
  Counters counters;

  // The recorded final answer of a polled step: its status and the copy and lease states.
  static bool same_answer(const transport::Response& recorded, const transport::Response& now) {
    if (recorded.status != now.status) return false;
    for (const char* name : {"x-ms-copy-status", "x-ms-lease-state"}) {
      auto want = transport::find_header(recorded.headers, name);
      if (want && transport::find_header(now.headers, name) != want) return false;
    }
    return true;
  }

  // Every exchange of one instance, with the replay's container, dates, signatures and ids.
  void replay_instance(const run::InstanceResult& instance, const std::string& old_prefix, const std::string& new_prefix) {
    std::map<std::string, std::string> values;  // recorded value -> replayed value (ids, etags, snapshots)
    std::string old_host;  // the recording's Host, when the replay's target is elsewhere
    auto rewrite = [&](std::string text) {
      replace_all(text, old_prefix, new_prefix);
      if (!old_host.empty()) replace_all(text, old_host, host_header);
      for (const auto& [from, to] : values) {
        replace_all(text, from, to);
        std::string encoded_from = wire::percent_encode(from), encoded_to = wire::percent_encode(to);
        if (encoded_from != from) replace_all(text, encoded_from, encoded_to);
      }
      return text;
    };
    ++counters.instances;
    for (const auto& recorded : instance.exchanges) {
      const auto& e = recorded.exchange;
      if (e.request.method.empty()) continue;
      if (auto host = transport::find_header(e.request.headers, "Host"); host && *host != host_header) old_host = *host;
      ++counters.recorded_exchanges;
      if (e.raw) ++counters.raw_in_recording;
      if (!e.response) ++counters.recorded_transport_errors;
      int sends = recorded.phase == "retry" ? 1 : std::max(1, recorded.attempts);
      counters.harness_requests += sends;

      // The recorded skew of x-ms-date against the server's Date, kept when it is a deliberate one.
      std::chrono::seconds skew{0};
      if (e.response) {
        auto sent_date = transport::find_header(e.request.headers, "x-ms-date");
        auto server_date = transport::find_header(e.response->headers, "Date");
        if (sent_date && server_date) {
          auto a = wire::parse_rfc1123(*sent_date), b = wire::parse_rfc1123(*server_date);
          if (a && b) {
            auto d = std::chrono::duration_cast<std::chrono::seconds>(*a - *b);
            if (d.count() > 120 || d.count() < -120) skew = d;
          }
        }
      }

      transport::Request request;
      request.method = e.request.method;
      request.target = rewrite(e.request.target);
      request.body = rewrite(e.request.body);
      bool sas = strip_sas(request.target);
      std::string scheme, account;
      for (const auto& [name, value] : e.request.headers) {
        if (wire::iequals(name, "Authorization")) {
          auto v = std::string(wire::trim(value));
          auto space = v.find(' ');
          scheme = v.substr(0, space);
          if (space != std::string::npos) account = v.substr(space + 1, v.find(':', space) - space - 1);
          request.headers.emplace_back(name, value);  // replaced by sign_request
          continue;
        }
        request.headers.emplace_back(name, rewrite(value));
      }

      bool polled = recorded.phase != "retry" && recorded.attempts > 1 && e.response;
      auto poll_started = SteadyClock::now();
      if (polled) {
        ++counters.polled_steps;
        sends = 1 << 30;  // until the recorded answer comes, or the poll timeout
      }
      for (int i = 0; i < sends; ++i) {
        if (polled && i > 0) std::this_thread::sleep_for(poll_interval);
        auto now = wire::Clock::now() + skew;
        for (auto& [name, value] : request.headers) {
          if ((wire::iequals(name, "x-ms-date") || wire::iequals(name, "Date")) && wire::parse_rfc1123(value)) {
            value = wire::format_rfc1123(now);
          }
        }
        if (!scheme.empty() || sas) {
          auto kind = scheme == "SharedKeyLite" ? auth::SharedKeyScheme::SharedKeyLite : auth::SharedKeyScheme::SharedKey;
          auto signed_ok = auth::sign_request(request, *key, kind, sas ? "" : account, false);
          if (!signed_ok) {
            ++counters.sign_failures;
            std::erase_if(request.headers, [](const auto& h) { return wire::iequals(h.first, "Authorization"); });
          } else if (sas) {
            ++counters.sas_as_shared_key;
          } else if (kind == auth::SharedKeyScheme::SharedKeyLite) {
            ++counters.resigned_shared_key_lite;
          } else {
            ++counters.resigned_shared_key;
          }
        } else {
          ++counters.unsigned_requests;
        }
        if (think.count() > 0) {
          auto until = SteadyClock::now() + think;
          while (SteadyClock::now() < until) {
          }
        }
        auto exchange = client->send(request);
        ++counters.sent;
        if (polled) ++counters.poll_sends;
        if (polled) {
          bool done = exchange.response && same_answer(*e.response, *exchange.response);
          bool timed_out = SteadyClock::now() - poll_started >= poll_timeout;
          if (!done && !timed_out) continue;
          if (!done) ++counters.poll_unmet;
          counters.poll_wait_ms += std::chrono::duration<double, std::milli>(SteadyClock::now() - poll_started).count();
          sends = i + 1;  // this is the last one
        }
        if (!exchange.response) {
          ++counters.transport_errors;
          continue;
        }
        if (i + 1 < sends) continue;
        int was = e.response ? e.response->status : 0, is = exchange.response->status;
        if (was == is) {
          ++counters.same_status;
        } else {
          ++counters.other_status;
          ++counters.status_changes[std::to_string(was) + "->" + std::to_string(is) + " " + e.request.method];
        }
        if (e.response) {
          for (const char* name : {"x-ms-copy-id", "x-ms-lease-id", "ETag", "x-ms-snapshot"}) {
            auto old_value = transport::find_header(e.response->headers, name);
            auto new_value = transport::find_header(exchange.response->headers, name);
            if (old_value && new_value && old_value->size() >= 8 && *old_value != *new_value) {
              values[*old_value] = *new_value;
            }
          }
        }
      }
    }
  }
};

int usage() {
  std::cerr << "usage: bench_floor --results FILE --target CONNSTR [--repeat N] [--json FILE] [--quiet]\n"
               "                   [--poll-interval-ms N] [--poll-timeout-s N] [--think-us N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string results_file, connection_string, json_file;
  int repeat = 1;
  bool quiet = false;
  int poll_interval_ms = 100, poll_timeout_s = 35, think_us = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--results") results_file = next();
    else if (a == "--target") connection_string = next();
    else if (a == "--repeat") repeat = std::atoi(next().c_str());
    else if (a == "--json") json_file = next();
    else if (a == "--quiet") quiet = true;
    else if (a == "--poll-interval-ms") poll_interval_ms = std::atoi(next().c_str());
    else if (a == "--poll-timeout-s") poll_timeout_s = std::atoi(next().c_str());
    else if (a == "--think-us") think_us = std::atoi(next().c_str());
    else return usage();
  }
  if (results_file.empty() || connection_string.empty() || repeat < 1) return usage();

  auto record = report::read_results_json(results_file);
  if (!record) {
    std::cerr << "error: " << record.error().message << "\n";
    return 2;
  }
  auto target = target::parse_connection_string(connection_string);
  if (!target) {
    std::cerr << "error: --target: " << target.error().message << "\n";
    return 2;
  }
  auto key = auth::make_account_key(target->account, target->key);
  if (!key) {
    std::cerr << "error: --target: " << key.error().message << "\n";
    return 2;
  }
  std::string host_header = target->endpoint.host + ":" + std::to_string(target->endpoint.port);

  std::mt19937_64 rng(std::random_device{}());
  std::vector<double> samples_ms;
  std::vector<std::vector<double>> per_instance_ms;  // per repetition, per instance
  Counters first;
  for (int rep = 0; rep < repeat; ++rep) {
    transport::HttpClient client(target->endpoint, transport::TlsOptions{}, transport::Timeouts{});
    Replayer replayer{&client, &*key, host_header, std::chrono::milliseconds(poll_interval_ms),
                      std::chrono::seconds(poll_timeout_s), std::chrono::microseconds(think_us), {}};
    std::string new_prefix = "bc-" + random_hex(rng, 8) + "-";
    std::vector<double> instance_ms;
    auto began = SteadyClock::now();
    for (const auto& instance : record->results) {
      std::string old_prefix = run_prefix(instance.container);
      auto t0 = SteadyClock::now();
      replayer.replay_instance(instance, old_prefix.empty() ? instance.container : old_prefix,
                               old_prefix.empty() ? instance.container : new_prefix);
      instance_ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t0).count());
    }
    double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - began).count();
    samples_ms.push_back(ms);
    per_instance_ms.push_back(std::move(instance_ms));
    if (rep == 0) first = replayer.counters;
    if (!quiet) {
      std::cerr << "replay " << rep + 1 << "/" << repeat << ": " << replayer.counters.sent << " requests in " << ms
                << " ms (" << replayer.counters.same_status << " same status, " << replayer.counters.other_status
                << " other, " << replayer.counters.transport_errors << " transport errors)\n";
    }
  }

  nlohmann::json out;
  out["results_file"] = results_file;
  out["target"] = target->describe();
  out["instances"] = first.instances;
  out["recorded_exchanges"] = first.recorded_exchanges;
  out["harness_requests"] = first.harness_requests;
  out["sent"] = first.sent;
  out["same_status"] = first.same_status;
  out["other_status"] = first.other_status;
  out["status_changes"] = first.status_changes;
  out["transport_errors"] = first.transport_errors;
  out["recorded_transport_errors"] = first.recorded_transport_errors;
  out["resigned_shared_key"] = first.resigned_shared_key;
  out["resigned_shared_key_lite"] = first.resigned_shared_key_lite;
  out["sas_as_shared_key"] = first.sas_as_shared_key;
  out["unsigned"] = first.unsigned_requests;
  out["sign_failures"] = first.sign_failures;
  out["raw_in_recording"] = first.raw_in_recording;
  out["polled_steps"] = first.polled_steps;
  out["poll_sends"] = first.poll_sends;
  out["poll_unmet"] = first.poll_unmet;
  out["poll_wait_ms"] = first.poll_wait_ms;
  out["poll_interval_ms"] = poll_interval_ms;
  out["think_us"] = think_us;
  out["samples_ms"] = samples_ms;
  out["per_instance_ms"] = per_instance_ms;
  if (!json_file.empty()) {
    std::ofstream file(json_file);
    file << out.dump(1) << "\n";
    if (!file) {
      std::cerr << "error: cannot write " << json_file << "\n";
      return 2;
    }
  }
  std::cout << "floor: " << first.sent << " requests (" << first.recorded_exchanges << " recorded exchanges, "
            << first.harness_requests << " sent by the harness), samples ms:";
  for (double s : samples_ms) std::printf(" %.1f", s);
  std::cout << "\n";
  return first.transport_errors == first.sent ? 3 : 0;
}
