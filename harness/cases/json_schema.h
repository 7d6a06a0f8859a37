// A small JSON Schema (draft 2020-12) validator for the project's own schemas
// (cases/schema/case.schema.json, cases/schema/operations.schema.json).
//
// It supports exactly the keywords those schemas use:
//   type (a name or a list of names), properties, required, additionalProperties (true, false or
//   a schema), patternProperties, items, prefixItems, minItems, maxItems, uniqueItems, enum,
//   const, pattern (searched; see schema_pattern.h), minLength, maxLength (in code points), minimum,
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

#include <memory>
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
// Strings longer than this are not matched against a pattern (a bound on the work of one search).
inline constexpr size_t kMaxPatternSubjectBytes = 8192;

// A schema checked and its patterns compiled once, for validating many documents (a loader
// validates every case file against the same schema). Never throws. A broken schema is reported
// as problems at pointer "" whose reason starts "schema:", by schema_problems() and by every
// validate(). Safe to use from several threads at once (validate() changes nothing).
class SchemaValidator {
 public:
  explicit SchemaValidator(const nlohmann::json& schema);
  const std::vector<SchemaProblem>& schema_problems() const { return schema_problems_; }
  // An empty result means the instance is valid. A valid document is checked without building
  // any message; an invalid one is checked again for the problems to show.
  // With `definition`, the instance is checked against the root's "$defs/<definition>" instead
  // (another kind of file the same schema describes); a name it lacks is a problem.
  std::vector<SchemaProblem> validate(const nlohmann::json& instance, const std::string& definition = "") const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
  std::vector<SchemaProblem> schema_problems_;
};

// Validates `instance` against `schema` once: SchemaValidator(schema).validate(instance).
std::vector<SchemaProblem> validate_against_schema(const nlohmann::json& schema, const nlohmann::json& instance);

}  // namespace blobconform::cases
