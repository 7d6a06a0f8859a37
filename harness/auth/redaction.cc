#include "harness/auth/redaction.h"

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

constexpr std::string_view kRedacted = "REDACTED";

bool is_sig_name(std::string_view raw_name) {
  auto decoded = wire::percent_decode(raw_name);
  return wire::iequals(decoded ? std::string_view(*decoded) : raw_name, "sig");
}

}  // namespace

std::string redact_sas(std::string_view target_or_url) {
  auto mark = target_or_url.find('?');
  size_t query_start = mark == std::string_view::npos ? 0 : mark + 1;
  std::string out(target_or_url.substr(0, query_start));
  size_t at = query_start;
  while (at <= target_or_url.size()) {
    size_t end = target_or_url.find_first_of("&#", at);
    if (end == std::string_view::npos) end = target_or_url.size();
    std::string_view segment = target_or_url.substr(at, end - at);
    auto eq = segment.find('=');
    if (eq != std::string_view::npos && is_sig_name(segment.substr(0, eq))) {
      out += std::string(segment.substr(0, eq + 1)) + std::string(kRedacted);
    } else {
      out += segment;
    }
    if (end == target_or_url.size()) break;
    if (target_or_url[end] == '#') {  // a fragment: no more parameters
      out += target_or_url.substr(end);
      break;
    }
    out += '&';
    at = end + 1;
  }
  return out;
}

std::string redact_authorization(std::string_view authorization_value) {
  std::string_view value = wire::trim(authorization_value);
  if (value.empty()) return std::string(authorization_value);
  auto space = value.find_first_of(" \t");
  if (space == std::string_view::npos) return std::string(kRedacted);
  std::string_view scheme = value.substr(0, space);
  std::string_view credentials = wire::trim(value.substr(space));
  auto colon = credentials.find(':');
  if (colon == std::string_view::npos) return std::string(scheme) + " " + std::string(kRedacted);
  return std::string(scheme) + " " + std::string(credentials.substr(0, colon + 1)) + std::string(kRedacted);
}

}  // namespace blobconform::auth
