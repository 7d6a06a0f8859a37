// Checks and token text shared by the service and account SAS signers.
#pragma once

#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::auth {

// `version` is "YYYY-MM-DD" and not before `oldest`; `field` names it in the error.
Result<std::string> check_sas_version(std::string_view field, std::string_view version, std::string_view oldest);
// No CR or LF in a value that goes into a newline-separated string-to-sign.
Result<std::string> check_single_line(std::string_view field, std::string_view value);
// Every letter of `value` is one of `allowed`; `what` says for what (e.g. "for resource b").
Result<std::string> check_letters(std::string_view field, std::string_view value, std::string_view allowed,
                                  std::string_view what);
// Appends "&name=<percent-encoded value>" (no '&' when token is empty); nothing for an empty value.
void append_parameter(std::string& token, std::string_view name, std::string_view value);

}  // namespace blobconform::auth
