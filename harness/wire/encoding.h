// Text encodings of the wire: percent-encoding (RFC 3986), Base64, ASCII case.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::wire {

// Percent-encodes every byte but the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string percent_encode(std::string_view text);
// Decodes %XX escapes; a malformed escape is an error naming its offset. '+' stays '+'.
Result<std::string> percent_decode(std::string_view text);
// A query's name or value as a form decoder (.NET's HttpUtility.ParseQueryString, the service's
// front end) reads it: '+' is a space, then %XX escapes as percent_decode.
Result<std::string> form_decode(std::string_view text);

std::string base64_encode(std::string_view bytes);
// Strict RFC 4648 Base64 with padding; anything else is an error.
Result<std::string> base64_decode(std::string_view text);
// RFC 4648 §5 base64url without padding (as JWTs use it, RFC 7515 §2).
std::string base64url_encode(std::string_view bytes);
Result<std::string> base64url_decode(std::string_view text);

std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);  // spaces and tabs at both ends

}  // namespace blobconform::wire
