#include "harness/auth/sas_fields.h"

#include "harness/auth/service_version.h"
#include "harness/wire/encoding.h"

namespace blobconform::auth {

Result<std::string> check_sas_version(std::string_view field, std::string_view version, std::string_view oldest) {
  if (!is_service_version(version)) return fail(std::string(field) + ": '" + std::string(version) + "' is not YYYY-MM-DD");
  if (!version_at_least(version, oldest)) {
    return fail(std::string(field) + ": " + std::string(version) + " is before " + std::string(oldest) +
                ", the first version with this kind of SAS");
  }
  return std::string(version);
}

Result<std::string> check_single_line(std::string_view field, std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) return fail(std::string(field) + ": contains a line break");
  return std::string(value);
}

Result<std::string> check_letters(std::string_view field, std::string_view value, std::string_view allowed,
                                  std::string_view what) {
  for (char c : value) {
    if (allowed.find(c) == std::string_view::npos) {
      return fail(std::string(field) + ": letter '" + std::string(1, c) + "' is not allowed " + std::string(what) +
                  " (allowed: " + std::string(allowed) + ")");
    }
  }
  return std::string(value);
}

void append_parameter(std::string& token, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  if (!token.empty()) token += "&";
  token += std::string(name) + "=" + wire::percent_encode(value);
}

}  // namespace blobconform::auth
