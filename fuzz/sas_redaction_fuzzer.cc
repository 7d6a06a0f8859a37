// auth::redact_sas and auth::redact_authorization: secrets out of reports.
// Oracles:
//  - after redact_sas, every sig parameter of the output's query (the text after the first '?',
//    or all of it without one, up to a '#'; names compared percent-decoded and
//    case-insensitively, as the header says) has the value "REDACTED";
//  - redacting twice changes nothing more (a report redacted again stays the same);
//  - redact_authorization leaves no credential: a value with a scheme keeps "scheme " and at most
//    the "account:" part, then "REDACTED"; a value without one becomes "REDACTED".
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/auth/redaction.h"
#include "harness/wire/encoding.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

constexpr std::string_view kRedacted = "REDACTED";

// Whether every sig parameter in the query of `text` has the value REDACTED.
bool every_sig_redacted(std::string_view text) {
  auto mark = text.find('?');
  std::string_view query = mark == std::string_view::npos ? text : text.substr(mark + 1);
  query = query.substr(0, query.find('#'));
  size_t at = 0;
  while (at <= query.size()) {
    size_t amp = query.find('&', at);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view segment = query.substr(at, amp - at);
    at = amp + 1;
    auto eq = segment.find('=');
    if (eq == std::string_view::npos) continue;  // a name alone carries no value to hide
    std::string_view raw_name = segment.substr(0, eq);
    auto name = wire::percent_decode(raw_name);
    if (wire::iequals(name ? std::string_view(*name) : raw_name, "sig") && segment.substr(eq + 1) != kRedacted) {
      return false;
    }
  }
  return true;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = blobconform::fuzz::as_text(data, size);

  const std::string sas = auth::redact_sas(text);
  require(every_sig_redacted(sas), "after redact_sas every sig parameter is REDACTED");
  require(auth::redact_sas(sas) == sas, "redact_sas is idempotent");
  // Only sig values change: text before the query is kept byte for byte.
  auto mark = text.find('?');
  if (mark != std::string_view::npos) require(sas.substr(0, mark + 1) == text.substr(0, mark + 1), "redact_sas keeps the text before the query");

  const std::string authorization = auth::redact_authorization(text);
  require(auth::redact_authorization(authorization) == authorization, "redact_authorization is idempotent");
  if (!wire::trim(text).empty()) {
    // Whatever the scheme and account, what follows them is gone.
    require(ends_with(authorization, kRedacted), "a non-empty Authorization value ends in REDACTED once redacted");
    require(authorization.size() <= wire::trim(text).size() + kRedacted.size() + 1,
            "redact_authorization keeps no more than the scheme and account");
  } else {
    require(authorization == text, "an empty Authorization value is left as it is");
  }
  return 0;
}
