#include "harness/cli/account_client.h"

#include "harness/cases/loader.h"

namespace blobconform::cli {

namespace {

// The project's definitions (operations, capabilities, rules, named setups), loaded once.
Result<const cases::Catalog*> standard_definitions() {
  static const Result<const cases::Catalog*> loaded = []() -> Result<const cases::Catalog*> {
    static cases::Catalog catalog;
    cases::LoadOptions load;
    load.definition_dirs = {(data_dir() / "cases").string()};
    load.schema_dir = (data_dir() / "cases" / "schema").string();
    cases::Problems problems;
    catalog = cases::load_catalog(load, problems);
    if (!problems.empty()) return fail("the project's operations: " + cases::to_string(problems.front()));
    return &catalog;
  }();
  return loaded;
}

}  // namespace

Result<std::unique_ptr<engine::AccountClient>> account_client(const PreparedTarget& prepared, const TargetSettings& settings,
                                                              const std::string& version, const cases::Catalog* catalog) {
  auto definitions = catalog ? Result<const cases::Catalog*>(catalog) : standard_definitions();
  if (!definitions) return definitions.error();
  if (!prepared.key && !prepared.token) return fail("the target has neither an AccountKey nor a bearer token");
  return std::make_unique<engine::AccountClient>(prepared.target, prepared.key ? &*prepared.key : nullptr, **definitions,
                                                 tls_options(settings), timeouts(settings), version,
                                                 std::string("blobconform/") + BLOBCONFORM_VERSION, bearer_of(prepared));
}

}  // namespace blobconform::cli
