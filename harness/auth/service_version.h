// Service versions ("YYYY-MM-DD") as the signers compare them.
#pragma once

#include <string_view>

namespace blobconform::auth {

// True for exactly "YYYY-MM-DD" (digits and dashes; the calendar is not checked).
bool is_service_version(std::string_view text);
// version >= since, for two well-formed versions (their text order is their time order).
bool version_at_least(std::string_view version, std::string_view since);

}  // namespace blobconform::auth
