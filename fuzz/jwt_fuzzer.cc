// auth::parse_jwt, the bearer-token run's reader of its token's claims.
// Oracles: no crash or sanitizer finding on any input; an error is one of the parser's own
// messages, numbers aside, so it carries nothing of the token (a secret; a plain "the message does
// not contain the input" fails on inputs that are pieces of the messages themselves); a token
// made from the claims a parse read parses again to the same claims.
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "harness/auth/jwt.h"

namespace {

std::string without_digits(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c < '0' || c > '9') out += c;
  }
  return out;
}

// Every message parse_jwt can give, digits removed.
const std::set<std::string>& known_messages() {
  static const std::set<std::string> messages = [] {
    std::set<std::string> out = {"the token is  bytes, more than ",
                                 "the token is not three parts separated by '.' (header.payload.signature)",
                                 "the token's aud claim holds something other than strings",
                                 "the token's aud claim is neither a string nor an array of strings",
                                 "the token's alg header field is not a string"};
    const char* decoding[] = {"invalid base64url character at offset ", "base64url length  is impossible",
                              "invalid Base64 character at offset ", "Base64 data after padding at offset ",
                              "Base64 length  is not a multiple of "};
    for (const char* part : {"header", "payload", "signature"}) {
      for (const char* reason : decoding) out.insert(std::string("the token's ") + part + " is not base64url: " + reason);
    }
    for (const char* part : {"header", "payload"}) out.insert(std::string("the token's ") + part + " is not a JSON object");
    for (const char* claim : {"exp", "nbf", "iat"}) out.insert(std::string("the token's ") + claim + " claim is not a date in seconds");
    for (const char* claim : {"iss", "tid", "oid"}) out.insert(std::string("the token's ") + claim + " claim is not a string");
    std::set<std::string> stripped;  // "Base64" loses its digits as the messages do
    for (const auto& message : out) stripped.insert(without_digits(message));
    return stripped;
  }();
  return messages;
}

// Whether the text is UTF-8 that JSON carries unchanged: dumped with invalid bytes dropped and with
// them replaced, it reads the same.
bool json_safe(const std::string& text) {
  using nlohmann::json;
  return json(text).dump(-1, ' ', false, json::error_handler_t::ignore) ==
         json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using blobconform::fuzz::require;
  using namespace blobconform;
  const std::string_view token = blobconform::fuzz::as_text(data, size);
  auto claims = auth::parse_jwt(token);
  if (!claims) {
    require(known_messages().count(without_digits(claims.error().message)) == 1,
            "an error is one of the parser's own messages (numbers aside)");
    return 0;
  }
  nlohmann::json again = nlohmann::json::object();
  if (claims->exp) again["exp"] = *claims->exp;
  if (claims->nbf) again["nbf"] = *claims->nbf;
  if (claims->iat) again["iat"] = *claims->iat;
  bool strings_safe = json_safe(claims->iss) && json_safe(claims->tid) && json_safe(claims->oid);
  for (const auto& audience : claims->audiences) strings_safe = strings_safe && json_safe(audience);
  if (strings_safe) {
    again["iss"] = claims->iss;
    again["tid"] = claims->tid;
    again["oid"] = claims->oid;
    again["aud"] = claims->audiences;
  }
  auto reread = auth::parse_jwt(auth::make_unsigned_jwt(again.dump(), 4));
  require(reread.ok(), "a token made from parsed claims parses");
  require(reread->exp == claims->exp && reread->nbf == claims->nbf && reread->iat == claims->iat, "dates survive");
  if (strings_safe) {
    require(reread->iss == claims->iss && reread->tid == claims->tid && reread->oid == claims->oid &&
                reread->audiences == claims->audiences,
            "iss, tid, oid and aud survive");
  }
  return 0;
}
