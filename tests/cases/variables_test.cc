// {{name}} substitution (case-format §3.3) and its filters.
#include <gtest/gtest.h>

#include "harness/cases/variables.h"

namespace blobconform::cases {
namespace {

Scope scope() {
  Scope s;
  s.values = {{"container", "bc-1"}, {"copy_id", "ab12cd-Ef"}, {"loop", "{{container}}"}};
  int n = 0;
  s.new_uuid = [n]() mutable { return "uuid-" + std::to_string(++n); };
  return s;
}

TEST(Variables, SubstitutesKnownNamesInOnePass) {
  EXPECT_EQ(*substitute("/{{container}}/x?id={{copy_id}}", scope()), "/bc-1/x?id=ab12cd-Ef");
  EXPECT_EQ(*substitute("{{loop}}", scope()), "{{container}}");  // not expanded again
  EXPECT_EQ(*substitute("no references", scope()), "no references");
}

TEST(Variables, UuidIsNewAtEachOccurrence) {
  EXPECT_EQ(*substitute("{{uuid}} {{uuid}}", scope()), "uuid-1 uuid-2");
  EXPECT_NE(new_uuid_v4(), new_uuid_v4());
  EXPECT_EQ(new_uuid_v4().size(), 36u);
}

TEST(Variables, FiltersChangeTheLetterCaseOrTheGuidSpelling) {
  EXPECT_EQ(*substitute("{{copy_id|upper}}", scope()), "AB12CD-EF");
  EXPECT_EQ(*substitute("{{copy_id|lower}}", scope()), "ab12cd-ef");
  EXPECT_EQ(*substitute("{{copy_id|nohyphens}}", scope()), "ab12cdEf");
  EXPECT_EQ(*substitute("{{copy_id|braces}}", scope()), "{ab12cd-Ef}");
  EXPECT_FALSE(substitute("{{copy_id|reverse}}", scope()).ok());
  Scope kept = scope();
  kept.keep_variables = true;  // raw forms: the placeholder and its filter stay as written
  EXPECT_EQ(*substitute("({{copy_id|braces}}) {{copy_id|nohyphens}}", kept), "({{copy_id|braces}}) {{copy_id|nohyphens}}");
  auto names = referenced_names("{{copy_id|upper}}-{{container}}");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"copy_id", "container"}));
}

TEST(Variables, BadReferencesAreErrorsNamingThem) {
  auto unknown = substitute("{{nope}}", scope());
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("nope"), std::string::npos);
  auto filter = substitute("{{copy_id|reverse}}", scope());
  ASSERT_FALSE(filter.ok());
  EXPECT_NE(filter.error().message.find("reverse"), std::string::npos);
  EXPECT_FALSE(substitute("{{container", scope()).ok());
  EXPECT_FALSE(substitute("{{}}", scope()).ok());
  EXPECT_FALSE(substitute("{{a b}}", scope()).ok());
  EXPECT_FALSE(substitute("{{" + std::string(kMaxVariableNameLength + 1, 'a') + "}}", scope()).ok());
}

}  // namespace
}  // namespace blobconform::cases
