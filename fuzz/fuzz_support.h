// What every fuzz target shares: the input as text, line splitting, and the oracle check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

// libFuzzer calls this for each input; fuzz/replay_main.cc calls it for each corpus file.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace blobconform::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A violated property is a finding like a crash: abort() makes libFuzzer (and the sanitizers)
// save the input, and the message says which property failed, since a stack trace alone does not.
inline void require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz oracle violated: %s\n", property);
  std::abort();
}

// Splits at LF; one CR before the LF belongs to the line end. A last line without LF counts too.
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t lf = text.find('\n');
    std::string_view line = text.substr(0, lf);
    if (lf != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text = lf == std::string_view::npos ? std::string_view{} : text.substr(lf + 1);
  }
  return lines;
}

}  // namespace blobconform::fuzz
