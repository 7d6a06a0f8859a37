#include "harness/transport/chunked_decoder.h"

#include <algorithm>

namespace blobconform::transport {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Removes the line end (LF or CRLF) that terminates a collected line.
std::string_view without_line_end(std::string_view line) {
  line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

ChunkedDecoder::ChunkedDecoder(size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

Result<size_t> ChunkedDecoder::failure(std::string reason) {
  state_ = State::kFailed;
  error_ = "chunked body: " + std::move(reason);
  return fail(error_);
}

bool ChunkedDecoder::size_line_done(std::string& error) {
  const auto line = without_line_end(line_);
  size_t i = 0;
  size_t size = 0;
  for (; i < line.size() && hex_value(line[i]) >= 0; ++i) {
    if (size > (max_body_bytes_ >> 4)) {
      error = "chunk size exceeds the body limit of " + std::to_string(max_body_bytes_) +
              " bytes at offset " + std::to_string(line_start_);
      return false;
    }
    size = size * 16 + static_cast<size_t>(hex_value(line[i]));
  }
  if (i == 0) {
    error = "invalid chunk size at offset " + std::to_string(line_start_);
    return false;
  }
  // What may follow the digits: BWS and chunk extensions (";name=value"), ignored.
  size_t k = i;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
  if (k < line.size() && line[k] != ';') {
    error = "invalid byte after chunk size at offset " + std::to_string(line_start_ + k);
    return false;
  }
  if (const auto cr = line.find('\r'); cr != std::string_view::npos) {
    error = "bare CR in chunk size line at offset " + std::to_string(line_start_ + cr);
    return false;
  }
  if (size > max_body_bytes_ - body_.size()) {
    error = "chunk of " + std::to_string(size) + " bytes exceeds the body limit of " +
            std::to_string(max_body_bytes_) + " bytes at offset " + std::to_string(line_start_);
    return false;
  }
  remaining_ = size;
  state_ = size == 0 ? State::kTrailerLine : State::kData;
  return true;
}

bool ChunkedDecoder::trailer_line_done(std::string& error) {
  const auto line = without_line_end(line_);
  if (line.empty()) {
    state_ = State::kDone;
    return true;
  }
  if (line.front() == ' ' || line.front() == '\t') {
    error = "obs-fold in trailer at offset " + std::to_string(line_start_);
    return false;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    error = "trailer without colon at offset " + std::to_string(line_start_);
    return false;
  }
  if (trailers_.size() >= kMaxResponseHeaderCount) {
    error = "more than " + std::to_string(kMaxResponseHeaderCount) + " trailer fields";
    return false;
  }
  for (size_t k = 0; k < line.size(); ++k) {
    const auto c = static_cast<unsigned char>(line[k]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      error = "control byte in trailer at offset " + std::to_string(line_start_ + k);
      return false;
    }
  }
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  trailers_.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return true;
}

Result<size_t> ChunkedDecoder::feed(std::string_view bytes) {
  if (state_ == State::kFailed) return fail(error_);
  size_t used = 0;
  while (used < bytes.size() && state_ != State::kDone) {
    if (state_ == State::kData) {
      const size_t n = std::min(remaining_, bytes.size() - used);
      body_.append(bytes.data() + used, n);
      used += n;
      offset_ += n;
      remaining_ -= n;
      if (remaining_ == 0) state_ = State::kDataEnd;
      continue;
    }
    // Line states: collect one byte at a time up to LF.
    const char c = bytes[used];
    if (line_.empty()) line_start_ = offset_;
    line_ += c;
    ++used;
    ++offset_;
    if (state_ == State::kDataEnd) {
      if (c == '\n') {
        line_.clear();
        state_ = State::kSizeLine;
      } else if (!(c == '\r' && line_.size() == 1)) {
        return failure("missing CRLF after chunk data at offset " + std::to_string(offset_ - 1));
      }
      continue;
    }
    if (state_ == State::kSizeLine && line_.size() > kMaxChunkSizeLineBytes) {
      return failure("chunk size line longer than " + std::to_string(kMaxChunkSizeLineBytes) +
                     " bytes at offset " + std::to_string(line_start_));
    }
    if (state_ == State::kTrailerLine && ++trailer_bytes_ > kMaxResponseHeaderBytes) {
      return failure("trailer section longer than " + std::to_string(kMaxResponseHeaderBytes) +
                     " bytes at offset " + std::to_string(line_start_));
    }
    if (c != '\n') continue;
    std::string error;
    const bool ok = state_ == State::kSizeLine ? size_line_done(error) : trailer_line_done(error);
    line_.clear();
    if (!ok) return failure(std::move(error));
  }
  return used;
}

}  // namespace blobconform::transport
