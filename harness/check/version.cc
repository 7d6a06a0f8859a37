#include "harness/check/version.h"

#include "harness/wire/encoding.h"

namespace blobconform::check {

namespace {

bool digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int two_digits(std::string_view text) { return (text[0] - '0') * 10 + (text[1] - '0'); }

Result<std::string> parse_date(std::string_view text, std::string_view whole) {
  if (!is_version(text)) {
    return fail("version range \"" + std::string(whole) + "\": \"" + std::string(text) +
                "\" is not a date YYYY-MM-DD");
  }
  return std::string(text);
}

}  // namespace

bool is_version(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!digits(text.substr(0, 4)) || !digits(text.substr(5, 2)) || !digits(text.substr(8, 2))) {
    return false;
  }
  int month = two_digits(text.substr(5, 2));
  int day = two_digits(text.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int compare_versions(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

Result<VersionRange> parse_when(std::string_view text) {
  std::string_view t = wire::trim(text);
  VersionRange range;
  if (size_t dots = t.find(".."); dots != std::string_view::npos) {
    auto lower = parse_date(wire::trim(t.substr(0, dots)), text);
    if (!lower) return lower.error();
    auto upper = parse_date(wire::trim(t.substr(dots + 2)), text);
    if (!upper) return upper.error();
    if (compare_versions(*lower, *upper) > 0) {
      return fail("version range \"" + std::string(text) + "\": the lower end is after the upper end");
    }
    range.lower = *lower;
    range.upper = *upper;
    return range;
  }
  std::string_view op;
  for (std::string_view candidate : {">=", "<=", ">", "<", "="}) {
    if (t.substr(0, candidate.size()) == candidate) {
      op = candidate;
      break;
    }
  }
  if (op.empty()) {
    return fail("version range \"" + std::string(text) +
                "\": expected >=, >, <, <=, = followed by a date, or DATE..DATE");
  }
  auto date = parse_date(wire::trim(t.substr(op.size())), text);
  if (!date) return date.error();
  if (op[0] == '>' || op == "=") {
    range.lower = *date;
    range.lower_inclusive = op != ">";
  }
  if (op[0] == '<' || op == "=") {
    range.upper = *date;
    range.upper_inclusive = op != "<";
  }
  return range;
}

bool contains(const VersionRange& range, std::string_view version) {
  if (range.lower.empty() && range.upper.empty()) return true;
  if (!is_version(version)) return false;
  if (!range.lower.empty()) {
    int c = compare_versions(version, range.lower);
    if (c < 0 || (c == 0 && !range.lower_inclusive)) return false;
  }
  if (!range.upper.empty()) {
    int c = compare_versions(version, range.upper);
    if (c > 0 || (c == 0 && !range.upper_inclusive)) return false;
  }
  return true;
}

std::string describe(const VersionRange& range) {
  if (range.lower.empty() && range.upper.empty()) return "any version";
  if (!range.lower.empty() && !range.upper.empty()) {
    if (range.lower == range.upper && range.lower_inclusive && range.upper_inclusive) {
      return "=" + range.lower;
    }
    if (range.lower_inclusive && range.upper_inclusive) return range.lower + ".." + range.upper;
    return std::string(range.lower_inclusive ? ">=" : ">") + range.lower + " and " +
           (range.upper_inclusive ? "<=" : "<") + range.upper;
  }
  if (!range.lower.empty()) return (range.lower_inclusive ? ">=" : ">") + range.lower;
  return (range.upper_inclusive ? "<=" : "<") + range.upper;
}

}  // namespace blobconform::check
