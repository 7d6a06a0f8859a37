// HMAC-SHA256 as Azure Storage uses it: raw key bytes in, Base64 signature out.
#pragma once

#include <string>
#include <string_view>

namespace blobconform::auth {

// Base64(HMAC-SHA256(key = key_bytes, message = message)). key_bytes are the decoded account key.
std::string hmac_sha256_base64(std::string_view key_bytes, std::string_view message);

}  // namespace blobconform::auth
