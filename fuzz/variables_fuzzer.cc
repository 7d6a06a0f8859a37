// The small languages inside case files: `when` version ranges (check::parse_when, describe,
// contains, compare_versions) and {{name}} references (cases::referenced_names, substitute).
// Oracles:
//  - describe(parse_when(x)) parses back to the same range, and a range holds its own bounds
//    exactly when they are inclusive;
//  - compare_versions is antisymmetric and reflexive (the input's first line against the rest);
//  - substitute looks up exactly the names referenced_names lists, in order, once each (one pass:
//    a substituted value that looks like a reference is not expanded again), and both accept the
//    same texts; an unknown name makes substitute fail.
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "harness/cases/variables.h"
#include "harness/check/version.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

bool same(const check::VersionRange& a, const check::VersionRange& b) {
  return a.lower == b.lower && a.upper == b.upper && a.lower_inclusive == b.lower_inclusive &&
         a.upper_inclusive == b.upper_inclusive;
}

void check_when(std::string_view text) {
  auto range = check::parse_when(text);
  if (!range) return;
  require(!range->lower.empty() || !range->upper.empty(), "a parsed range has a bound");
  require(range->lower.empty() || check::is_version(range->lower), "a lower bound is a version");
  require(range->upper.empty() || check::is_version(range->upper), "an upper bound is a version");
  auto again = check::parse_when(check::describe(*range));
  require(again.ok() && same(*range, *again), "parse_when(describe(r)) == r");
  if (!range->lower.empty()) {
    require(check::contains(*range, range->lower) == range->lower_inclusive, "a range holds its lower bound iff inclusive");
  }
  if (!range->upper.empty()) {
    require(check::contains(*range, range->upper) == range->upper_inclusive, "a range holds its upper bound iff inclusive");
  }
}

void check_compare(std::string_view text) {
  auto lf = text.find('\n');
  std::string_view a = text.substr(0, lf);
  std::string_view b = lf == std::string_view::npos ? std::string_view{} : text.substr(lf + 1);
  require(check::compare_versions(a, b) == -check::compare_versions(b, a), "compare_versions is antisymmetric");
  require(check::compare_versions(a, a) == 0, "compare_versions(a, a) == 0");
}

void check_references(std::string_view text) {
  auto names = cases::referenced_names(text);
  std::vector<std::string> looked_up;
  auto substituted = cases::substitute(text, [&](const std::string& name, std::string& value) {
    looked_up.push_back(name);
    value = "{{" + name + "}}";  // would be a reference if expanded again
    return true;
  });
  require(names.ok() == substituted.ok(), "referenced_names and substitute accept the same texts");
  if (!names) return;
  require(*names == looked_up, "substitute looks up exactly the referenced names, in order");
  if (names->empty()) {
    require(*substituted == text, "a text without references is left as it is");
    return;
  }
  auto unknown = cases::substitute(text, [](const std::string&, std::string&) { return false; });
  require(!unknown.ok(), "an unknown variable is an error");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = blobconform::fuzz::as_text(data, size);
  check_when(text);
  check_compare(text);
  check_references(text);
  return 0;
}
