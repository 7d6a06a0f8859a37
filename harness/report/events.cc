#include "harness/report/events.h"

#include "harness/report/results_json.h"

namespace blobconform::report {
namespace {

void write_line(std::ofstream& out, const nlohmann::json& line) {
  out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  out.flush();
}

}  // namespace

Result<void> EventLog::open(const std::string& path, const RunRecord& record, size_t total) {
  out_.open(path, std::ios::binary);
  if (!out_) return fail("cannot write " + path);
  write_line(out_, {{"event", "start"}, {"run_id", record.run_id}, {"started", record.started},
                    {"target", {{"endpoint", record.target}, {"server", record.target_server}}}, {"total", total}});
  return {};
}

void EventLog::instance(const run::InstanceResult& result, size_t done, size_t total) {
  if (!out_.is_open()) return;
  std::string text = instance_text(result);  // "{...}", never "{}": an instance has an id
  out_ << "{\"event\":\"instance\",\"done\":" << done << ",\"total\":" << total << "," << text.substr(1) << "\n";
  out_.flush();
  texts_[result.id] = std::move(text);
}

std::map<std::string, std::string> EventLog::take_instance_texts() { return std::move(texts_); }

void EventLog::finish(const RunRecord& record) {
  if (!out_.is_open()) return;
  nlohmann::json counts = nlohmann::json::object();
  for (const auto& [kind, n] : count_results(record.results)) counts[run::result_name(kind)] = n;
  write_line(out_, {{"event", "finish"}, {"finished", record.finished}, {"duration_ms", record.duration.count()},
                    {"stopped_early", record.stopped_early}, {"counts", counts}});
}

}  // namespace blobconform::report
