#include "harness/report/result_kinds.h"

namespace blobconform::report {

using run::ResultKind;

const char* kind_slug(ResultKind kind) {
  switch (kind) {
    case ResultKind::Pass: return "pass";
    case ResultKind::Fail: return "fail";
    case ResultKind::NonStrict: return "non-strict";
    case ResultKind::Info: return "info";
    case ResultKind::Skip: return "skip";
    case ResultKind::Inconclusive: return "inconclusive";
    case ResultKind::Error: return "error";
  }
  return "error";
}

bool counts_as_failure(ResultKind kind, bool strict) {
  return kind == ResultKind::Fail || kind == ResultKind::Error || (strict && kind == ResultKind::NonStrict);
}

}  // namespace blobconform::report
