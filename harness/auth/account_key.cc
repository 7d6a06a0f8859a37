#include "harness/auth/account_key.h"

#include "harness/wire/encoding.h"

namespace blobconform::auth {

Result<AccountKey> make_account_key(std::string_view account, std::string_view key_base64) {
  if (account.empty()) return fail("account: must not be empty");
  if (key_base64.empty()) return fail("account key: must not be empty");
  auto decoded = wire::base64_decode(key_base64);
  if (!decoded) return fail("account key: not valid Base64 (" + std::to_string(key_base64.size()) + " characters)");
  return AccountKey{std::string(account), std::move(*decoded)};
}

}  // namespace blobconform::auth
