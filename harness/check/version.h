// x-ms-version dates ("YYYY-MM-DD") and the `when` ranges of case-format §5.
#pragma once

#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::check {

// True for "YYYY-MM-DD" with a month 01-12 and a day 01-31.
bool is_version(std::string_view text);

// <0, 0 or >0 as a is older than, the same as, or newer than b. Well-formed dates compare by
// calendar order (which is their character order).
int compare_versions(std::string_view a, std::string_view b);

// A set of versions; an empty bound is unbounded on that side.
struct VersionRange {
  std::string lower;
  bool lower_inclusive = true;
  std::string upper;
  bool upper_inclusive = true;
};

// ">=2017-07-29", ">2015-01-01", "<2015-02-21", "<=2015-02-21", "=2015-04-05", or
// "2012-02-12..2015-04-05" (both ends inclusive). Anything else, an invalid date, or an empty
// range is an error naming the reason.
Result<VersionRange> parse_when(std::string_view text);

// Whether the version lies in the range. A version that is not a date lies in no bounded range.
bool contains(const VersionRange& range, std::string_view version);

// ">=2017-07-29", "2012-02-12..2015-04-05": the form parse_when reads.
std::string describe(const VersionRange& range);

}  // namespace blobconform::check
