// Reading case folders (case-format.md §1): groups, operations, capabilities, rules and named
// setups, checked
// against the project's JSON Schemas. Every problem names the file, the field and the reason.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/cases/case_model.h"
#include "harness/cases/json_schema.h"
#include "harness/cases/problem.h"
#include "harness/wire/result.h"

namespace blobconform::cases {

inline constexpr int kSupportedFormat = 1;
inline constexpr size_t kMaxCaseFileBytes = 4 * 1024 * 1024;

struct LoadOptions {
  std::vector<std::string> case_dirs;  // each may hold operations.json, capabilities.json, rules.json, setups.json
  std::string schema_dir;              // holds case.schema.json and operations.schema.json
  // Folders whose operations.json, capabilities.json, rules.json and setups.json are loaded, not their groups
  // (the project's standard definitions when its corpus is left out). Loaded first.
  std::vector<std::string> definition_dirs{};
};

// Loads everything it can; `problems` receives every problem found. A file with a problem
// contributes nothing to the catalog. A definition file with the same bytes as one already loaded
// (a copy of the project's cases/) is read once.
Catalog load_catalog(const LoadOptions& options, Problems& problems);

// The pieces, for tests and tools.
// Whether a file of a case folder (its path relative to the folder) is not a group file:
// operations.json, rules.json, capabilities.json, setups.json, and the schemas under schema/.
bool is_reserved_file(const std::filesystem::path& relative);
// Uses of named setups are looked up in the file's own "setups", then in `shared` (default: the
// catalog's, from setups.json files).
void load_group_file(Catalog& catalog, const std::string& file, const std::string& case_dir,
                     const SchemaValidator& schema, Problems& problems, const NamedSetups* shared = nullptr);
// The same, for a document already parsed (`file` names it in problems; its path below `case_dir`
// gives the expected group name).
void load_group_document(Catalog& catalog, const nlohmann::json& document, const std::string& file,
                         const std::string& case_dir, const SchemaValidator& schema, Problems& problems,
                         const NamedSetups* shared = nullptr);
// A case folder's setups.json: named setups every group may use (validated as the case schema's
// "setupsFile"); a name defined twice is a problem.
void load_setups_file(Catalog& catalog, const std::string& file, const SchemaValidator& case_schema, Problems& problems);
void load_setups_document(Catalog& catalog, const nlohmann::json& document, const std::string& file,
                          const SchemaValidator& case_schema, Problems& problems);
void load_operations_file(Catalog& catalog, const std::string& file, const SchemaValidator& schema,
                          Problems& problems);
// The same, for a document already parsed (`file` names it in problems).
void load_operations_document(Catalog& catalog, const nlohmann::json& document, const std::string& file,
                              const SchemaValidator& schema, Problems& problems);

// A list of steps in the case format (uses of the catalog's named setups allowed) that no case
// file holds, such as the network fuzzer's setup: each step's pointer is "<where>/<index>".
Result<std::vector<Step>> read_steps(const nlohmann::json& list, const Catalog& catalog, const std::string& where);

// Reads and parses a JSON file; a problem (with line and column for bad JSON) on failure.
bool read_json_file(const std::string& file, nlohmann::json& out, Problems& problems);
// Parses JSON text (at most kMaxCaseFileBytes); never throws.
bool parse_json_text(std::string_view text, const std::string& file, nlohmann::json& out, Problems& problems);

}  // namespace blobconform::cases
