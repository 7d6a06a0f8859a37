// The ways the reference target can answer like a hostile or broken server (`--hostile NAME`),
// one at a time. Unlike the faults (faults.h), which get Blob semantics wrong in well-formed
// answers, these break the HTTP exchange itself. They hit only Abort Copy Blob requests (PUT with
// comp=copy): every other request of a run is answered normally, so a test can require that
// exactly the instances that abort end ERROR while the rest end as on the clean target. The HTTP
// front (http_server.cc) carries them out on the socket, instead of its normal answer.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/transport/message.h"

namespace blobconform::reference {

enum class Hostile {
  None,
  TruncatedResponse,       // the status line and half the header lines, then the connection closes
  EndlessHeaders,          // header lines without end (bounded here: kEndlessHeadersMax...)
  SlowDrip,                // a valid answer, one byte every drip interval
  HugeContentLength,       // Content-Length: 10 GB, a little body, then a stall until the client leaves
  BrokenChunking,          // chunked: one valid chunk, then a chunk size line that is not hex
  Reset,                   // the request is read, then the connection is reset (RST, no answer)
  ForeignClientRequestId,  // a normal answer carrying the x-ms-client-request-id of an earlier request
};

struct HostileInfo {
  Hostile mode;
  const char* name;
  const char* description;
};

const std::vector<HostileInfo>& all_hostile_modes();
std::optional<Hostile> parse_hostile(std::string_view name);
const HostileInfo& hostile_info(Hostile mode);

// Limits and sizes, named.
inline constexpr uint64_t kHugeContentLength = 10'000'000'000;  // "10 GB": far past any client's body limit
inline constexpr size_t kHugeContentLengthSentBytes = 1024;     // what of it is actually sent
// The endless header section ends at whichever comes first, so that a client that reads forever
// cannot keep a test server thread busy forever. The size is far past the memory bound of the
// tests (hostile_test.cc), so that a client without a head limit shows in its memory; loopback
// moves it within seconds.
inline constexpr size_t kEndlessHeadersMaxBytes = size_t{1} << 30;
inline constexpr std::chrono::seconds kEndlessHeadersMaxDuration{60};
// The drip's default pace: one byte just inside the harness's default read timeout (30 s), so
// that only its total timeout can end the exchange.
inline constexpr std::chrono::milliseconds kDefaultDripInterval{29000};
// The longest a hostile answer waits for the client: to take more bytes, or to go away.
inline constexpr std::chrono::milliseconds kHostileWaitLimit{30000};

// An Abort Copy Blob request, the only kind a hostile target misanswers: PUT with a first comp
// query parameter (percent-decoded) equal to "copy". The tests apply it to recorded exchanges to
// know which instances were hit.
bool is_abort_copy_request(std::string_view method, std::string_view target);

// What the handler tells the HTTP front to do instead of sending its normal answer.
struct HostileInstruction {
  Hostile mode = Hostile::None;
  std::chrono::milliseconds drip_interval = kDefaultDripInterval;  // for SlowDrip
};

// The normal answer the hostile one is made from: its status line ("HTTP/1.1 409 Conflict"),
// its headers without framing (no Content-Length, Transfer-Encoding or Connection), its body.
struct PlainAnswer {
  int status = 200;
  std::string status_line;
  transport::HeaderList headers;
  std::string body;
};

// How the connection ends after a hostile answer: closed (FIN), or reset (RST: the caller sets
// SO_LINGER 0 and closes without shutting down first).
enum class HostileEnding { Close, Reset };

// Carries out a socket-level mode (all but None and ForeignClientRequestId) on the connected,
// blocking socket `fd`. Every wait is bounded by kHostileWaitLimit and ends early when `stopping`
// is set or the client goes away.
HostileEnding send_hostile(int fd, const HostileInstruction& instruction, const PlainAnswer& answer,
                           const std::atomic<bool>& stopping);

// ForeignClientRequestId: makes `headers` carry `foreign` as their x-ms-client-request-id,
// replacing the echoed one or adding it when the request had none.
void carry_foreign_client_request_id(transport::HeaderList& headers, const std::string& foreign);

}  // namespace blobconform::reference
