// transport::find_head_end, parse_response_head, body_framing and content_length on bytes a
// server might send.
// Oracles:
//  - a parsed head, written again as "HTTP/1.1 <status> <reason>\r\n", "name: value\r\n"... and
//    "\r\n", parses to the same status, reason and headers (nothing the parser keeps is lost or
//    invented), and find_head_end of that text is its whole length;
//  - find_head_end of the input is the head_size the parser reports;
//  - body_framing's Content-Length agrees with content_length, and stays within the body limit.
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/transport/body_framing.h"
#include "harness/transport/response_parser.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

std::string serialize(const transport::ResponseHead& head) {
  std::string out = "HTTP/1.1 " + std::to_string(head.status) + " " + head.reason + "\r\n";
  for (const auto& [name, value] : head.headers) out += name + ": " + value + "\r\n";
  return out + "\r\n";
}

void check_framing(const transport::ResponseHead& head, std::string_view method) {
  auto framing = transport::body_framing(head, method);
  auto length = transport::content_length(head.headers);
  if (!framing || framing->kind != transport::BodyFraming::Kind::kContentLength) return;
  // kContentLength comes from the very fields content_length validates.
  require(length.ok() && length->has_value(), "a Content-Length framing has a valid Content-Length");
  require(framing->length == **length, "body_framing's length is content_length's");
  require(framing->length <= transport::kMaxResponseBodyBytes, "a framed length is within kMaxResponseBodyBytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = blobconform::fuzz::as_text(data, size);
  auto end = transport::find_head_end(bytes);
  auto head = transport::parse_response_head(bytes);
  if (!head) return 0;
  require(end.has_value() && *end == head->head_size, "find_head_end agrees with parse_response_head's head_size");
  require(head->status >= 100 && head->status <= 999, "a parsed status has three digits and is at least 100");
  check_framing(*head, "GET");
  check_framing(*head, "HEAD");

  const std::string again_text = serialize(*head);
  // CRLF and ": " can make the text longer than the input; past the limit it is refused, rightly.
  if (again_text.size() > transport::kMaxResponseHeaderBytes) return 0;
  auto again = transport::parse_response_head(again_text);
  require(again.ok(), "a parsed head, written again, parses");
  require(again->status == head->status, "the status survives a round trip");
  require(again->reason == head->reason, "the reason phrase survives a round trip");
  require(again->headers == head->headers, "the header fields survive a round trip");
  require(transport::find_head_end(again_text) == again_text.size(), "a written head ends at its blank line");
  return 0;
}
