// report::parse_results_json, which `report` and `repro` use to read results.json files back.
// Oracle: a record that parses, written again with results_json(), parses to the same JSON (the
// reader loses nothing the writer wrote); nothing throws.
#include "fuzz/fuzz_support.h"
#include "harness/report/results_json.h"
#include "harness/report/results_reader.h"

using namespace blobconform;
using blobconform::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto record = report::parse_results_json(blobconform::fuzz::as_text(data, size), "results.json");
  if (!record) {
    require(record.error().message.rfind("results.json: ", 0) == 0, "every error names the file");
    return 0;
  }
  auto written = report::results_json(*record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto again = report::parse_results_json(written, "again.json");
  require(again.ok(), "what results_json() writes parses again");
  auto rewritten = report::results_json(*again).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  require(rewritten == written, "a record read back writes the same JSON");
  return 0;
}
