// Secrets out of reports: SAS signatures and Authorization credentials.
#pragma once

#include <string>
#include <string_view>

namespace blobconform::auth {

// Replaces the value of every sig parameter (name compared decoded and case-insensitively) by
// "REDACTED". Accepts a URL, an origin-form target, or bare query text (no '?': all of it is query).
std::string redact_sas(std::string_view target_or_url);

// "SharedKey account:sig" -> "SharedKey account:REDACTED". Without "account:", everything after the
// scheme is replaced ("Bearer REDACTED"); a value without a scheme becomes "REDACTED".
std::string redact_authorization(std::string_view authorization_value);

}  // namespace blobconform::auth
