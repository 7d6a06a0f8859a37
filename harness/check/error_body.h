// The XML bodies of responses: the service's <Error> document (azure-blob-facts §7) and the
// path lookup that `body.xml` expectations and `save: xml:<path>` use.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/wire/result.h"

namespace blobconform::check {

// Larger inputs are refused unparsed (a hostile server cannot make the harness build a huge tree).
inline constexpr size_t kMaxXmlBytes = 4 * 1024 * 1024;

struct ErrorBody {
  std::string code;        // <Code>
  std::string message;     // <Message>, whole (user message, then RequestId: and Time: lines)
  std::string request_id;  // from the Message's "RequestId:" line; empty when it has none
  // The other children of <Error>, in order: AuthenticationErrorDetail, HeaderName, ...
  std::vector<std::pair<std::string, std::string>> details;
};

// Reads <Error><Code>…</Code><Message>…</Message>…</Error>. Errors name the reason: too large,
// not well-formed XML (with the offset), root element not <Error>, no <Code>.
Result<ErrorBody> parse_error_body(std::string_view xml);

// The text content (all descendant text, concatenated) of the first element, in document order,
// reached by `path`: element names separated by '/', from the root's children down ("Code",
// "Properties/Etag"). Errors: too large, not well-formed, empty path segment, no such element.
Result<std::string> xml_text(std::string_view xml, std::string_view path);

}  // namespace blobconform::check
