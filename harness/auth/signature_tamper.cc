#include "harness/auth/signature_tamper.h"

namespace blobconform::auth {

std::string tamper_signature(std::string_view signature) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out(signature);
  for (char& c : out) {
    auto at = kAlphabet.find(c);
    if (at == std::string_view::npos) continue;
    c = kAlphabet[(at + 1) % kAlphabet.size()];
    break;
  }
  return out;
}

}  // namespace blobconform::auth
