#include "harness/report/run_record.h"

namespace blobconform::report {
namespace {

constexpr size_t kMaxBodyShown = 2048;

std::string printable(const std::string& body) {
  std::string out;
  for (unsigned char c : body.substr(0, kMaxBodyShown)) {
    if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7F)) out += static_cast<char>(c);
    else if (c == '\r') continue;
    else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  if (body.size() > kMaxBodyShown) out += "\n… (" + std::to_string(body.size()) + " bytes in all)";
  return out;
}

}  // namespace

std::map<run::ResultKind, size_t> count_results(const std::vector<run::InstanceResult>& results) {
  std::map<run::ResultKind, size_t> counts;
  for (const auto& r : results) ++counts[r.result];
  return counts;
}

std::string format_exchange(const run::RecordedExchange& recorded) {
  const auto& exchange = recorded.exchange;
  std::string text = exchange.request.method + " " + exchange.request.target + " " + exchange.request.http_version +
                     (exchange.raw ? "   [raw writer]" : "") +
                     (exchange.request.endpoint ? "   [to " + transport::origin(*exchange.request.endpoint) + "]" : "") + "\n";
  for (const auto& [name, value] : exchange.request.headers) text += name + ": " + value + "\n";
  if (!exchange.request.body.empty()) text += "\n" + printable(exchange.request.body) + "\n";
  if (!exchange.response) {
    text += "=> no response: " + exchange.transport_error + "\n";
    return text;
  }
  const auto& response = *exchange.response;
  text += "=> " + (response.http_version.empty() ? std::string("HTTP/1.1") : response.http_version) + " " +
          std::to_string(response.status) + " " + response.reason + "\n";
  for (const auto& [name, value] : response.headers) text += name + ": " + value + "\n";
  if (!response.body.empty()) text += "\n" + printable(response.body) + "\n";
  return text;
}

std::string format_failure(const run::InstanceResult& result) {
  std::string text;
  if (!result.requirement.empty()) text += "Requirement: " + result.requirement + "\n";
  if (!result.spec_url.empty()) text += "Spec: " + result.spec_url + "\n";
  text += "Reason: " + result.reason + "\n";
  if (!result.expected.empty()) text += "Expected: " + result.expected + "\n";
  if (!result.actual.empty()) text += "Actual: " + result.actual + "\n";
  for (const auto& m : result.mismatches) text += "  - " + m.field + ": expected " + m.expected + ", got " + m.actual + "\n";
  for (const auto& recorded : result.exchanges) {
    if (recorded.phase != "request") continue;
    text += "Request as sent:\n" + format_exchange(recorded);
  }
  return text;
}

}  // namespace blobconform::report
