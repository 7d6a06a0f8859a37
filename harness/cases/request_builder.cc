#include "harness/cases/request_builder.h"

#include <map>
#include <optional>
#include <set>

#include "harness/auth/account_sas.h"
#include "harness/auth/jwt.h"
#include "harness/auth/service_sas.h"
#include "harness/auth/user_delegation_sas.h"
#include "harness/wire/encoding.h"

namespace blobconform::cases {
namespace {

using transport::HeaderList;

// Headers an ordinary HTTP request carries (build_request adds Host, User-Agent and Content-Length when they are
// absent): a request that removes one is marked exact, so it goes through the raw writer on a fresh connection.
const std::set<std::string> kClientAddedHeaders = {"host", "content-length", "user-agent", "accept",
                                                   "accept-encoding", "content-type"};

struct ResolvedArgs {
  std::map<std::string, std::string> values;                        // present string args
  std::map<std::string, std::map<std::string, std::string>> objects;  // metadata args
  std::vector<std::string> secrets;                                 // signatures of blob_sas_url args
};

// The read-only service SAS a blob_sas_url arg carries: the blob only, for an hour, at the
// instance's version (a source must be readable by the service, even within one account).
constexpr auto kSourceSasLifetime = std::chrono::hours(1);

Error at(const Step& step, const std::string& field, const std::string& reason) {
  return fail(step.pointer + (field.empty() ? "" : "/" + field) + ": " + reason);
}

// Percent-encodes a value for a path or a query; a scope that keeps its variables keeps their
// placeholders as they are.
std::string encode_value(const std::string& value, const Scope& scope) {
  if (!scope.keep_variables) return wire::percent_encode(value);
  std::string out;
  size_t done = 0;
  for (size_t open = value.find("{{"); open != std::string::npos; open = value.find("{{", done)) {
    size_t close = value.find("}}", open);
    if (close == std::string::npos) break;
    out += wire::percent_encode(value.substr(done, open - done)) + value.substr(open, close + 2 - open);
    done = close + 2;
  }
  return out + wire::percent_encode(value.substr(done));
}

// Substitutes a template: declared args first (absent optional ones make the field absent),
// then scope variables. `encode` percent-encodes each substituted value (paths, query values).
Result<std::optional<std::string>> fill(const std::string& text, const Operation* op, const ResolvedArgs& args,
                                        const Scope& scope, bool encode) {
  bool absent = false;
  auto filled = substitute(text, [&](const std::string& name, std::string& value) {
    if (op && op->args.count(name)) {
      auto found = args.values.find(name);
      if (found == args.values.end()) {
        absent = true;
        value.clear();
        return true;
      }
      value = encode ? encode_value(found->second, scope) : found->second;
      return true;
    }
    if (!scope_value(scope, name, value)) return false;
    if (encode && !scope.keep_variables) value = wire::percent_encode(value);
    return true;
  });
  if (!filled) return filled.error();
  if (absent) return std::optional<std::string>();
  return std::optional<std::string>(*filled);
}

// A path template keeps its literal '/' separators; substituted values are encoded.
Result<std::string> fill_path(const std::string& text, const Operation* op, const ResolvedArgs& args,
                              const Scope& scope) {
  auto filled = fill(text, op, args, scope, true);
  if (!filled) return filled.error();
  if (!*filled) return fail("the path names an absent arg");
  return **filled;
}

std::string sig_of(const std::string& token) {
  auto at = token.find("sig=");
  if (at == std::string::npos) return {};
  auto end = token.find('&', at);
  return token.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4);
}

// A time as a SAS or an access policy states it: "+1h", "-5m" or ISO 8601, written YYYY-MM-DDThh:mm:ssZ.
Result<std::string> sas_time(const std::string& text, wire::Clock::time_point now) {
  if (text.empty()) return std::string();
  auto when = wire::resolve_time(text, now);
  if (!when) return when.error();
  return wire::format_iso8601(*when);
}

Result<ResolvedArgs> resolve_args(const Step& step, const Operation& op, const Scope& scope,
                                  const RequestContext& context) {
  ResolvedArgs args;
  for (const auto& [name, spec] : op.args) {
    auto given = step.args.find(name);
    if (given != step.args.end() && given->second.is_object()) {
      auto& object = args.objects[name];
      for (const auto& [key, value] : given->second.items()) {
        if (!value.is_string()) return at(step, "args/" + name + "/" + key, "must be a string");
        auto filled = substitute(value.get<std::string>(), scope);
        if (!filled) return at(step, "args/" + name + "/" + key, filled.error().message);
        object[key] = *filled;
      }
      continue;
    }
    std::optional<std::string> text;
    if (given != step.args.end() && given->second.is_string()) text = given->second.get<std::string>();
    else if (spec.default_value) text = *spec.default_value;
    if (!text) {
      if (spec.required) return at(step, "args", "operation \"" + op.name + "\" needs arg \"" + name + "\"");
      continue;
    }
    auto filled = substitute(*text, scope);
    if (!filled) return at(step, "args/" + name, filled.error().message);
    // Relative to the harness clock, or absolute: sent as ISO 8601. The raw form of a step keeps
    // the text as written (it has no clock of its own).
    if (spec.kind == "time" && !scope.keep_variables) {
      auto when = sas_time(*filled, context.now);
      if (!when) return at(step, "args/" + name, when.error().message);
      *filled = *when;
    }
    args.values[name] = *filled;
  }
  // blob_url args stand for the URL of the named blob in the request's container; blob_sas_url
  // args for the same URL with a read SAS for that blob. A query after the name ("src?snapshot=<t>")
  // is kept as written, before the SAS.
  for (const auto& [name, spec] : op.args) {
    if ((spec.kind != "blob_url" && spec.kind != "blob_sas_url") || !args.values.count(name)) continue;
    std::string container = args.values.count("container") ? args.values["container"]
                            : scope.keep_variables             ? "{{container}}"
                                                               : scope.values.at("container");
    std::string account_url = scope.keep_variables ? "{{endpoint}}" : context.origin + context.base_path;
    const std::string& named = args.values[name];
    const size_t mark = named.find('?');
    std::string blob = named.substr(0, mark);
    std::string query = mark == std::string::npos ? "" : named.substr(mark + 1);
    args.values[name] = account_url + "/" + encode_value(container, scope) + "/" + encode_value(blob, scope) +
                        (query.empty() ? "" : "?" + query);
    if (spec.kind != "blob_sas_url" || scope.keep_variables) continue;
    if (!context.key) return at(step, "args/" + name, "a blob URL with a SAS needs the target's account key");
    auth::ServiceSas sas;
    sas.version = context.version;
    sas.permissions = "r";
    sas.expiry = wire::format_iso8601(context.now + kSourceSasLifetime);
    sas.resource = "b";
    sas.account = context.account;
    sas.container = container;
    sas.blob = blob;
    auto token = auth::service_sas_token(sas, *context.key, false);
    if (!token) return at(step, "args/" + name, token.error().message);
    args.secrets.push_back(sig_of(*token));
    args.values[name] += (query.empty() ? "?" : "&") + *token;
  }
  return args;
}

void set_field(std::vector<std::pair<std::string, std::string>>& fields, const std::string& name,
               const std::optional<std::string>& value, bool case_insensitive, std::set<std::string>* removed) {
  auto same = [&](const std::string& other) { return case_insensitive ? wire::iequals(other, name) : other == name; };
  std::erase_if(fields, [&](const auto& field) { return same(field.first); });
  if (value) {
    fields.emplace_back(name, *value);
  } else if (removed) {
    removed->insert(wire::to_lower(name));
  }
}

std::string join_query(const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

bool has_header(const HeaderList& headers, std::string_view name) { return transport::count_header(headers, name) > 0; }

std::string field_or(const std::map<std::string, std::string>& fields, const std::string& name,
                     const std::string& fallback = "") {
  auto found = fields.find(name);
  return found == fields.end() ? fallback : found->second;
}

// The SAS token for the step, as query text.
Result<std::string> sas_token(const Step& step, const ResolvedArgs& args, const Scope& scope,
                              const RequestContext& context) {
  const auto& fields = step.auth.sas;
  auto start = sas_time(field_or(fields, "start"), context.now);
  if (!start) return at(step, "auth/sas/start", start.error().message);
  auto expiry = sas_time(field_or(fields, "expiry", "+1h"), context.now);
  if (!expiry) return at(step, "auth/sas/expiry", expiry.error().message);
  std::string kind = field_or(fields, "kind", "service");
  // The fields both kinds of SAS have.
  auto common = [&](auto& sas) {
    sas.version = field_or(fields, "version", context.version);
    sas.permissions = field_or(fields, "permissions");
    sas.start = *start;
    sas.expiry = *expiry;
    sas.ip = field_or(fields, "ip");
    sas.protocol = field_or(fields, "protocol");
    sas.encryption_scope = field_or(fields, "encryption_scope");
    sas.account = context.account;
  };
  // A user-delegation SAS is signed with a key an earlier step saved; the others with the account's.
  if (kind != "user-delegation" && !context.key) return at(step, "auth", "a SAS needs the target's account key");
  if (kind == "account") {
    auth::AccountSas sas;
    common(sas);
    sas.services = field_or(fields, "services", "b");
    sas.resource_types = field_or(fields, "resource_types", "o");
    auto token = auth::account_sas_token(sas, *context.key, step.auth.tamper);
    if (!token) return at(step, "auth/sas", token.error().message);
    return *token;
  }
  if (kind != "service" && kind != "user-delegation") {
    return at(step, "auth/sas/kind", "must be service, account or user-delegation");
  }
  // Both kinds sign a blob or a container: the step's, or the templates' (another container or
  // blob, and an sr=bs SAS's snapshot time, signed while the request names it with ?snapshot=).
  auto name_resource = [&](auto& sas) -> Result<void> {
    common(sas);
    sas.resource = field_or(fields, "resource", "b");
    std::string container = args.values.count("container") ? args.values.at("container") : scope.values.at("container");
    std::string blob = args.values.count("blob") ? args.values.at("blob") : "";
    for (auto [name, target] : {std::pair{"container", &container}, std::pair{"blob", &blob},
                                std::pair{"snapshot", &sas.snapshot_time}}) {
      if (!fields.count(name)) continue;
      auto filled = substitute(fields.at(name), scope);
      if (!filled) return at(step, std::string("auth/sas/") + name, filled.error().message);
      *target = *filled;
    }
    sas.container = container;
    sas.blob = sas.resource == "c" ? "" : blob;
    return {};
  };
  if (kind == "user-delegation") {
    auth::UserDelegationSas sas;
    if (auto named = name_resource(sas); !named) return named.error();
    auto key_text = substitute(field_or(fields, "key"), scope);
    if (!key_text) return at(step, "auth/sas/key", key_text.error().message);
    auto key = auth::parse_user_delegation_key(*key_text);
    if (!key) return at(step, "auth/sas/key", key.error().message);
    sas.key = std::move(*key);
    sas.correlation_id = field_or(fields, "correlation_id");
    auto token = auth::user_delegation_sas_token(sas, step.auth.tamper);
    if (!token) return at(step, "auth/sas", token.error().message);
    return *token;
  }
  auth::ServiceSas sas;
  if (auto named = name_resource(sas); !named) return named.error();
  sas.identifier = field_or(fields, "identifier");
  auto token = auth::service_sas_token(sas, *context.key, step.auth.tamper);
  if (!token) return at(step, "auth/sas", token.error().message);
  return *token;
}

// Steps 1-3 of case-format §3.1: the template with args and variables, then the step's overrides.
struct Filled {
  std::string method, path;
  std::vector<std::pair<std::string, std::string>> query;
  HeaderList headers;
  std::set<std::string> removed;  // header names (lower case) the step removed with null
  std::optional<std::string> body;
  ResolvedArgs args;
};

Result<Filled> fill_step(const Step& step, const Catalog& catalog, const Scope& scope, const RequestContext& context) {
  Filled out;
  if (!step.op.empty()) {
    auto found = catalog.operations.find(step.op);
    if (found == catalog.operations.end()) return at(step, "op", "unknown operation \"" + step.op + "\"");
    const Operation* op = &found->second;
    auto resolved = resolve_args(step, *op, scope, context);
    if (!resolved) return resolved.error();
    out.args = std::move(*resolved);
    out.method = op->method;
    auto filled_path = fill_path(op->path, op, out.args, scope);
    if (!filled_path) return at(step, "", "operation \"" + op->name + "\" path: " + filled_path.error().message);
    out.path = *filled_path;
    for (const auto* fields : {&op->query, &op->headers}) {
      for (const auto& [name, alternatives] : *fields) {
        for (const auto& alternative : alternatives) {
          auto value = fill(alternative, op, out.args, scope, fields == &op->query);
          if (!value) return at(step, "", "operation \"" + op->name + "\" field " + name + ": " + value.error().message);
          if (!*value) continue;
          (fields == &op->query ? out.query : out.headers).emplace_back(name, **value);
          break;
        }
      }
    }
    for (const auto& [arg, object] : out.args.objects) {
      if (op->args.at(arg).kind != "metadata") continue;
      for (const auto& [key, value] : object) out.headers.emplace_back("x-ms-meta-" + key, value);
    }
    if (op->body) {
      auto value = fill(*op->body, op, out.args, scope, false);
      if (!value) return at(step, "", "operation \"" + op->name + "\" body: " + value.error().message);
      out.body = value->value_or("");
    }
  } else {
    out.method = step.method;
    auto filled_path = fill_path(step.path, nullptr, out.args, scope);
    if (!filled_path) return at(step, "path", filled_path.error().message);
    out.path = *filled_path;
  }
  if (out.path.empty() || out.path[0] != '/') out.path = "/" + out.path;

  for (const auto& [name, value] : step.query) {
    std::optional<std::string> filled;
    if (value) {
      auto v = substitute(*value, scope);
      if (!v) return at(step, "query/" + name, v.error().message);
      filled = encode_value(*v, scope);
    }
    set_field(out.query, name, filled, false, nullptr);
  }
  for (const auto& [name, value] : step.headers) {
    std::optional<std::string> filled;
    if (value) {
      auto v = substitute(*value, scope);
      if (!v) return at(step, "headers/" + name, v.error().message);
      filled = *v;
    }
    set_field(out.headers, name, filled, true, &out.removed);
  }
  if (step.raw_query) {
    out.query.clear();
    for (size_t i = 0; i < step.raw_query->size(); ++i) {
      const auto& [name, value] = (*step.raw_query)[i];
      auto v = substitute(value, scope);
      if (!v) return at(step, "raw_query/" + std::to_string(i), v.error().message);
      out.query.emplace_back(name, *v);
    }
  }
  if (step.body) {
    auto v = substitute(*step.body, scope);
    if (!v) return at(step, "body", v.error().message);
    out.body = *v;
  }
  return out;
}

}  // namespace

Result<Step> raw_form(const Step& step, const Catalog& catalog) {
  if (step.op.empty() || step.is_fixture()) return step;
  Scope keep;
  keep.keep_variables = true;
  auto filled = fill_step(step, catalog, keep, RequestContext{});
  if (!filled) return filled.error();
  Step raw;
  raw.pointer = step.pointer;
  raw.method = filled->method;
  raw.path = filled->path;
  if (!filled->query.empty() || step.raw_query) raw.raw_query = filled->query;  // an empty one sends "?"
  for (auto& field : filled->headers) raw.raw_headers.push_back(std::move(field));
  for (const auto& [name, value] : step.raw_headers) raw.raw_headers.emplace_back(name, value);
  for (const auto& name : filled->removed) raw.headers.emplace_back(name, std::nullopt);
  raw.body = filled->body;
  raw.http_version = step.http_version;
  raw.url_account = step.url_account;
  raw.scheme = step.scheme;
  raw.save = step.save;
  raw.expect = step.expect;
  raw.auth = step.auth;
  return raw;
}

// The token a bearer step sends: its literal one; else the run's, with the step's claims changed
// (exp, nbf and iat read as times against the harness clock), unsigned.
Result<std::string> bearer_token(const Step& step, const Scope& scope, const RequestContext& context) {
  if (step.auth.token) return *step.auth.token;
  const auto& source = step.auth.without_role ? context.no_role_bearer : context.bearer;
  if (!source) {
    return at(step, "auth", step.auth.without_role
                                ? "the token of an identity without a data role is needed (--no-role-token-command)"
                                : "a bearer token needs the run's token (AZURE_STORAGE_TOKEN or --token-command)");
  }
  if (context.in_clear && step.auth.claims.empty()) {
    return at(step, "auth", "the request goes over plain HTTP to another machine, where a run's bearer token is never "
                            "sent as it is: change a claim (the token is then sent unsigned)");
  }
  auto token = source();
  if (!token) return at(step, "auth", token.error().message);
  if (step.auth.claims.empty()) return *token;
  std::map<std::string, int64_t> dates;
  std::map<std::string, std::string> texts;
  for (const auto& [name, value] : step.auth.claims) {
    auto text = substitute(value, scope);
    if (!text) return at(step, "auth/bearer/claims/" + name, text.error().message);
    if (name == "exp" || name == "nbf" || name == "iat") {
      auto when = wire::resolve_time(*text, context.now);
      if (!when) return at(step, "auth/bearer/claims/" + name, when.error().message);
      dates[name] = std::chrono::duration_cast<std::chrono::seconds>(when->time_since_epoch()).count();
    } else {
      texts[name] = *text;
    }
  }
  auto changed = auth::with_claims(*token, dates, texts);
  if (!changed) return at(step, "auth/bearer", "the run's token: " + changed.error().message);
  return *changed;
}

AuthSpec::Scheme effective_scheme(const Step& step, const RequestContext& context) {
  if (step.auth.scheme != AuthSpec::Scheme::Default) return step.auth.scheme;
  return context.key || !context.bearer ? AuthSpec::Scheme::SharedKey : AuthSpec::Scheme::Bearer;
}

Result<BuiltRequest> build_request(const Step& step, const Catalog& catalog, const Scope& scope,
                                   const RequestContext& context) {
  BuiltRequest built;
  transport::Request& request = built.request;
  auto filled = fill_step(step, catalog, scope, context);
  if (!filled) return filled.error();
  request.method = std::move(filled->method);
  const std::string& path = filled->path;
  auto& query = filled->query;
  HeaderList& headers = filled->headers;
  const std::set<std::string>& removed = filled->removed;
  const ResolvedArgs& args = filled->args;
  built.secrets = args.secrets;
  request.body = filled->body.value_or("");

  // 4. What the harness adds when it is missing (and was not removed).
  auto add_missing = [&](const std::string& name, const std::string& value) {
    if (!removed.count(wire::to_lower(name)) && !has_header(headers, name)) headers.emplace_back(name, value);
  };
  std::string date = wire::format_rfc1123(context.now);
  const AuthSpec::Scheme scheme = effective_scheme(step, context);
  if (scheme == AuthSpec::Scheme::SharedKey || scheme == AuthSpec::Scheme::SharedKeyLite) {
    if (!step.auth.date.empty()) {
      auto when = wire::resolve_time(step.auth.date, context.now);
      if (!when) return at(step, "auth/shared-key/date", when.error().message);
      date = wire::format_rfc1123(*when);
    }
  }
  add_missing("x-ms-version", context.version);
  add_missing("x-ms-date", date);
  auto request_id = transport::find_header(headers, "x-ms-client-request-id");
  if (!request_id && !removed.count("x-ms-client-request-id")) {
    headers.emplace_back("x-ms-client-request-id", new_uuid_v4());
  }
  built.client_request_id = transport::find_header(headers, "x-ms-client-request-id").value_or("");
  add_missing("Content-Length", std::to_string(request.body.size()));
  HeaderList final_headers;
  if (!removed.count("host") && !has_header(headers, "Host")) final_headers.emplace_back("Host", context.host_header);
  if (!removed.count("user-agent") && !has_header(headers, "User-Agent")) {
    final_headers.emplace_back("User-Agent", context.user_agent);
  }
  for (auto& field : headers) final_headers.push_back(std::move(field));
  for (const auto& [name, value] : step.raw_headers) {
    auto v = substitute(value, scope);
    if (!v) return at(step, "raw_headers", v.error().message);
    final_headers.emplace_back(name, *v);
  }
  request.headers = std::move(final_headers);

  // The account segment of a path-style URL, when the step names another account.
  std::string base_path = context.base_path;
  if (!step.url_account.empty()) {
    if (base_path.empty()) return at(step, "url_account", "the target is host-style: its URLs carry no account to replace");
    auto account = substitute(step.url_account, scope);
    if (!account) return at(step, "url_account", account.error().message);
    base_path = "/" + encode_value(*account, scope);
  }
  if (!step.http_version.empty()) request.http_version = step.http_version;

  // 5. Authorization.
  if (scheme == AuthSpec::Scheme::Sas) {
    auto token = sas_token(step, args, scope, context);
    if (!token) return token.error();
    built.secrets.push_back(sig_of(*token));
    std::string q = join_query(query);
    request.target = base_path + path + "?" + (q.empty() ? *token : q + "&" + *token);
  } else {
    std::string q = join_query(query);
    request.target = base_path + path + (q.empty() && !step.raw_query ? "" : "?" + q);
  }
  if (scheme == AuthSpec::Scheme::SharedKey || scheme == AuthSpec::Scheme::SharedKeyLite) {
    if (!context.key) return at(step, "auth", "Shared Key needs the target's account key");
    auto key_scheme = scheme == AuthSpec::Scheme::SharedKey ? auth::SharedKeyScheme::SharedKey
                                                            : auth::SharedKeyScheme::SharedKeyLite;
    std::string header_account = step.auth.account.empty() ? context.account : step.auth.account;
    auto signature = auth::sign_request(request, *context.key, key_scheme, header_account, step.auth.tamper);
    if (!signature) return at(step, "auth", signature.error().message);
    built.secrets.push_back(*signature);
  } else if (scheme == AuthSpec::Scheme::Bearer) {
    auto token = bearer_token(step, scope, context);
    if (!token) return token.error();
    std::erase_if(request.headers, [](const auto& field) { return wire::iequals(wire::trim(field.first), "Authorization"); });
    request.headers.emplace_back("Authorization", "Bearer " + *token);
    if (!step.auth.token) built.secrets.push_back(*token);  // the run's, or its claims
  }

  // HttpClient writes every request as given, but one a server may frame or read unusually (raw fields, a raw query,
  // duplicate fields, a removed header from kClientAddedHeaders, a body without Content-Type, an HTTP version other
  // than 1.1) is marked exact: it goes through the raw writer on a fresh connection, not the kept-alive one, and its
  // record says so.
  std::set<std::string> names;
  bool duplicates = false;
  for (const auto& [name, value] : request.headers) duplicates |= !names.insert(wire::to_lower(name)).second;
  bool removed_client_header = false;
  for (const auto& name : removed) removed_client_header |= kClientAddedHeaders.count(name) > 0;
  bool body_without_type = !request.body.empty() && !has_header(request.headers, "Content-Type");
  request.exact = !step.raw_headers.empty() || step.raw_query.has_value() || duplicates || removed_client_header ||
                  body_without_type || request.http_version != "HTTP/1.1";
  return built;
}

}  // namespace blobconform::cases
