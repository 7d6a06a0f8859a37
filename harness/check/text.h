// Values shown to a person in a mismatch or a description: quoted, escaped, bounded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace blobconform::check {

inline constexpr size_t kMaxQuotedChars = 200;

// "\"value\"" with control bytes and quotes escaped (\n, \t, \", \\, \xNN); longer values are cut
// at max_chars and end with "… (N bytes)".
std::string quoted(std::string_view value, size_t max_chars = kMaxQuotedChars);

// "a", "a or b", "a, b or c".
std::string join_or(const std::vector<std::string>& items);

}  // namespace blobconform::check
