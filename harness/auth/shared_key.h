// Shared Key and Shared Key Lite authorization of a request (facts §4).
#pragma once

#include <string>
#include <string_view>

#include "harness/auth/account_key.h"
#include "harness/auth/canonicalized_headers.h"
#include "harness/transport/message.h"
#include "harness/wire/result.h"

namespace blobconform::auth {

// The rules follow the request's x-ms-version header; absent or not "YYYY-MM-DD": the newest rules.
//  - Before 2009-09-19 Shared Key had the layout Shared Key Lite keeps (the front end's
//    MessageCanonicalizer.CanonicalizeHttpRequestDefault), unless `by_version` is false (a server
//    that knows only the 2009-09-19 layout).
//  - Content-Length "0" is an empty line from 2015-02-21, "0" before.
//  - Empty-valued x-ms- headers are kept from 2016-05-31, left out before.
//  - The Date line is empty when x-ms-date is present.
// `target` is the request target as sent: encoded path, then "?query" if any. Query names are
// lowercased, names and values decoded (a malformed %-escape is an error), sorted by name, repeated
// names merged (values sorted, joined by ","); a parameter without '=' has the empty value. The
// x-ms- headers are sorted in `order` (the service's, unless a test wants byte order).
Result<std::string> shared_key_string_to_sign(std::string_view method, std::string_view target,
                                              const transport::HeaderList& headers, std::string_view account,
                                              HeaderOrder order = HeaderOrder::Service, bool by_version = true);
Result<std::string> shared_key_lite_string_to_sign(std::string_view method, std::string_view target,
                                                   const transport::HeaderList& headers, std::string_view account,
                                                   HeaderOrder order = HeaderOrder::Service);

enum class SharedKeyScheme { SharedKey, SharedKeyLite };

// Signs the request's final method, target and headers and sets
// "Authorization: SharedKey <header_account>:<signature>" (or SharedKeyLite), replacing any
// Authorization header already there. header_account (empty: key.account) is also the account of
// the canonicalized resource, so a foreign account is signed consistently with the wrong key.
// tamper: one character of the signature is changed (tamper_signature). Returns the signature sent.
Result<std::string> sign_request(transport::Request& request, const AccountKey& key, SharedKeyScheme scheme,
                                 std::string_view header_account, bool tamper);

}  // namespace blobconform::auth
