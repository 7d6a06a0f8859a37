#include "harness/report/results_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/report/results_json.h"
#include "harness/target/connection_string.h"

namespace blobconform::report {
namespace {

using nlohmann::json;

// Typed reads that remember the first problem (file and pointer) instead of throwing.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  std::string text(const json& j, const char* key, const std::string& at) {
    auto found = j.find(key);
    if (found == j.end() || found->is_null()) return {};
    if (!found->is_string()) return bad(at + "/" + key, "must be a string"), std::string();
    return found->get<std::string>();
  }
  int64_t number(const json& j, const char* key, const std::string& at) {
    auto found = j.find(key);
    if (found == j.end()) return 0;
    if (!found->is_number_integer()) return bad(at + "/" + key, "must be a whole number"), 0;
    return found->get<int64_t>();
  }
  bool flag(const json& j, const char* key, const std::string& at) {
    auto found = j.find(key);
    if (found == j.end()) return false;
    if (!found->is_boolean()) return bad(at + "/" + key, "must be true or false"), false;
    return found->get<bool>();
  }
  std::vector<std::string> strings(const json& j, const char* key, const std::string& at) {
    std::vector<std::string> out;
    auto found = j.find(key);
    if (found == j.end()) return out;
    if (!found->is_array()) return bad(at + "/" + key, "must be an array"), out;
    for (size_t i = 0; i < found->size(); ++i) {
      if (!(*found)[i].is_string()) return bad(at + "/" + key + "/" + std::to_string(i), "must be a string"), out;
      out.push_back((*found)[i].get<std::string>());
    }
    return out;
  }
  transport::HeaderList headers(const json& j, const std::string& at) {
    transport::HeaderList out;
    auto found = j.find("headers");
    if (found == j.end()) return out;
    for (size_t i = 0; found->is_array() && i < found->size(); ++i) {
      const auto& pair = (*found)[i];
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        return bad(at + "/headers/" + std::to_string(i), "must be [name, value]"), out;
      }
      out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
    return out;
  }
  void bad(const std::string& pointer, const std::string& reason) {
    if (error_.empty()) error_ = file_ + ": " + pointer + ": " + reason;
  }
  const std::string& error() const { return error_; }

 private:
  std::string file_, error_;
};

run::RecordedExchange read_exchange(Reader& r, const json& j, const std::string& at) {
  run::RecordedExchange out;
  out.phase = r.text(j, "phase", at);
  out.pointer = r.text(j, "step", at);
  out.attempts = static_cast<int>(r.number(j, "attempts", at));
  auto& e = out.exchange;
  e.raw = r.flag(j, "raw", at);
  e.elapsed = std::chrono::milliseconds(r.number(j, "elapsed_ms", at));
  if (j.contains("request") && j["request"].is_object()) {
    const auto& q = j["request"];
    e.request.method = r.text(q, "method", at + "/request");
    e.request.target = r.text(q, "target", at + "/request");
    e.request.headers = r.headers(q, at + "/request");
    e.request.body = r.text(q, "body", at + "/request");
    if (q.contains("http_version")) e.request.http_version = r.text(q, "http_version", at + "/request");
    if (q.contains("origin")) {
      auto origin = target::parse_http_endpoint(r.text(q, "origin", at + "/request"));
      if (origin) e.request.endpoint = *origin;
      else r.bad(at + "/request/origin", origin.error().message);
    }
  }
  if (j.contains("response") && j["response"].is_object()) {
    const auto& p = j["response"];
    transport::Response response;
    response.status = static_cast<int>(r.number(p, "status", at + "/response"));
    response.reason = r.text(p, "reason", at + "/response");
    response.http_version = r.text(p, "http_version", at + "/response");
    response.headers = r.headers(p, at + "/response");
    response.body = r.text(p, "body", at + "/response");
    e.response = std::move(response);
  }
  e.transport_error = r.text(j, "error", at);
  return out;
}

}  // namespace

Result<RunRecord> read_results_json(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(path + ": cannot read: " + ec.message());
  if (size > kMaxResultsFileBytes) return fail(path + ": larger than " + std::to_string(kMaxResultsFileBytes) + " bytes");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return parse_results_json(text.str(), path);
}

Result<RunRecord> parse_results_json(std::string_view text, const std::string& path) {
  if (text.size() > kMaxResultsFileBytes) return fail(path + ": larger than " + std::to_string(kMaxResultsFileBytes) + " bytes");
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(path + ": not a JSON object");
  Reader r(path);
  if (r.number(j, "format", "") != kResultsFormat) return fail(path + ": /format: not a results file of format " + std::to_string(kResultsFormat));
  RunRecord record;
  if (j.contains("harness") && j["harness"].is_object()) record.harness_version = r.text(j["harness"], "version", "/harness");
  record.run_id = r.text(j, "run_id", "");
  record.started = r.text(j, "started", "");
  record.finished = r.text(j, "finished", "");
  record.duration = std::chrono::milliseconds(r.number(j, "duration_ms", ""));
  if (j.contains("target") && j["target"].is_object()) {
    record.target = r.text(j["target"], "endpoint", "/target");
    record.target_server = r.text(j["target"], "server", "/target");
  }
  record.latest_version = r.text(j, "latest_version", "");
  record.case_dirs = r.strings(j, "case_dirs", "");
  if (j.contains("selection") && j["selection"].is_object()) {
    record.filters = r.strings(j["selection"], "filters", "/selection");
    record.tags = r.strings(j["selection"], "tags", "/selection");
  }
  record.strict = r.flag(j, "strict", "");
  record.baseline_file = r.text(j, "baseline", "");
  if (j.contains("invocation") && j["invocation"].is_object()) {
    if (auto program = r.text(j["invocation"], "program", "/invocation"); !program.empty()) record.program = program;
    record.target_argument = r.text(j["invocation"], "target_argument", "/invocation");
  }
  record.stopped_early = r.flag(j, "stopped_early", "");
  auto instances = j.find("instances");
  if (instances == j.end() || !instances->is_array()) return fail(path + ": /instances: missing or not an array");
  for (size_t i = 0; i < instances->size(); ++i) {
    const json& x = (*instances)[i];
    std::string at = "/instances/" + std::to_string(i);
    if (!x.is_object()) return fail(path + ": " + at + ": must be an object");
    run::InstanceResult result;
    result.id = r.text(x, "id", at);
    result.case_id = r.text(x, "case", at);
    result.group = r.text(x, "group", at);
    result.file = r.text(x, "file", at);
    result.description = r.text(x, "description", at);
    result.level = r.text(x, "level", at);
    result.tags = r.strings(x, "tags", at);
    result.spec_url = r.text(x, "spec_url", at);
    result.requirement = r.text(x, "requirement", at);
    result.version = r.text(x, "version", at);
    result.container = r.text(x, "container", at);
    std::string kind = r.text(x, "result", at);
    if (!r.error().empty()) return fail(r.error());
    if (!run::parse_result_name(kind, result.result)) return fail(path + ": " + at + "/result: unknown result \"" + kind + "\"");
    result.reason = r.text(x, "reason", at);
    result.expected = r.text(x, "expected", at);
    result.actual = r.text(x, "actual", at);
    if (x.contains("mismatches") && x["mismatches"].is_array()) {
      for (size_t k = 0; k < x["mismatches"].size(); ++k) {
        const json& m = x["mismatches"][k];
        std::string mat = at + "/mismatches/" + std::to_string(k);
        result.mismatches.push_back({r.text(m, "field", mat), r.text(m, "expected", mat), r.text(m, "actual", mat)});
      }
    }
    result.duration = std::chrono::milliseconds(r.number(x, "duration_ms", at));
    if (x.contains("exchanges") && x["exchanges"].is_array()) {
      for (size_t k = 0; k < x["exchanges"].size(); ++k) {
        result.exchanges.push_back(read_exchange(r, x["exchanges"][k], at + "/exchanges/" + std::to_string(k)));
      }
    }
    if (auto reason = r.text(x, "baseline_reason", at); !reason.empty()) record.known_deviations[result.id] = reason;
    if (result.id.empty()) return fail(path + ": " + at + "/id: missing");
    record.results.push_back(std::move(result));
  }
  if (!r.error().empty()) return fail(r.error());
  return record;
}

}  // namespace blobconform::report
