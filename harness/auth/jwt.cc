#include "harness/auth/jwt.h"

#include <nlohmann/json.hpp>

#include "harness/wire/encoding.h"

namespace blobconform::auth {
namespace {

using nlohmann::json;

Result<json> decode_object(std::string_view part, const char* name) {
  auto bytes = wire::base64url_decode(part);
  if (!bytes) return fail(std::string("the token's ") + name + " is not base64url: " + bytes.error().message);
  json parsed = json::parse(*bytes, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return fail(std::string("the token's ") + name + " is not a JSON object");
  return parsed;
}

// A NumericDate (RFC 7519 §2): a JSON number, read to whole seconds.
Result<std::optional<int64_t>> numeric_date(const json& payload, const char* claim) {
  auto it = payload.find(claim);
  if (it == payload.end()) return std::optional<int64_t>();
  if (it->is_number_integer()) return std::optional<int64_t>(it->get<int64_t>());
  if (it->is_number_float()) {
    double seconds = it->get<double>();
    if (seconds > -1e15 && seconds < 1e15) return std::optional<int64_t>(static_cast<int64_t>(seconds));
  }
  return fail(std::string("the token's ") + claim + " claim is not a date in seconds");
}

Result<std::string> string_claim(const json& object, const char* claim, const char* part) {
  auto it = object.find(claim);
  if (it == object.end()) return std::string();
  if (!it->is_string()) return fail(std::string("the token's ") + claim + " " + part + " is not a string");
  return it->get<std::string>();
}

}  // namespace

Result<JwtClaims> parse_jwt(std::string_view token) {
  if (token.size() > kMaxJwtLength) {
    return fail("the token is " + std::to_string(token.size()) + " bytes, more than " + std::to_string(kMaxJwtLength));
  }
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return fail("the token is not three parts separated by '.' (header.payload.signature)");
  }
  auto header = decode_object(token.substr(0, first), "header");
  if (!header) return header.error();
  auto payload = decode_object(token.substr(first + 1, second - first - 1), "payload");
  if (!payload) return payload.error();
  if (auto signature = wire::base64url_decode(token.substr(second + 1)); !signature) {
    return fail("the token's signature is not base64url: " + signature.error().message);
  }
  JwtClaims claims;
  auto alg = string_claim(*header, "alg", "header field");
  if (!alg) return alg.error();
  claims.alg = *alg;
  for (auto [name, field] : {std::pair{"exp", &claims.exp}, std::pair{"nbf", &claims.nbf}, std::pair{"iat", &claims.iat}}) {
    auto date = numeric_date(*payload, name);
    if (!date) return date.error();
    *field = *date;
  }
  for (auto [name, field] : {std::pair{"iss", &claims.iss}, std::pair{"tid", &claims.tid}, std::pair{"oid", &claims.oid}}) {
    auto text = string_claim(*payload, name, "claim");
    if (!text) return text.error();
    *field = *text;
  }
  if (auto aud = payload->find("aud"); aud != payload->end()) {
    if (aud->is_string()) {
      claims.audiences.push_back(aud->get<std::string>());
    } else if (aud->is_array()) {
      for (const auto& item : *aud) {
        if (!item.is_string()) return fail("the token's aud claim holds something other than strings");
        claims.audiences.push_back(item.get<std::string>());
      }
    } else {
      return fail("the token's aud claim is neither a string nor an array of strings");
    }
  }
  return claims;
}

Result<std::string> with_claims(std::string_view token, const std::map<std::string, int64_t>& dates,
                                const std::map<std::string, std::string>& texts) {
  auto claims = parse_jwt(token);
  if (!claims) return claims.error();
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto payload = decode_object(token.substr(first + 1, second - first - 1), "payload");
  if (!payload) return payload.error();
  for (const auto& [name, value] : dates) (*payload)[name] = value;
  for (const auto& [name, value] : texts) (*payload)[name] = value;
  auto signature = wire::base64url_decode(token.substr(second + 1));
  size_t length = signature ? signature->size() : 0;
  return std::string(token.substr(0, first)) + "." +
         wire::base64url_encode(payload->dump(-1, ' ', false, json::error_handler_t::replace)) + "." +
         wire::base64url_encode(std::string(length, '\0'));
}

std::string make_unsigned_jwt(std::string_view claims_json, size_t signature_bytes) {
  return wire::base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." + wire::base64url_encode(claims_json) + "." +
         wire::base64url_encode(std::string(signature_bytes, '\0'));
}

}  // namespace blobconform::auth
