// The oracles that judge one answer to a mutated request alone, written once as graded outcomes of
// the case format (case-format §5: the first outcome that holds decides). A `fail` outcome is an
// oracle; its reason starts with the oracle's name:
//   server-error              a 5xx answer (or a status outside 100-599, which RFC 9110 §15 says
//                             to treat as one)
//   unauthenticated-success   a 2xx to a request whose signature does not match, or that has none
//   error-without-request-id  a 4xx without x-ms-request-id
//   error-code-mismatch       a 4xx whose x-ms-error-code differs from its XML Code
// A request that got no answer (none within the timeout, a malformed one, a close) is
// `no-response`: there is nothing to evaluate. The fuzzer judges with these outcomes, `replay`
// judges with them, and a finding's regression case carries them as its `outcomes`; a status
// above 599 matches none of them there (the format's statuses stop at 599), so the case fails
// without naming the oracle.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/transport/message.h"

namespace blobconform::netfuzz {

// The outcomes, as case-file JSON, for a request that is signed validly or not.
nlohmann::json answer_outcomes(bool unauthenticated);

struct Verdict {
  std::string oracle, detail;  // detail: what was seen ("answered 400 InvalidQueryParameterValue ...")
  int status = 0;              // the answer's status; 0 for no answer
};
// The oracle the answer fails, or nullopt.
std::optional<Verdict> judge_answer(const transport::Exchange& exchange, bool unauthenticated);

}  // namespace blobconform::netfuzz
