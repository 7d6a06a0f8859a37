// CanonicalizedResource of Shared Key and Shared Key Lite (facts §4.4, §4.5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::auth {

struct QueryParameter {
  std::string name;   // decoded
  std::string value;  // decoded; empty for a parameter without '='
};

// Splits a query (without the '?') at '&' and '=', decoding '+' as a space and %XX escapes, as the
// service's front end reads a query (.NET's HttpUtility.ParseQueryString; azure-front-end.md §3 (c)).
// Empty segments ("a=1&&b=2") are skipped. A malformed escape is an error naming the parameter.
Result<std::vector<QueryParameter>> parse_query(std::string_view query);

// "/" + account + the encoded path exactly as in `target`, then for each query parameter, by
// lowercased decoded name in ASCII order: "\nname:value", repeated names merged with their values
// sorted and joined by ",". `target` is origin-form: "/path" or "/path?query".
Result<std::string> canonicalized_resource(std::string_view account, std::string_view target);

// Shared Key Lite: "/" + account + encoded path, plus "?comp=<value>" when the query has comp.
Result<std::string> canonicalized_resource_lite(std::string_view account, std::string_view target);

}  // namespace blobconform::auth
