#include "harness/run/redaction.h"

#include <algorithm>

#include "harness/auth/redaction.h"
#include "harness/auth/user_delegation_key.h"
#include "harness/wire/encoding.h"

namespace blobconform::run {
namespace {

void replace_all(std::string& text, const std::string& needle) {
  if (needle.empty()) return;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    text.replace(at, needle.size(), kRedacted);
  }
}

void redact_headers(transport::HeaderList& headers, const Secrets& secrets) {
  for (auto& [name, value] : headers) {
    if (wire::iequals(name, "Authorization")) value = auth::redact_authorization(value);
    else if (wire::iequals(name, "x-ms-copy-source")) value = auth::redact_sas(value);
    value = scrub(std::move(value), secrets);
  }
}

}  // namespace

void Secrets::add(const std::string& secret) {
  if (secret.size() < kMinSecretBytes) return;
  auto keep = [&](std::string form) {
    if (!form.empty() && std::find(forms_.begin(), forms_.end(), form) == forms_.end()) forms_.push_back(std::move(form));
  };
  keep(secret);
  keep(wire::percent_encode(secret));
  if (auto decoded = wire::percent_decode(secret)) keep(std::move(*decoded));
}

void Secrets::add_carried_by(const std::string& body) {
  if (body.find("<UserDelegationKey") == std::string::npos) return;
  if (auto key = auth::parse_user_delegation_key(body)) add(key->value);
}

std::string scrub(std::string text, const Secrets& secrets) {
  for (const auto& form : secrets.forms()) replace_all(text, form);
  return text;
}

transport::Exchange redact(transport::Exchange exchange, const Secrets& secrets) {
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
