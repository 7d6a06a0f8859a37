#include "harness/run/runner.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include "harness/cases/variables.h"
#include "harness/wire/http_date.h"

namespace blobconform::run {

void InFlight::add(const std::string& id, const std::string& container) {
  std::lock_guard lock(mutex_);
  entries_.push_back({id, container});
}

void InFlight::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const Entry& e) { return e.id == id; });
}

std::vector<InFlight::Entry> InFlight::snapshot() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

RunIdentity new_run_identity() {
  std::string random = cases::new_uuid_v4().substr(0, 8);
  std::string stamp = wire::format_iso8601(wire::Clock::now());  // 2026-11-24T06:19:50Z
  std::string compact;
  for (char c : stamp)
    if (c >= '0' && c <= '9') compact += c;
  return {compact.substr(0, 8) + "-" + compact.substr(8, 6) + "-" + random, "bc-" + random + "-"};
}

std::string container_name(const std::string& prefix, size_t index) {
  char number[24];
  std::snprintf(number, sizeof number, "%04zu", index);
  std::string name = prefix + number;
  return name.size() > 63 ? name.substr(0, 63) : name;
}

RunOutcome run_instances(const std::vector<Instance>& instances, const cases::Catalog& catalog,
                         const TargetContext& target, const Fixtures& fixtures, const RunOptions& options) {
  std::vector<std::optional<InstanceResult>> slots(instances.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> stopped{false};
  std::mutex report_mutex;
  size_t done = 0, unanswered_in_a_row = 0;

  const auto began = std::chrono::steady_clock::now();
  std::mutex reason_mutex;
  std::string stop_reason;
  auto stop_for = [&](std::string why) {
    std::lock_guard<std::mutex> lock(reason_mutex);
    if (stop_reason.empty()) stop_reason = std::move(why);
    stopped = true;
  };
  auto worker = [&]() {
    transport::HttpClient client(target.target->endpoint, options.tls, options.timeouts);
    for (;;) {
      // Every instance has started: nothing is left to stop, whatever a budget says now.
      if (next.load() >= instances.size() || stopped.load()) return;
      if (options.stop && options.stop->load()) return stop_for("stopped by a signal");
      if (options.failed_fast && options.failed_fast->load()) return stop_for("--fail-fast: an instance needs attention");
      if (options.budget && options.budget->exhausted) return stop_for(options.budget->why());
      if (options.max_duration.count() && std::chrono::steady_clock::now() - began >= options.max_duration) {
        return stop_for("the --max-duration budget (" + std::to_string(options.max_duration.count()) + " s) was reached");
      }
      size_t index = next.fetch_add(1);
      if (index >= instances.size()) return;
      InstanceContext context;
      context.catalog = &catalog;
      context.target = &target;
      context.fixtures = &fixtures;
      context.client = &client;
      context.container = container_name(options.container_prefix, index);
      context.keep = options.keep;
      context.cleanup_version = options.cleanup_version;
      context.run_id = options.run_id;
      context.budget = options.budget;
      context.case_timeout = options.case_timeout;
      if (options.in_flight) options.in_flight->add(instances[index].id, context.container);
      InstanceResult result = execute_instance(instances[index], context);
      if (options.in_flight) options.in_flight->remove(instances[index].id);
      std::lock_guard<std::mutex> lock(report_mutex);
      // An instance that sent nothing (a SKIP) says nothing about the target: the count goes on.
      bool answered = std::any_of(result.exchanges.begin(), result.exchanges.end(),
                                  [](const RecordedExchange& e) { return e.exchange.response.has_value(); });
      if (!result.exchanges.empty()) {
        unanswered_in_a_row = result.result == ResultKind::Error && !answered ? unanswered_in_a_row + 1 : 0;
      }
      if (unanswered_in_a_row == kUnansweredInARow) {
        stop_for("the target gave no answer to " + std::to_string(kUnansweredInARow) + " instances in a row (last: " +
                 result.exchanges.back().exchange.transport_error + ")");
      }
      ++done;
      if (options.on_result) options.on_result(result, done, instances.size());
      slots[index] = std::move(result);
    }
  };

  int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(std::max<size_t>(instances.size(), 1))));
  std::vector<std::thread> threads;
  for (int i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();

  RunOutcome outcome;
  outcome.stopped_early = stopped.load();
  outcome.stop_reason = stop_reason;
  for (auto& slot : slots)
    if (slot) outcome.results.push_back(std::move(*slot));
  return outcome;
}

}  // namespace blobconform::run
