// An account name and its shared key (decoded), the input of every signer in this folder.
#pragma once

#include <string>
#include <string_view>

#include "harness/wire/result.h"

namespace blobconform::auth {

struct AccountKey {
  std::string account;
  std::string key;  // the decoded key bytes; never printed
};

// Decodes key_base64 (strict Base64). Errors name the field, never show the key.
Result<AccountKey> make_account_key(std::string_view account, std::string_view key_base64);

}  // namespace blobconform::auth
