#include "harness/report/results_json.h"

#include <fstream>

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
          {"mismatches", mismatches},
          {"duration_ms", r.duration.count()},
          {"exchanges", exchanges}};
}

json results_json(const RunRecord& record) {
  json counts = json::object();
  for (auto kind : {run::ResultKind::Pass, run::ResultKind::Fail, run::ResultKind::NonStrict, run::ResultKind::Info,
                    run::ResultKind::Skip, run::ResultKind::Inconclusive, run::ResultKind::Error}) {
    counts[run::result_name(kind)] = 0;
  }
  for (const auto& [kind, n] : count_results(record.results)) counts[run::result_name(kind)] = n;
  json instances = json::array();
  for (const auto& r : record.results) {
    instances.push_back(instance_json(r));
    auto known = record.known_deviations.find(r.id);
    if (known != record.known_deviations.end()) instances.back()["baseline_reason"] = known->second;
  }
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
          {"stopped_early", record.stopped_early},
          {"counts", counts},
          {"instances", instances}};
}

Result<bool> write_results_json(const RunRecord& record, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return fail("cannot write " + path);
  // Bodies may hold bytes that are not UTF-8: replace them rather than fail.
  out << results_json(record).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  if (!out) return fail("cannot write " + path);
  return true;
}

}  // namespace blobconform::report
