#include "harness/auth/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "harness/wire/encoding.h"

namespace blobconform::auth {

std::string hmac_sha256_base64(std::string_view key_bytes, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // A non-null key pointer even for an empty key: OpenSSL treats a null key as "reuse the last one".
  static const unsigned char kEmpty = 0;
  const void* key = key_bytes.empty() ? static_cast<const void*>(&kEmpty) : key_bytes.data();
  const unsigned char* data = message.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(message.data());
  if (HMAC(EVP_sha256(), key, static_cast<int>(key_bytes.size()), data, message.size(), digest, &length) == nullptr) {
    return {};
  }
  return wire::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace blobconform::auth
