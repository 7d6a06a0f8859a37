// The one vocabulary of expectations (case-format §5). The loader compiles them with their {{variables}} still in
// their texts; the caller fills those through edit_texts(), then evaluate() judges a response against the result.
// describe() says an expectation in one line.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/transport/message.h"

namespace blobconform::check {

// Holds when the status is one of `codes` or its class (status / 100) is one of `classes`
// (4 for "4xx"). A matcher with both lists empty constrains nothing.
struct StatusMatcher {
  std::vector<int> codes;
  std::vector<int> classes;
};

// One response header, named case-insensitively; repeated fields are joined with ", " and the
// value is trimmed of surrounding spaces and tabs before it is compared. Every constraint set
// must hold.
struct HeaderMatcher {
  std::string name;
  std::optional<std::string> equals;               // exact, case-sensitive (trimmed)
  std::optional<std::string> matches;              // ECMAScript regex searched in the value
  std::optional<std::vector<std::string>> one_of;  // equals one of them
  std::optional<bool> present;                     // false: the header is absent (stands alone)
  // An XML path (error_body.h xml_text): where the header and the body's text at that path are
  // both there, they are equal ("x-ms-error-code" agrees with "Code").
  std::optional<std::string> agrees_with_xml;
};

struct BodyMatcher {
  std::optional<bool> empty;          // true: no bytes; false: at least one byte
  std::optional<size_t> length;       // exact byte count
  std::optional<std::string> equals;  // exact bytes
  // XML path (error_body.h xml_text) -> exact text content.
  std::vector<std::pair<std::string, std::string>> xml;
  // XML path -> ECMAScript regex searched in its text content.
  std::vector<std::pair<std::string, std::string>> xml_matches;
};

struct Expectation {
  std::optional<StatusMatcher> status;
  std::vector<std::string> error_codes;  // empty: not checked
  std::vector<HeaderMatcher> headers;
  std::optional<BodyMatcher> body;
};

// One way a response departs from an expectation, in words a person reads.
struct Mismatch {
  std::string field;     // "status", "error_code", "header x-ms-version", "body", "body xml Code"
  std::string expected;  // "409", "\"2015-04-05\"", "present", "matches /^0x/"
  std::string actual;    // "404", "absent", "\"2015-02-21\""
};

struct Context {
  std::string version;  // the instance's x-ms-version, "YYYY-MM-DD"; anything else counts as latest
};

// The version from which failed operations must carry x-ms-error-code.
inline constexpr const char* kErrorCodeHeaderSince = "2017-07-29";

// Calls `edit` on every text of `expectation` that a case file may write variables into (error
// codes, header values, one_of entries and patterns, body text, XML texts and patterns), with
// `pattern` true for a regular expression; stops at the first call that returns false, and then
// returns false.
bool edit_texts(Expectation& expectation, const std::function<bool(std::string& text, bool pattern)>& edit);

// Every mismatch, in the order status, error_code, headers, body; empty when the expectation holds.
std::vector<Mismatch> evaluate(const Expectation& expectation, const transport::Response& response,
                               const Context& context);

// "status 409; error code CopyIdMismatch or NoPendingCopyOperation; header x-ms-request-id present"
std::string describe(const Expectation& expectation);
// "409", "200 or 201", "4xx", "409 or 5xx"
std::string describe(const StatusMatcher& status);
// "header etag matches /^\"0x/", "header x-ms-copy-completion-time absent",
// "header x-ms-error-code agrees with body xml Code"
std::string describe(const HeaderMatcher& header);
// "body empty", "body xml Code = \"X\""
std::string describe(const BodyMatcher& body);
// "409 CopyIdMismatch (x-ms-error-code), XML Code CopyIdMismatch"
std::string describe(const transport::Response& response);
// "status: expected 409, got 404"
std::string describe(const Mismatch& mismatch);

}  // namespace blobconform::check
