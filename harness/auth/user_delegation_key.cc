#include "harness/auth/user_delegation_key.h"

#include <pugixml.hpp>

#include <utility>

#include "harness/wire/encoding.h"

namespace blobconform::auth {

Result<UserDelegationKey> parse_user_delegation_key(std::string_view xml) {
  if (xml.size() > kMaxUserDelegationKeyBytes) {
    return fail("the user delegation key is " + std::to_string(xml.size()) + " bytes, more than " +
                std::to_string(kMaxUserDelegationKeyBytes));
  }
  pugi::xml_document document;
  auto parsed = document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return fail(std::string("the user delegation key is not XML: ") + parsed.description());
  pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "UserDelegationKey") {
    return fail("the user delegation key's root element is <" + std::string(root.name()) + ">, not <UserDelegationKey>");
  }
  UserDelegationKey key;
  std::pair<const char*, std::string*> fields[] = {
      {"SignedOid", &key.signed_oid},         {"SignedTid", &key.signed_tid},
      {"SignedStart", &key.signed_start},     {"SignedExpiry", &key.signed_expiry},
      {"SignedService", &key.signed_service}, {"SignedVersion", &key.signed_version},
      {"Value", &key.value},                  {"SignedDelegatedUserTid", &key.signed_delegated_user_tid}};
  for (auto [name, field] : fields) {
    pugi::xml_node node = root.child(name);
    const bool optional = std::string_view(name) == "SignedDelegatedUserTid";
    if (!node) {
      if (optional) continue;
      return fail("the user delegation key has no <" + std::string(name) + ">");
    }
    if (node.first_child() && node.first_child().type() != pugi::node_pcdata) {
      return fail("the user delegation key's <" + std::string(name) + "> holds elements, not text");
    }
    *field = node.text().get();
    if (field->empty() && !optional) return fail("the user delegation key's <" + std::string(name) + "> is empty");
    if (field->find_first_of("\r\n") != std::string::npos) {
      return fail("the user delegation key's <" + std::string(name) + "> holds a line break");
    }
  }
  if (!wire::base64_decode(key.value)) return fail("the user delegation key's <Value> is not Base64");
  return key;
}

}  // namespace blobconform::auth
