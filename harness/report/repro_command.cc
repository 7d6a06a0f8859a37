#include "harness/report/repro_command.h"

#include <cctype>

namespace blobconform::report {
namespace {

bool shell_safe(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '=' || c == '@' ||
         c == '%' || c == '+' || c == ',';
}

std::string shell_word(const std::string& text) {
  bool safe = !text.empty();
  for (unsigned char c : text) safe = safe && shell_safe(c);
  if (safe) return text;
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string repro_command(const std::string& results_json, const std::string& instance_id) {
  return "blobconform repro " + shell_word(results_json.empty() ? kDefaultResultsJson : results_json) + " " +
         shell_word(instance_id);
}

}  // namespace blobconform::report
