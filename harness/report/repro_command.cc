#include "harness/report/repro_command.h"

#include <cctype>

namespace blobconform::report {
namespace {

bool shell_safe(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '=' || c == '@' ||
         c == '%' || c == '+' || c == ',';
}

}  // namespace

std::string shell_word(const std::string& text) {
  bool safe = !text.empty();
  for (unsigned char c : text) safe = safe && shell_safe(c);
  if (safe) return text;
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string repro_command(const RunRecord& record, const std::string& results_json, const std::string& instance_id) {
  std::string line = shell_word(record.program.empty() ? "blobconform" : record.program) + " repro " +
                     shell_word(results_json.empty() ? kDefaultResultsJson : results_json) + " " + shell_word(instance_id);
  return record.target_argument.empty() ? line : line + " " + record.target_argument;
}

std::string curl_command(const transport::Request& request, const std::string& origin) {
  // A word in double quotes that expands only the one variable put in place of "REDACTED".
  auto with_variable = [](const std::string& text, const std::string& marker, const std::string& variable) {
    std::string out = "\"";
    for (size_t at = 0; at < text.size();) {
      if (text.compare(at, marker.size(), marker) == 0) {
        out += "${" + variable + "}";
        at += marker.size();
        continue;
      }
      char c = text[at++];
      if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::string url = (request.endpoint ? transport::origin(*request.endpoint) : origin) + request.target;
  std::string line = "curl -i" + std::string(request.http_version == "HTTP/1.0" ? " --http1.0" : "") + " -X " +
                     shell_word(request.method) + " ";
  line += url.find("REDACTED") != std::string::npos ? with_variable(url, "REDACTED", "SIG") : shell_word(url);
  for (const auto& [name, value] : request.headers) {
    if (name == "Host") continue;  // curl sends the URL's
    std::string header = name + ": " + value;
    bool redacted = header.find("REDACTED") != std::string::npos;
    line += " -H " + (redacted ? with_variable(header, "REDACTED", "SIGNATURE") : shell_word(header));
  }
  if (!request.body.empty()) line += " --data-binary " + shell_word(request.body);
  return line;
}

}  // namespace blobconform::report
