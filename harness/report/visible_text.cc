#include "harness/report/visible_text.h"

#include <cstdio>

namespace blobconform::report {
namespace {

constexpr const char* kEllipsis = "…";

std::string hex_byte(unsigned char c) {
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02X", c);
  return text;
}

// Length of the valid UTF-8 sequence at `at` (RFC 3629: no overlongs, no surrogates, at most
// U+10FFFF), or 0 when the bytes there are not one.
size_t utf8_sequence_length(std::string_view text, size_t at) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  auto continuation = [&](size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
  unsigned char lead = byte(at);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(at + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(at + 1) || !continuation(at + 2)) return 0;
    unsigned char second = byte(at + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(at + 1) || !continuation(at + 2) || !continuation(at + 3)) return 0;
    unsigned char second = byte(at + 1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string visible_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t length = utf8_sequence_length(text, i);
    if (length == 0 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out += hex_byte(c);
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string one_line(std::string_view text, size_t max_chars) {
  std::string visible = visible_text(text);
  std::string out;
  size_t chars = 0;
  bool pending_space = false;
  for (size_t i = 0; i < visible.size();) {
    char c = visible[i];
    if (c == ' ' || c == '\n' || c == '\t') {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (pending_space) {
      if (chars == max_chars) return out + kEllipsis;
      out += ' ';
      ++chars;
      pending_space = false;
    }
    if (chars == max_chars) return out + kEllipsis;
    size_t length = utf8_sequence_length(visible, i);  // never 0: visible_text made it valid
    out.append(visible, i, length);
    ++chars;
    i += length;
  }
  return out;
}

std::string human_duration(std::chrono::milliseconds duration) {
  constexpr long long kMsPerSecond = 1000, kSecondsPerMinute = 60;
  long long ms = duration.count();
  char text[48];
  if (ms < kMsPerSecond) std::snprintf(text, sizeof text, "%lld ms", ms);
  else if (ms < kMsPerSecond * kSecondsPerMinute) std::snprintf(text, sizeof text, "%.1f s", ms / 1000.0);
  else {
    long long seconds = ms / kMsPerSecond;
    std::snprintf(text, sizeof text, "%lld min %02lld s", seconds / kSecondsPerMinute, seconds % kSecondsPerMinute);
  }
  return text;
}

}  // namespace blobconform::report
