#include "harness/auth/service_version.h"

namespace blobconform::auth {

bool is_service_version(std::string_view text) {
  if (text.size() != 10) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

bool version_at_least(std::string_view version, std::string_view since) { return version >= since; }

}  // namespace blobconform::auth
