// The request head as the reference target reads it: the bytes as sent, nothing decoded, empty
// header values kept, repeated names kept in order. (cpp-httplib's server percent-decodes header
// values and drops empty ones, which would break Shared Key for the cases that send them.)
#pragma once

#include <string>
#include <string_view>

#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::reference {

inline constexpr size_t kMaxRequestHeadBytes = 64 * 1024;
inline constexpr size_t kMaxRequestHeaderCount = 256;

struct RequestHead {
  std::string method;
  std::string target;        // as sent
  std::string http_version;  // "HTTP/1.1"
  transport::HeaderList headers;  // in order, names as sent, values without surrounding spaces
};

// Parses the head at the start of `bytes` (the caller found its end with transport::find_head_end).
// Errors: a malformed request line, a line without a colon, a bad name, obs-fold, control bytes,
// more than the limits allow.
Result<RequestHead> parse_request_head(std::string_view bytes);

}  // namespace blobconform::reference
