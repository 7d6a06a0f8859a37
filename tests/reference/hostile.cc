#include "tests/reference/hostile.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "harness/wire/encoding.h"
#include "tests/reference/exchange.h"

namespace blobconform::reference {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How often a wait looks at the stop flag: the server's destructor must not wait out a drip.
constexpr milliseconds kStopCheck{100};
// Each line of the endless header section, and how many are sent at once.
constexpr size_t kEndlessLineValueBytes = 64;
constexpr size_t kEndlessLinesPerSend = 256;
// The first chunk of the broken chunked body, taken from the normal body.
constexpr size_t kFirstChunkBytes = 16;
// What follows it where the next chunk size should be: no hex digit at all.
constexpr std::string_view kBrokenChunkSizeLine = "not-a-chunk-size\r\n";

int poll_ms(milliseconds budget) { return static_cast<int>(std::max<int64_t>(budget.count(), 0)); }

// Waits until fd is ready for `events` within kHostileWaitLimit; false on stop, limit, error or
// hang-up.
bool wait_ready(int fd, short events, const std::atomic<bool>& stopping) {
  const auto until = Clock::now() + kHostileWaitLimit;
  while (!stopping && Clock::now() < until) {
    pollfd waiting{fd, events, 0};
    const int n = ::poll(&waiting, 1, poll_ms(kStopCheck));
    if (n > 0) return (waiting.revents & (POLLERR | POLLHUP | POLLNVAL)) == 0;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

// Sends every byte, each wait bounded; false when the client went away (or on stop or limit).
bool send_bounded(int fd, std::string_view bytes, const std::atomic<bool>& stopping) {
  while (!bytes.empty()) {
    if (!wait_ready(fd, POLLOUT, stopping)) return false;
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Lets `duration` pass while the client still waits for the answer; false as soon as it leaves
// (a client that waits for an answer sends nothing, so anything readable means it closed or reset)
// or the server stops.
bool pause_while_client_waits(int fd, milliseconds duration, const std::atomic<bool>& stopping) {
  const auto until = Clock::now() + duration;
  while (!stopping) {
    const auto left = std::chrono::ceil<milliseconds>(until - Clock::now());
    if (left.count() <= 0) return true;
    pollfd waiting{fd, POLLIN, 0};
    const int n = ::poll(&waiting, 1, poll_ms(std::min(left, kStopCheck)));
    if (n > 0) return false;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

std::string header_lines(const transport::HeaderList& headers, size_t count) {
  std::string out;
  for (size_t i = 0; i < count && i < headers.size(); ++i) out += headers[i].first + ": " + headers[i].second + "\r\n";
  return out;
}

// The status line of an answer that must have a body: a 204 says there is none (RFC 9110
// 15.3.5), and a client rightly ignores its framing, so a broken framing needs another status.
std::string status_line_with_body(const PlainAnswer& answer) {
  return answer.status == 204 ? "HTTP/1.1 200 OK" : answer.status_line;
}

HostileEnding truncated_response(int fd, const PlainAnswer& answer, const std::atomic<bool>& stopping) {
  send_bounded(fd, answer.status_line + "\r\n" + header_lines(answer.headers, answer.headers.size() / 2), stopping);
  return HostileEnding::Close;
}

HostileEnding endless_headers(int fd, const PlainAnswer& answer, const std::atomic<bool>& stopping) {
  std::string start = answer.status_line + "\r\n" + header_lines(answer.headers, answer.headers.size());
  if (!send_bounded(fd, start, stopping)) return HostileEnding::Close;
  size_t sent = start.size();
  const std::string value(kEndlessLineValueBytes, 'e');
  const auto until = Clock::now() + kEndlessHeadersMaxDuration;
  for (size_t line = 0; sent < kEndlessHeadersMaxBytes && Clock::now() < until;) {
    std::string batch;
    for (size_t i = 0; i < kEndlessLinesPerSend; ++i) {
      batch += "X-Endless-" + std::to_string(line++) + ": " + value + "\r\n";
    }
    if (!send_bounded(fd, batch, stopping)) break;
    sent += batch.size();
  }
  return HostileEnding::Close;
}

HostileEnding slow_drip(int fd, const HostileInstruction& instruction, const PlainAnswer& answer,
                        const std::atomic<bool>& stopping) {
  const std::string whole = answer.status_line + "\r\n" + header_lines(answer.headers, answer.headers.size()) +
                            "Content-Length: " + std::to_string(answer.body.size()) + "\r\nConnection: close\r\n\r\n" +
                            answer.body;
  for (char byte : whole) {
    if (!pause_while_client_waits(fd, instruction.drip_interval, stopping)) break;
    if (!send_bounded(fd, std::string_view(&byte, 1), stopping)) break;
  }
  return HostileEnding::Close;
}

HostileEnding huge_content_length(int fd, const PlainAnswer& answer, const std::atomic<bool>& stopping) {
  const std::string head = status_line_with_body(answer) + "\r\n" +
                           header_lines(answer.headers, answer.headers.size()) +
                           "Content-Length: " + std::to_string(kHugeContentLength) + "\r\n\r\n";
  std::string body = answer.body.substr(0, kHugeContentLengthSentBytes);
  body.resize(kHugeContentLengthSentBytes, ' ');
  // Then nothing more: the stall lasts until the client gives up (or the wait limit).
  if (send_bounded(fd, head + body, stopping)) pause_while_client_waits(fd, kHostileWaitLimit, stopping);
  return HostileEnding::Close;
}

HostileEnding broken_chunking(int fd, const PlainAnswer& answer, const std::atomic<bool>& stopping) {
  std::string first = answer.body.substr(0, kFirstChunkBytes);
  if (first.empty()) first = " ";
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", first.size());
  send_bounded(fd,
               status_line_with_body(answer) + "\r\n" + header_lines(answer.headers, answer.headers.size()) +
                   "Transfer-Encoding: chunked\r\n\r\n" + size + first + "\r\n" + std::string(kBrokenChunkSizeLine),
               stopping);
  return HostileEnding::Close;
}

}  // namespace

const std::vector<HostileInfo>& all_hostile_modes() {
  static const std::vector<HostileInfo> modes = {
      {Hostile::None, "none", "every request is answered normally"},
      {Hostile::TruncatedResponse, "truncated-response",
       "the status line and half the header lines, then the connection closes"},
      {Hostile::EndlessHeaders, "endless-headers", "header lines without end, until the client goes away"},
      {Hostile::SlowDrip, "slow-drip", "a valid answer, one byte every drip interval (just inside a read timeout)"},
      {Hostile::HugeContentLength, "huge-content-length",
       "Content-Length: 10000000000, a little body, then a stall until the client goes away"},
      {Hostile::BrokenChunking, "broken-chunking", "a chunked body whose second chunk size line is not hex"},
      {Hostile::Reset, "reset", "the request is read, then the connection is reset (RST) without an answer"},
      {Hostile::ForeignClientRequestId, "foreign-client-request-id",
       "a normal answer carrying the x-ms-client-request-id of the previous request"},
  };
  return modes;
}

std::optional<Hostile> parse_hostile(std::string_view name) {
  for (const auto& info : all_hostile_modes()) {
    if (name == info.name) return info.mode;
  }
  return std::nullopt;
}

const HostileInfo& hostile_info(Hostile mode) {
  for (const auto& info : all_hostile_modes()) {
    if (info.mode == mode) return info;
  }
  return all_hostile_modes().front();
}

bool is_abort_copy_request(std::string_view method, std::string_view target) {
  if (method != "PUT") return false;
  Incoming parsed;
  parse_target(target, parsed);  // a malformed escape elsewhere leaves the parameters before it
  return parsed.param("comp") == std::optional<std::string>("copy");
}

HostileEnding send_hostile(int fd, const HostileInstruction& instruction, const PlainAnswer& answer,
                           const std::atomic<bool>& stopping) {
  switch (instruction.mode) {
    case Hostile::TruncatedResponse: return truncated_response(fd, answer, stopping);
    case Hostile::EndlessHeaders: return endless_headers(fd, answer, stopping);
    case Hostile::SlowDrip: return slow_drip(fd, instruction, answer, stopping);
    case Hostile::HugeContentLength: return huge_content_length(fd, answer, stopping);
    case Hostile::BrokenChunking: return broken_chunking(fd, answer, stopping);
    case Hostile::Reset: return HostileEnding::Reset;
    case Hostile::None:
    case Hostile::ForeignClientRequestId: break;  // not socket-level: the caller answers normally
  }
  return HostileEnding::Close;
}

void carry_foreign_client_request_id(transport::HeaderList& headers, const std::string& foreign) {
  bool replaced = false;
  for (auto& [name, value] : headers) {
    if (!wire::iequals(name, "x-ms-client-request-id")) continue;
    value = foreign;
    replaced = true;
  }
  if (!replaced) headers.emplace_back("x-ms-client-request-id", foreign);
}

}  // namespace blobconform::reference
