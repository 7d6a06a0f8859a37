// target::parse_connection_string and auth::make_account_key; target::parse_http_endpoint.
// Oracle: the key never shows. Parsing the same text with every AccountKey value swapped for
// another key of the same shape must give the same outcome, the same describe() and the same
// error message: then nothing the user sees depends on the key, whatever else the text holds
// (a plain "describe() does not contain the key" would fire whenever the key also appears in
// AccountName or BlobEndpoint, which is not a leak).
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/auth/account_key.h"
#include "harness/target/connection_string.h"
#include "harness/wire/encoding.h"

namespace {

using namespace blobconform;

// Keys shorter than this could turn up in describe() by coincidence ("http", a port number).
constexpr size_t kMinSecretLength = 8;

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Another key of the same shape: each alphabet character moved one place along the alphabet,
// '=' and any other byte left alone, so that it is valid Base64 exactly when `key` is.
std::string other_key(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    auto at = kBase64Alphabet.find(c);
    if (at != std::string_view::npos) c = kBase64Alphabet[(at + 1) % kBase64Alphabet.size()];
  }
  return out;
}

struct Swapped {
  std::string text;          // the connection string with every AccountKey value swapped
  std::string longest_key;   // the longest original AccountKey value (trimmed)
};

// Walks the ';'-separated fields as the parser does (trimmed, names case-insensitive).
Swapped swap_keys(std::string_view text) {
  Swapped out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find(';', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view segment = text.substr(at, end - at);
    auto eq = segment.find('=');
    if (eq != std::string_view::npos && wire::iequals(wire::trim(segment.substr(0, eq)), "AccountKey")) {
      std::string_view value = segment.substr(eq + 1);
      std::string_view key = wire::trim(value);
      size_t key_at = key.empty() ? value.size() : static_cast<size_t>(key.data() - value.data());
      out.text += std::string(segment.substr(0, eq + 1)) + std::string(value.substr(0, key_at)) + other_key(key) +
                  std::string(value.substr(key_at + key.size()));
      if (key.size() > out.longest_key.size()) out.longest_key = std::string(key);
    } else {
      out.text += segment;
    }
    if (end < text.size()) out.text += ';';
    at = end + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using blobconform::fuzz::require;
  const std::string_view text = blobconform::fuzz::as_text(data, size);
  auto target = target::parse_connection_string(text);

  // --http-endpoint: what it takes is an http origin that reads back as itself; a parsed target's
  // plain-HTTP endpoint is http too.
  if (auto http = target::parse_http_endpoint(text)) {
    require(http->scheme == "http" && http->port != 0 && !http->host.empty(), "an --http-endpoint is http, with a host and port");
    auto again = target::parse_http_endpoint(transport::origin(*http));
    require(again && again->host == http->host && again->port == http->port, "an --http-endpoint's origin reads back as itself");
  }
  if (target && target->http_endpoint) {
    require(target->http_endpoint->scheme == "http", "a target's plain-HTTP endpoint is http");
  }

  if (target && !target->key.empty()) {
    auto key = auth::make_account_key(target->account, target->key);
    // A parsed target's key was checked as Base64, and its account is never empty.
    require(key.ok(), "make_account_key accepts the key and account of a parsed connection string");
  }

  Swapped swapped = swap_keys(text);
  if (swapped.longest_key.size() < kMinSecretLength) return 0;
  auto other = target::parse_connection_string(swapped.text);
  // The key's value decides nothing but itself (its Base64 validity is kept by other_key).
  require(target.ok() == other.ok(), "swapping the AccountKey value does not change whether the text parses");
  if (target.ok()) {
    // Equal descriptions under two different keys: describe() shows no AccountKey value.
    require(target->describe() == other->describe(), "describe() does not depend on the AccountKey value");
  } else {
    require(target.error().message == other.error().message, "error messages do not depend on the AccountKey value");
  }
  return 0;
}
