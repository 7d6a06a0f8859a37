// From a step to the exact request (case-format §3.1): template, args and variables, the step's
// overrides, the harness's automatic headers, then authorization.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "harness/auth/shared_key.h"
#include "harness/cases/case_model.h"
#include "harness/cases/variables.h"
#include "harness/transport/message.h"
#include "harness/wire/http_date.h"
#include "harness/wire/result.h"

namespace blobconform::cases {

struct RequestContext {
  std::string account;      // the target's account
  std::string base_path;    // "/devstoreaccount1" for path-style endpoints, "" for host-style
  std::string origin;       // "http://127.0.0.1:10000": blob URLs are built from it
  std::string host_header;  // "127.0.0.1:10000"
  std::string version;      // the instance's x-ms-version
  std::string user_agent;   // "blobconform/0.1.0"
  wire::Clock::time_point now;
  const auth::AccountKey* key = nullptr;  // Shared Key and SAS; null: the target has no key
  // The run's bearer token, fetched anew when it is about to expire; empty: the run has none. A
  // step without `auth` signs with it only when the run has no key.
  std::function<Result<std::string>()> bearer;
  // The token of an identity without a data role on the account (--no-role-token-command); empty: none.
  std::function<Result<std::string>()> no_role_bearer;
  // The request goes over plain HTTP to another machine (a step with "scheme": "http"): a token
  // is sent there only with a claim changed (unsigned), never as the run has it.
  bool in_clear = false;
};

// The scheme a step signs with in `context`: its own, or for a step without one Shared Key when
// the run has the account's key, else the run's bearer token.
AuthSpec::Scheme effective_scheme(const Step& step, const RequestContext& context);

struct BuiltRequest {
  transport::Request request;
  std::string client_request_id;     // the value sent, for {{client_request_id}} in expectations
  std::vector<std::string> secrets;  // signatures computed for it: never to be shown
};

Result<BuiltRequest> build_request(const Step& step, const Catalog& catalog, const Scope& scope,
                                   const RequestContext& context);

// The raw form of an operation step (case-format §3.1 steps 1-3, variables left as {{name}}):
// method, path, raw_query and raw_headers as its template, args and overrides make them; a header
// the step removes stays removed. Sent, it is the same request as the step (the headers the
// harness adds come first), except that a blob_sas_url arg is a bare URL there (no SAS is signed
// for a form); the network fuzzer mutates it, and a finding's case carries it. A raw or fixture
// step is returned as it is.
Result<Step> raw_form(const Step& step, const Catalog& catalog);

}  // namespace blobconform::cases
