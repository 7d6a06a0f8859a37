// A deliberately wrong signature, for cases that check the service rejects it.
#pragma once

#include <string>
#include <string_view>

namespace blobconform::auth {

// Replaces the first Base64 character of `signature` by the next one of the Base64 alphabet
// (cyclically). The result differs in exactly one character and stays valid Base64, because the
// first character always carries six full bits. Input without a Base64 character is returned as is.
std::string tamper_signature(std::string_view signature);

}  // namespace blobconform::auth
