// The reference target's request parsers: reference::parse_request_head (the head as sent) and
// reference::parse_target (account, container, blob and decoded query of the target).
// Oracles:
//  - a parsed head, written again as "METHOD TARGET VERSION\r\n", "name: value\r\n"... "\r\n",
//    parses to the same method, target, version and headers;
//  - a parsed method is a token (RFC 9112 3.1: 1*tchar, so never empty), a parsed target is not
//    empty and has no space or control byte;
//  - parse_target: the query, percent-encoded again, gives the same account, container, blob,
//    segment count and decoded query.
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/wire/encoding.h"
#include "tests/reference/exchange.h"
#include "tests/reference/request_head.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

std::string serialize(const reference::RequestHead& head) {
  std::string out = head.method + " " + head.target + " " + head.http_version + "\r\n";
  for (const auto& [name, value] : head.headers) out += name + ": " + value + "\r\n";
  return out + "\r\n";
}

void check_target(const std::string& target) {
  reference::Incoming incoming;
  if (reference::parse_target(target, incoming)) return;  // a malformed %-escape in the query
  auto mark = target.find('?');
  std::string again_target = target.substr(0, mark);
  if (mark != std::string::npos) {
    again_target += '?';
    for (size_t i = 0; i < incoming.query.size(); ++i) {
      again_target += (i ? "&" : "") + wire::percent_encode(incoming.query[i].first) + "=" +
                      wire::percent_encode(incoming.query[i].second);
    }
  }
  reference::Incoming again;
  require(!reference::parse_target(again_target, again), "a re-encoded query parses");
  require(again.account == incoming.account && again.container == incoming.container && again.blob == incoming.blob &&
              again.segments == incoming.segments,
          "the path's reading does not depend on how the query is encoded");
  require(again.query == incoming.query, "the decoded query survives encoding again");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = blobconform::fuzz::as_text(data, size);
  auto head = reference::parse_request_head(bytes);
  if (!head) {
    // Not a head: still a target for parse_target (its first line, at most).
    check_target(std::string(bytes.substr(0, bytes.find('\n'))));
    return 0;
  }
  // RFC 9112 3.1: method = token = 1*tchar.
  require(!head->method.empty(), "a parsed method is not empty");
  require(!head->target.empty(), "a parsed target is not empty");
  for (unsigned char c : head->target) require(c > 0x20 && c != 0x7f, "a parsed target has no space or control byte");
  check_target(head->target);

  const std::string again_text = serialize(*head);
  // CRLF and ": " can make the text longer than the input; past the limit it is refused, rightly.
  if (again_text.size() > reference::kMaxRequestHeadBytes) return 0;
  auto again = reference::parse_request_head(again_text);
  require(again.ok(), "a parsed head, written again, parses");
  require(again->method == head->method, "the method survives a round trip");
  require(again->target == head->target, "the target survives a round trip");
  require(again->http_version == head->http_version, "the version survives a round trip");
  require(again->headers == head->headers, "the header fields survive a round trip");
  return 0;
}
