// A small JSON Schema (draft 2020-12) validator for the project's own schemas
// (cases/schema/case.schema.json, cases/schema/operations.schema.json).
//
// It supports exactly the keywords those schemas use:
//   type (a name or a list of names), properties, required, additionalProperties (true, false or
//   a schema), patternProperties, items, prefixItems, minItems, maxItems, uniqueItems, enum,
//   const, pattern (ECMAScript, searched), minLength, maxLength (in code points), minimum,
//   maximum, oneOf, anyOf, allOf, not, and $ref to "#/$defs/<name>";
// plus the annotations $schema, $defs, $comment, title and description. Any other keyword in the
// schema is reported as a problem at pointer "" before the instance is looked at, so the schemas
// and this validator cannot drift apart silently.
//
// Problems are meant for a person fixing the file: each names the JSON pointer into the instance
// and the reason. When no branch of a oneOf/anyOf holds, the problems of the branch that came
// closest are reported (e.g. `/cases/0/setup/1: unknown field "argz" (allowed: ...)`), not just
// "matches none of the alternatives". The `title` of a branch names it in messages, and the
// `title` of a `not` subschema says what is not allowed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace blobconform::cases {

struct SchemaProblem {
  std::string pointer;  // JSON pointer into the instance, e.g. "/cases/2/expect/status"; "" for the root
  std::string reason;
};

// How deep schema applications may nest (instance nesting, $ref and combinator chains together).
inline constexpr int kMaxSchemaDepth = 64;
// Strings longer than this are not matched against a pattern (std::regex recurses per character).
inline constexpr size_t kMaxPatternSubjectBytes = 8192;

// Validates `instance` against `schema`. An empty result means the instance is valid. Never
// throws; a broken schema is reported as problems at pointer "" whose reason starts "schema:".
std::vector<SchemaProblem> validate_against_schema(const nlohmann::json& schema, const nlohmann::json& instance);

}  // namespace blobconform::cases
