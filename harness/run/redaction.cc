#include "harness/run/redaction.h"

#include "harness/auth/redaction.h"
#include "harness/wire/encoding.h"

namespace blobconform::run {
namespace {

void replace_all(std::string& text, const std::string& needle) {
  if (needle.empty()) return;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    text.replace(at, needle.size(), kRedacted);
  }
}

void redact_headers(transport::HeaderList& headers, const std::vector<std::string>& secrets) {
  for (auto& [name, value] : headers) {
    if (wire::iequals(name, "Authorization")) value = auth::redact_authorization(value);
    else if (wire::iequals(name, "x-ms-copy-source")) value = auth::redact_sas(value);
    value = scrub(std::move(value), secrets);
  }
}

}  // namespace

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.size() < 8) continue;  // a signature is never this short; avoid redacting noise
    replace_all(text, secret);
    replace_all(text, wire::percent_encode(secret));
    auto decoded = wire::percent_decode(secret);
    if (decoded) replace_all(text, *decoded);
  }
  return text;
}

transport::Exchange redact(transport::Exchange exchange, const std::vector<std::string>& secrets) {
  exchange.request.target = scrub(auth::redact_sas(exchange.request.target), secrets);
  redact_headers(exchange.request.headers, secrets);
  exchange.request.body = scrub(std::move(exchange.request.body), secrets);
  if (exchange.response) {
    redact_headers(exchange.response->headers, secrets);
    exchange.response->body = scrub(std::move(exchange.response->body), secrets);
    exchange.response->reason = scrub(std::move(exchange.response->reason), secrets);
  }
  exchange.transport_error = scrub(std::move(exchange.transport_error), secrets);
  return exchange;
}

}  // namespace blobconform::run
