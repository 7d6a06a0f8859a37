#include "harness/auth/shared_key.h"

#include <algorithm>
#include <optional>

#include "harness/auth/canonicalized_headers.h"
#include "harness/auth/canonicalized_resource.h"
#include "harness/auth/hmac.h"
#include "harness/auth/service_version.h"
#include "harness/auth/signature_tamper.h"
#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

constexpr std::string_view kNewestRules = "9999-12-31";

// Value of a header matched case-insensitively, trimmed; repeated fields joined with ",".
std::optional<std::string> header_value(const transport::HeaderList& headers, std::string_view name) {
  std::optional<std::string> out;
  for (const auto& [field, value] : headers) {
    if (!wire::iequals(wire::trim(field), name)) continue;
    std::string trimmed(wire::trim(value));
    out = out ? *out + "," + trimmed : trimmed;
  }
  return out;
}

std::string line(const transport::HeaderList& headers, std::string_view name) {
  return header_value(headers, name).value_or("") + "\n";
}

// The version whose rules apply: the request's x-ms-version if well-formed, else the newest.
std::string rules_version(const transport::HeaderList& headers) {
  auto version = header_value(headers, "x-ms-version");
  if (version && is_service_version(*version)) return *version;
  return std::string(kNewestRules);
}

std::string date_line(const transport::HeaderList& headers) {
  if (header_value(headers, "x-ms-date")) return "\n";
  return line(headers, "Date");
}

Result<std::string> check_method(std::string_view method) {
  if (method.empty()) return fail("method: must not be empty");
  for (char c : method) {
    if (c <= ' ' || c == 0x7f) return fail("method: contains a space or control character");
  }
  return std::string(method);
}

}  // namespace

Result<std::string> shared_key_string_to_sign(std::string_view method, std::string_view target,
                                              const transport::HeaderList& headers, std::string_view account,
                                              HeaderOrder order, bool by_version) {
  std::string version = rules_version(headers);
  if (by_version && !version_at_least(version, "2009-09-19")) {
    return shared_key_lite_string_to_sign(method, target, headers, account, order);
  }
  auto verb = check_method(method);
  if (!verb) return verb.error();
  auto resource = canonicalized_resource(account, target);
  if (!resource) return resource.error();
  std::string content_length = header_value(headers, "Content-Length").value_or("");
  if (content_length == "0" && version_at_least(version, "2015-02-21")) content_length.clear();
  std::string out = *verb + "\n";
  out += line(headers, "Content-Encoding");
  out += line(headers, "Content-Language");
  out += content_length + "\n";
  out += line(headers, "Content-MD5");
  out += line(headers, "Content-Type");
  out += date_line(headers);
  out += line(headers, "If-Modified-Since");
  out += line(headers, "If-Match");
  out += line(headers, "If-None-Match");
  out += line(headers, "If-Unmodified-Since");
  out += line(headers, "Range");
  out += canonicalized_headers(headers, version_at_least(version, "2016-05-31"), order);
  out += *resource;
  return out;
}

Result<std::string> shared_key_lite_string_to_sign(std::string_view method, std::string_view target,
                                                   const transport::HeaderList& headers, std::string_view account,
                                                   HeaderOrder order) {
  auto verb = check_method(method);
  if (!verb) return verb.error();
  auto resource = canonicalized_resource_lite(account, target);
  if (!resource) return resource.error();
  std::string version = rules_version(headers);
  std::string out = *verb + "\n";
  out += line(headers, "Content-MD5");
  out += line(headers, "Content-Type");
  out += date_line(headers);
  out += canonicalized_headers(headers, version_at_least(version, "2016-05-31"), order);
  out += *resource;
  return out;
}

Result<std::string> sign_request(transport::Request& request, const AccountKey& key, SharedKeyScheme scheme,
                                 std::string_view header_account, bool tamper) {
  std::string account(header_account.empty() ? std::string_view(key.account) : header_account);
  for (char c : account) {
    if (c <= ' ' || c == ':' || c == 0x7f) return fail("account: contains a space, ':' or control character");
  }
  bool lite = scheme == SharedKeyScheme::SharedKeyLite;
  auto string_to_sign = lite ? shared_key_lite_string_to_sign(request.method, request.target, request.headers, account)
                             : shared_key_string_to_sign(request.method, request.target, request.headers, account);
  if (!string_to_sign) return string_to_sign.error();
  std::string signature = hmac_sha256_base64(key.key, *string_to_sign);
  if (tamper) signature = tamper_signature(signature);
  std::erase_if(request.headers, [](const auto& field) { return wire::iequals(wire::trim(field.first), "Authorization"); });
  request.headers.emplace_back("Authorization",
                               std::string(lite ? "SharedKeyLite " : "SharedKey ") + account + ":" + signature);
  return signature;
}

}  // namespace blobconform::auth
