// CanonicalizedHeaders of a Shared Key string-to-sign (facts §4.3).
#pragma once

#include <string>
#include <string_view>

#include "harness/transport/message.h"

namespace blobconform::auth {

// Runs of CR, LF, space and tab become one space, except inside "quoted strings"; the ends are trimmed.
std::string collapse_whitespace(std::string_view value);

// Every x-ms- header (name matched case-insensitively), names lowercased and sorted in ASCII order,
// values collapsed (see above), each as "name:value\n". A repeated name appears once, its values
// joined by "," in the order sent. An empty value is kept as "name:\n" when keep_empty_values
// (versions from 2016-05-31), else the header is left out.
std::string canonicalized_headers(const transport::HeaderList& headers, bool keep_empty_values);

}  // namespace blobconform::auth
