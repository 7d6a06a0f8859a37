// Incremental decoder of a chunked body (RFC 9112 section 7.1). Pure (no I/O), never throws;
// bounded by named limits. Bare LF line ends are accepted like CRLF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::transport {

inline constexpr size_t kMaxChunkSizeLineBytes = 4096;  // chunk-size, extensions, line end

class ChunkedDecoder {
 public:
  explicit ChunkedDecoder(size_t max_body_bytes = kMaxResponseBodyBytes);

  // Consumes bytes up to the end of the chunked message and appends the data to body().
  // Returns how many bytes of `bytes` were consumed: fewer than given only once done() (the rest
  // follows the message). After an error every call returns that error again.
  Result<size_t> feed(std::string_view bytes);

  bool done() const { return state_ == State::kDone; }
  const std::string& body() const { return body_; }
  std::string take_body() { return std::move(body_); }
  const HeaderList& trailers() const { return trailers_; }
  size_t consumed() const { return offset_; }  // bytes consumed by all feed() calls

 private:
  enum class State { kSizeLine, kData, kDataEnd, kTrailerLine, kDone, kFailed };

  Result<size_t> failure(std::string reason);
  bool size_line_done(std::string& error);
  bool trailer_line_done(std::string& error);

  size_t max_body_bytes_;
  State state_ = State::kSizeLine;
  std::string line_;        // the line being collected (size line, data end, trailer line)
  size_t line_start_ = 0;   // offset of line_'s first byte
  size_t remaining_ = 0;    // data bytes left in the current chunk
  size_t trailer_bytes_ = 0;
  size_t offset_ = 0;       // bytes consumed so far
  std::string body_;
  HeaderList trailers_;
  std::string error_;
};

}  // namespace blobconform::transport
