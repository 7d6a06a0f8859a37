#include "harness/report/results_json.h"

#include <fstream>
#include <utility>

namespace blobconform::report {
namespace {

using nlohmann::json;

json headers_json(const transport::HeaderList& headers) {
  json out = json::array();
  for (const auto& [name, value] : headers) out.push_back({name, value});
  return out;
}

json exchange_json(const run::RecordedExchange& recorded) {
  const auto& e = recorded.exchange;
  json out = {{"phase", recorded.phase},
              {"step", recorded.pointer},
              {"attempts", recorded.attempts},
              {"raw", e.raw},
              {"elapsed_ms", e.elapsed.count()},
              {"request",
               {{"method", e.request.method},
                {"target", e.request.target},
                {"headers", headers_json(e.request.headers)},
                {"body", e.request.body}}}};
  if (e.request.http_version != "HTTP/1.1") out["request"]["http_version"] = e.request.http_version;
  if (e.request.endpoint) out["request"]["origin"] = transport::origin(*e.request.endpoint);
  if (e.response) {
    out["response"] = {{"status", e.response->status},
                       {"reason", e.response->reason},
                       {"http_version", e.response->http_version},
                       {"headers", headers_json(e.response->headers)},
                       {"body", e.response->body}};
  } else {
    out["response"] = nullptr;
    out["error"] = e.transport_error;
  }
  return out;
}

}  // namespace

// Lists built here are moved into their parents (an initializer list copies what it is given).
json instance_json(const run::InstanceResult& r) {
  json mismatches = json::array();
  for (const auto& m : r.mismatches) mismatches.push_back({{"field", m.field}, {"expected", m.expected}, {"actual", m.actual}});
  json exchanges = json::array();
  for (const auto& e : r.exchanges) exchanges.push_back(exchange_json(e));
  return {{"id", r.id},
          {"case", r.case_id},
          {"group", r.group},
          {"file", r.file},
          {"description", r.description},
          {"level", r.level},
          {"tags", r.tags},
          {"spec_url", r.spec_url},
          {"requirement", r.requirement},
          {"version", r.version},
          {"container", r.container},
          {"result", run::result_name(r.result)},
          {"reason", r.reason},
          {"expected", r.expected},
          {"actual", r.actual},
          {"mismatches", std::move(mismatches)},
          {"duration_ms", r.duration.count()},
          {"exchanges", std::move(exchanges)}};
}

namespace {

// Everything but the instances.
json run_json(const RunRecord& record) {
  json counts = json::object();
  for (auto kind : {run::ResultKind::Pass, run::ResultKind::Fail, run::ResultKind::NonStrict, run::ResultKind::Info,
                    run::ResultKind::Skip, run::ResultKind::Inconclusive, run::ResultKind::Error}) {
    counts[run::result_name(kind)] = 0;
  }
  for (const auto& [kind, n] : count_results(record.results)) counts[run::result_name(kind)] = n;
  return {{"format", kResultsFormat},
          {"harness", {{"name", "blobconform"}, {"version", record.harness_version}}},
          {"run_id", record.run_id},
          {"started", record.started},
          {"finished", record.finished},
          {"duration_ms", record.duration.count()},
          {"target", {{"endpoint", record.target}, {"server", record.target_server}}},
          {"latest_version", record.latest_version},
          {"case_dirs", record.case_dirs},
          {"selection", {{"filters", record.filters}, {"tags", record.tags}}},
          {"strict", record.strict},
          {"baseline", record.baseline_file},
          {"invocation", {{"program", record.program}, {"target_argument", record.target_argument}}},
          {"stopped_early", record.stopped_early},
          {"counts", std::move(counts)}};
}

json recorded_instance_json(const RunRecord& record, const run::InstanceResult& r) {
  json out = instance_json(r);
  auto known = record.known_deviations.find(r.id);
  if (known != record.known_deviations.end()) out["baseline_reason"] = known->second;
  return out;
}

// Bodies may hold bytes that are not UTF-8: replace them rather than fail.
std::string dumped(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string instance_text(const run::InstanceResult& result) { return dumped(instance_json(result), -1); }

json results_json(const RunRecord& record) {
  json out = run_json(record);
  json instances = json::array();
  for (const auto& r : record.results) instances.push_back(recorded_instance_json(record, r));
  out["instances"] = std::move(instances);
  return out;
}

// Written as it is made: the run's fields indented, then "instances" with one instance a line
// (each line as events.ndjson has it), so that no tree of the whole run is built.
Result<void> write_results_json(const RunRecord& record, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return fail("cannot write " + path);
  std::string head = dumped(run_json(record), 2);
  head.pop_back();  // the closing brace
  while (!head.empty() && head.back() == '\n') head.pop_back();
  out << head << ",\n  \"instances\": [";
  const char* separator = "\n    ";
  for (const auto& r : record.results) {
    auto kept = record.instance_texts.find(r.id);
    std::string text = kept != record.instance_texts.end() ? kept->second : instance_text(r);
    if (auto known = record.known_deviations.find(r.id); known != record.known_deviations.end()) {
      text.pop_back();  // the closing brace
      text += ",\"baseline_reason\":" + dumped(json(known->second), -1) + "}";
    }
    out << separator << text;
    separator = ",\n    ";
  }
  out << (record.results.empty() ? "]\n}\n" : "\n  ]\n}\n");
  if (!out) return fail("cannot write " + path);
  return {};
}

}  // namespace blobconform::report
