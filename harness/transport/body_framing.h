// How a response body is delimited (RFC 9112 section 6.3), decided from the head and the method.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "harness/transport/response_parser.h"
#include "harness/wire/result.h"

namespace blobconform::transport {

struct BodyFraming {
  enum class Kind { kNone, kContentLength, kChunked, kUntilClose };
  Kind kind = Kind::kNone;
  size_t length = 0;  // kContentLength only
};

// kNone for a HEAD request and for 1xx, 204 and 304; kChunked when Transfer-Encoding ends in
// "chunked"; kContentLength for a valid Content-Length; else kUntilClose. Errors: an invalid
// Content-Length, several that disagree, one over kMaxResponseBodyBytes, or Transfer-Encoding
// together with Content-Length (RFC 9112 6.3: a smuggling sign to be handled as an error).
Result<BodyFraming> body_framing(const ResponseHead& head, std::string_view request_method);

// Validates the Content-Length fields of `headers`; std::nullopt when there are none.
Result<std::optional<size_t>> content_length(const HeaderList& headers);

}  // namespace blobconform::transport
