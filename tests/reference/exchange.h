// A request as the reference target's handlers see it, and the reply they build.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/transport/message.h"
#include "tests/reference/faults.h"

namespace blobconform::reference {

struct Incoming {
  std::string method;
  std::string target;  // as received: encoded path, then ?query
  std::string account, container, blob;  // decoded path segments; empty when absent
  size_t segments = 0;                   // path segments after the account
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  transport::HeaderList headers;                          // as received
  std::string body;
  std::string remote_addr;
  bool https = false;
  std::string version;  // the protocol version the request runs at
  std::string host;     // the Host header
  std::string http_version;  // the request line's, "HTTP/1.1"
  bool param_names_exact = false;  // Fault::QueryNamesCaseSensitive: query names matched with their case

  std::optional<std::string> header(std::string_view name) const;  // first value
  // Every value of a repeated header, joined with commas (as .NET reads them), and how many there are.
  std::string joined_header(std::string_view name) const;
  size_t header_count(std::string_view name) const;
  std::optional<std::string> param(std::string_view name) const;  // first value
  size_t param_count(std::string_view name) const;
  std::string joined_param(std::string_view name) const;  // every value, joined with commas (as .NET reads them)
  bool query_name_matches(std::string_view key, std::string_view name) const;  // in any case (unless param_names_exact)
};

struct Reply {
  int status = 200;
  transport::HeaderList headers;
  std::string body;
  std::string content_type;
  // An Azure error: the code goes into the XML body and x-ms-error-code; extra elements follow
  // <Message> (HeaderName, QueryParameterName, AuthenticationErrorDetail, ...).
  std::string error_code;
  std::string message;
  std::vector<std::pair<std::string, std::string>> details;
  bool front_end = false;  // a rejection before the request reaches the service: no x-ms-version or x-ms-error-code
  // Raised before the operation's handler (authentication, routing: azure-front-end.md §0 steps
  // 1-7): no x-ms-version, as the front end adds it only once the handler runs.
  bool before_handler = false;
  // The refusal of a bearer token: no x-ms-client-request-id echo either (docs/research/bearer-tokens.md §2).
  bool echo_client_request_id = true;

  void set(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Fills target, account, container, blob, segments and query from a request target
// ("/account/container/blob?query"). Errors: a query with a malformed %-escape (the message names
// the parameter).
std::optional<std::string> parse_target(std::string_view target, Incoming& into);

inline Reply error_reply(int status, std::string code, std::string message,
                         std::vector<std::pair<std::string, std::string>> details = {}) {
  Reply reply;
  reply.status = status;
  reply.error_code = std::move(code);
  reply.message = std::move(message);
  reply.details = std::move(details);
  return reply;
}

}  // namespace blobconform::reference
