// Response head parser: status line and header fields, from bytes a server sent. Pure (no I/O),
// never throws, bounded by named limits; errors name the line, the offset and the reason.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::transport {

struct ResponseHead {
  int status = 0;
  std::string reason;
  std::string http_version;  // "HTTP/1.1"
  HeaderList headers;        // in the order received, names as sent, values without OWS
  size_t head_size = 0;      // bytes consumed, blank line included
};

// Size of the head (up to and including the blank line) when `bytes` holds a whole one; lines
// may end in CRLF or a bare LF. std::nullopt: more bytes are needed.
std::optional<size_t> find_head_end(std::string_view bytes);

// Parses the head at the start of `bytes` (bytes after the blank line are ignored). Errors:
// no blank line, a head over kMaxResponseHeaderBytes, more than kMaxResponseHeaderCount fields,
// a malformed status line, obs-fold, a line without colon, a bad field name, control bytes.
Result<ResponseHead> parse_response_head(std::string_view bytes);

}  // namespace blobconform::transport
