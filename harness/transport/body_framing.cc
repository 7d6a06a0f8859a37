#include "harness/transport/body_framing.h"

#include <optional>
#include <string>

#include "harness/wire/encoding.h"

namespace blobconform::transport {
namespace {

// One Content-Length element: 1*DIGIT, at most kMaxResponseBodyBytes.
Result<size_t> parse_length(std::string_view text) {
  if (text.empty()) return fail("empty Content-Length");
  size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return fail("invalid Content-Length \"" + std::string(text) + "\"");
    if (value > (kMaxResponseBodyBytes * 10)) break;  // keeps the arithmetic far from overflow
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  if (value > kMaxResponseBodyBytes) {
    return fail("Content-Length " + std::string(text) + " exceeds the limit of " +
                std::to_string(kMaxResponseBodyBytes) + " bytes");
  }
  return value;
}

}  // namespace

Result<std::optional<size_t>> content_length(const HeaderList& headers) {
  std::optional<size_t> found;
  for (const auto& [name, value] : headers) {
    if (!wire::iequals(name, "Content-Length")) continue;
    // A list ("5, 5") is allowed when every element is the same (RFC 9110 8.6).
    std::string_view rest = value;
    for (;;) {
      const size_t comma = rest.find(',');
      const auto element = wire::trim(rest.substr(0, comma));
      auto length = parse_length(element);
      if (!length) return length.error();
      if (found && *found != *length) {
        return fail("conflicting Content-Length values " + std::to_string(*found) + " and " +
                    std::to_string(*length));
      }
      found = *length;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return found;
}

Result<BodyFraming> body_framing(const ResponseHead& head, std::string_view request_method) {
  if (request_method == "HEAD" || (head.status >= 100 && head.status < 200) ||
      head.status == 204 || head.status == 304) {
    return BodyFraming{};
  }
  auto length = content_length(head.headers);
  if (!length) return length.error();
  if (const auto coding = find_header(head.headers, "Transfer-Encoding")) {
    if (length->has_value()) return fail("both Transfer-Encoding and Content-Length present");
    // The last transfer coding decides; anything but chunked is read until the close.
    std::string_view codings = *coding;
    const size_t comma = codings.rfind(',');
    const auto last = wire::trim(comma == std::string_view::npos ? codings : codings.substr(comma + 1));
    if (wire::iequals(last, "chunked")) return BodyFraming{BodyFraming::Kind::kChunked, 0};
    return BodyFraming{BodyFraming::Kind::kUntilClose, 0};
  }
  if (length->has_value()) return BodyFraming{BodyFraming::Kind::kContentLength, **length};
  return BodyFraming{BodyFraming::Kind::kUntilClose, 0};
}

}  // namespace blobconform::transport
