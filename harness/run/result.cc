#include "harness/run/result.h"

namespace blobconform::run {
namespace {

constexpr std::pair<ResultKind, const char*> kNames[] = {
    {ResultKind::Pass, "PASS"}, {ResultKind::Fail, "FAIL"},         {ResultKind::NonStrict, "NON-STRICT"},
    {ResultKind::Info, "INFO"}, {ResultKind::Skip, "SKIP"},         {ResultKind::Inconclusive, "INCONCLUSIVE"},
    {ResultKind::Error, "ERROR"}};

}  // namespace

const char* result_name(ResultKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "ERROR";
}

bool parse_result_name(const std::string& name, ResultKind& kind) {
  for (const auto& [k, text] : kNames) {
    if (name == text) {
      kind = k;
      return true;
    }
  }
  return false;
}

}  // namespace blobconform::run
