// CanonicalizedHeaders of a Shared Key string-to-sign (facts §4.3).
#pragma once

#include <string>
#include <string_view>

#include "harness/transport/message.h"

namespace blobconform::auth {

// Runs of CR, LF, space and tab become one space, except inside "quoted strings"; the ends are trimmed.
std::string collapse_whitespace(std::string_view value);

// How header names are sorted: as the service sorts them (.NET's culture-aware comparison for en-US,
// which the Azure SDKs imitate: azure-front-end.md §3 (d)), or in byte order (what the facts sheet's
// "lexicographically" reads as; kept for comparison).
enum class HeaderOrder { Service, Ordinal };

// The service's order for lower-cased header names: first by the names with '-' (and '\'') left out,
// '.' < '_' < other symbols < digits < letters; names equal that way by their hyphens, compared by
// position, the name with a hyphen where the other has none (or has ended) sorting later ("x-ms-ab"
// before "x-ms-a-b"); byte order last, so the order is total.
bool service_header_less(std::string_view a, std::string_view b);

// Every x-ms- header (name matched case-insensitively), names lowercased and sorted in `order`,
// values collapsed (see above), each as "name:value\n". A repeated name appears once, its values
// joined by "," in the order sent. An empty value is kept as "name:\n" when keep_empty_values
// (versions from 2016-05-31), else the header is left out.
std::string canonicalized_headers(const transport::HeaderList& headers, bool keep_empty_values,
                                  HeaderOrder order = HeaderOrder::Service);

}  // namespace blobconform::auth
