// auth::parse_user_delegation_key, the reader of Get User Delegation Key's answer that a
// user-delegation SAS is signed with.
// Oracles: no crash or sanitizer finding on any input; an error is one of the reader's own
// messages (pugixml's descriptions and byte counts aside), so it never carries the key's Value (a
// secret); a key read, written again as a <UserDelegationKey> document, reads to the same key.
#include <pugixml.hpp>

#include <set>
#include <sstream>
#include <string>

#include "fuzz/fuzz_support.h"
#include "harness/auth/user_delegation_key.h"

namespace {

const char* const kElements[] = {"SignedOid",     "SignedTid",     "SignedStart", "SignedExpiry",
                                 "SignedService", "SignedVersion", "Value",       "SignedDelegatedUserTid"};

// Every message parse_user_delegation_key can give, digits removed.
const std::set<std::string>& known_messages() {
  static const std::set<std::string> messages = [] {
    std::set<std::string> out = {"the user delegation key is  bytes, more than ",
                                 "the user delegation key's <Value> is not Base64"};
    for (int status = pugi::status_ok; status <= pugi::status_no_document_element; ++status) {
      pugi::xml_parse_result result;
      result.status = static_cast<pugi::xml_parse_status>(status);
      out.insert(std::string("the user delegation key is not XML: ") + result.description());
    }
    for (const char* name : kElements) {
      for (const char* reason : {"> holds elements, not text", "> is empty", "> holds a line break"}) {
        out.insert(std::string("the user delegation key's <") + name + reason);
      }
      out.insert(std::string("the user delegation key has no <") + name + ">");
    }
    std::set<std::string> stripped;
    for (const auto& message : out) {
      std::string text;
      for (char c : message) if (c < '0' || c > '9') text += c;
      stripped.insert(text);
    }
    return stripped;
  }();
  return messages;
}

std::string written(const blobconform::auth::UserDelegationKey& key) {
  pugi::xml_document document;
  pugi::xml_node root = document.append_child("UserDelegationKey");
  const std::string* values[] = {&key.signed_oid,    &key.signed_tid,     &key.signed_start, &key.signed_expiry,
                                 &key.signed_service, &key.signed_version, &key.value,        &key.signed_delegated_user_tid};
  for (size_t i = 0; i < std::size(kElements); ++i) {
    if (values[i]->empty()) continue;
    root.append_child(kElements[i]).text().set(values[i]->c_str());
  }
  std::ostringstream out;
  document.save(out, "", pugi::format_raw);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using blobconform::fuzz::require;
  using namespace blobconform;
  auto key = auth::parse_user_delegation_key(blobconform::fuzz::as_text(data, size));
  if (!key) {
    std::string message;
    for (char c : key.error().message) if (c < '0' || c > '9') message += c;
    // A root element's name is the input's: the message quotes it, and only it.
    if (message.rfind("the user delegation key's root element is <", 0) == 0) return 0;
    require(known_messages().count(message) == 1, "an error is one of the reader's own messages (numbers aside)");
    return 0;
  }
  // Text with a NUL cannot be written back as the same text.
  for (const std::string* field : {&key->signed_oid, &key->signed_tid, &key->signed_start, &key->signed_expiry,
                                   &key->signed_service, &key->signed_version, &key->value,
                                   &key->signed_delegated_user_tid}) {
    if (field->find('\0') != std::string::npos) return 0;
  }
  auto again = auth::parse_user_delegation_key(written(*key));
  require(again.ok(), "a key written again reads");
  require(again->signed_oid == key->signed_oid && again->signed_tid == key->signed_tid &&
              again->signed_start == key->signed_start && again->signed_expiry == key->signed_expiry &&
              again->signed_service == key->signed_service && again->signed_version == key->signed_version &&
              again->value == key->value && again->signed_delegated_user_tid == key->signed_delegated_user_tid,
          "a key written again reads to the same fields");
  return 0;
}
