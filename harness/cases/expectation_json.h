// Reads the JSON form of an expectation (case-format §5) into check::Expectation, its texts still
// holding their {{variables}} (a pattern is checked with each standing for "x"). Every error
// names the JSON pointer of the offending value:
//   "/cases/2/expect/headers/etag/matches: invalid regular expression: …".
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/check/expectation.h"
#include "harness/wire/result.h"

namespace blobconform::cases {

// `j` is one expectation object found at `pointer` ("/cases/2/expect"). Keys: status, error_code,
// headers, body; `when` is accepted and ignored (the caller reads it); any other key is an error.
Result<check::Expectation> expectation_from_json(const nlohmann::json& j, const std::string& pointer);

// A status (at `pointer`): a code 100-599, a non-empty list of codes, or a class "1xx"-"5xx".
Result<check::StatusMatcher> status_from_json(const nlohmann::json& j, const std::string& pointer);

// `pointer` extended by one reference token, escaped per RFC 6901 ("~" -> "~0", "/" -> "~1").
std::string pointer_append(const std::string& pointer, const std::string& token);

}  // namespace blobconform::cases
