// transport::ChunkedDecoder with a small body limit (so that the limit is reached often).
// Differential oracle: the decoder is incremental, so feeding the input all at once, one byte at
// a time, or in 7-byte pieces must end the same way: the same done(), body(), trailers(),
// consumed() count, and the same error (message included, since it names an offset).
// Also: the body never exceeds the limit, and once done() nothing more is consumed.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/transport/chunked_decoder.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

constexpr size_t kMaxBody = 256;
constexpr size_t kOddPiece = 7;  // not a divisor of any natural chunk or line length

struct Outcome {
  bool done = false;
  std::string body;
  transport::HeaderList trailers;
  size_t consumed = 0;
  std::optional<std::string> error;
};

Outcome decode(std::string_view input, size_t piece) {
  transport::ChunkedDecoder decoder(kMaxBody);
  Outcome out;
  for (size_t at = 0; at < input.size() && !decoder.done();) {
    std::string_view part = input.substr(at, std::min(piece, input.size() - at));
    auto used = decoder.feed(part);
    if (!used) {
      out.error = used.error().message;
      auto again = decoder.feed(part);
      // The header promises sticky errors.
      require(!again.ok() && again.error().message == *out.error, "after an error every call returns that error");
      break;
    }
    require(*used <= part.size(), "feed never consumes more than it was given");
    require(*used == part.size() || decoder.done(), "feed consumes everything it is given until done()");
    at += *used;
    if (decoder.done()) {
      auto more = decoder.feed(input.substr(at));
      require(more.ok() && *more == 0, "once done(), feed consumes nothing");
    }
  }
  out.done = decoder.done();
  out.body = decoder.body();
  out.trailers = decoder.trailers();
  out.consumed = decoder.consumed();
  require(out.body.size() <= kMaxBody, "the body never exceeds max_body_bytes");
  return out;
}

bool same(const Outcome& a, const Outcome& b) {
  return a.done == b.done && a.body == b.body && a.trailers == b.trailers && a.consumed == b.consumed &&
         a.error == b.error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = blobconform::fuzz::as_text(data, size);
  const Outcome whole = decode(input, std::max<size_t>(input.size(), 1));
  const Outcome bytewise = decode(input, 1);
  const Outcome pieces = decode(input, kOddPiece);
  require(same(whole, bytewise), "decoding at once and byte by byte give the same result");
  require(same(whole, pieces), "decoding at once and in 7-byte pieces give the same result");
  return 0;
}
