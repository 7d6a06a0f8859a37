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

int attention_rank(ResultKind kind) {
  switch (kind) {
    case ResultKind::Fail: return 0;
    case ResultKind::Error: return 1;
    case ResultKind::NonStrict: return 2;
    case ResultKind::Inconclusive: return 3;
    case ResultKind::Info: return 4;
    case ResultKind::Skip: return 5;
    case ResultKind::Pass: return 6;
  }
  return 0;
}

}  // namespace blobconform::report
