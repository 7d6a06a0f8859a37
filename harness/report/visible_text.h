// Text from a run as a reader may see it: results carry server-controlled bytes (headers, error
// messages, bodies) that can be invalid UTF-8 or control characters. Every report that renders
// such text to a person passes it through here before its own escaping.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace blobconform::report {

// Valid UTF-8 is kept; control characters other than newline and tab, DEL, and bytes that are
// not valid UTF-8 become "\xNN", so the result is valid UTF-8 and every odd byte stays visible.
std::string visible_text(std::string_view text);

// visible_text() on one line: runs of whitespace (newlines included) become one space, the ends
// are trimmed, and past `max_chars` characters (code points) the text is cut and ends in "…".
std::string one_line(std::string_view text, size_t max_chars);

// "850 ms", "12.3 s", "4 min 05 s": a run's duration as a reader takes it in at a glance.
std::string human_duration(std::chrono::milliseconds duration);

}  // namespace blobconform::report
