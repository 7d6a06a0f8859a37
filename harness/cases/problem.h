// A problem found in a case, operations, rules or baseline file: the file, the JSON pointer of
// the field, and the reason. Everything the user wrote that the harness refuses is one of these.
#pragma once

#include <string>
#include <vector>

namespace blobconform::cases {

struct Problem {
  std::string file;
  std::string pointer;  // "" for the whole file
  std::string reason;
};

using Problems = std::vector<Problem>;

inline std::string to_string(const Problem& problem) {
  std::string text = problem.file;
  if (!problem.pointer.empty()) text += ": " + problem.pointer;
  return text + ": " + problem.reason;
}

}  // namespace blobconform::cases
