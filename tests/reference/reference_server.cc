// The front of the reference target: parses a request, checks what every request must satisfy
// (query escapes, client request id, x-ms-version, credentials, timeout), routes it to its
// operation, and writes the answer with the headers every answer carries (facts §1.2, §6, §7).
#include "tests/reference/reference_server.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "harness/auth/account_key.h"
#include "harness/auth/service_version.h"
#include "harness/cases/variables.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"
#include "tests/reference/copy_jobs.h"
#include "tests/reference/hostile/tls_server.h"
#include "tests/reference/http_server.h"
#include "tests/reference/operations.h"

namespace blobconform::reference {
namespace {

constexpr const char* kAnonymousVersion = "2009-09-19";  // facts §6: no version, no default
constexpr const char* kOperationsSince = "2012-02-12";   // Abort Copy Blob's first version

// The service versions Azure has published (versioning-for-the-azure-storage-services), which the
// front end compares x-ms-version with exactly (azure-front-end.md §3). A well-formed version after
// the last one here, up to the server's --latest-version, counts as known too: a newer service.
constexpr std::string_view kKnownVersions[] = {
    "2008-10-27", "2009-04-14", "2009-07-17", "2009-09-19", "2011-08-18", "2012-02-12", "2013-08-15", "2014-02-14",
    "2015-02-21", "2015-04-05", "2015-07-08", "2015-12-11", "2016-05-31", "2017-04-17", "2017-07-29", "2017-11-09",
    "2018-03-28", "2018-11-09", "2019-02-02", "2019-07-07", "2019-10-10", "2019-12-12", "2020-02-10", "2020-04-08",
    "2020-06-12", "2020-08-04", "2020-10-02", "2020-12-06", "2021-02-12", "2021-04-10", "2021-06-08", "2021-08-06",
    "2021-10-04", "2021-12-02", "2022-11-02", "2023-01-03", "2023-05-03", "2023-08-03", "2023-11-03", "2024-02-04",
    "2024-05-04", "2024-08-04", "2024-11-04", "2025-01-05", "2025-05-05", "2025-07-05", "2025-11-05"};

bool known_version(std::string_view version, const ReferenceOptions& options) {
  if (!auth::is_service_version(version) || !auth::version_at_least(version, options.oldest_version) ||
      !auth::version_at_least(options.latest_version, version)) {
    return false;
  }
  if (options.fault == Fault::UnknownVersionAccepted) return true;
  if (options.fault == Fault::VersionsBefore20090919Unknown && !auth::version_at_least(version, "2009-09-19")) return false;
  const auto& last = kKnownVersions[std::size(kKnownVersions) - 1];
  return std::find(std::begin(kKnownVersions), std::end(kKnownVersions), version) != std::end(kKnownVersions) ||
         (version > last);
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// "2026-11-24T15:01:13.1234567Z", the service's error-message time.
std::string precise_time(Clock::time_point now) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::string stamp = wire::format_iso8601(now);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lld0Z", static_cast<long long>(micros));
  return stamp.substr(0, stamp.size() - 1) + fraction;
}

// A '%' with fewer than two characters after it before the parameter ends: "a=%4", "a=%".
bool has_truncated_escape(std::string_view target) {
  auto question = target.find('?');
  if (question == std::string_view::npos) return false;
  for (size_t i = question; i < target.size(); ++i) {
    if (target[i] != '%') continue;
    auto end = target.find('&', i);
    if (end == std::string_view::npos) end = target.size();
    if (end - i < 3) return true;
  }
  return false;
}

// Answers of the checks before the handler (azure-front-end.md §0): no x-ms-version.
Reply before_handler(Reply reply) {
  reply.before_handler = true;
  return reply;
}

// Names the URL it refused, as the front end does (InvalidUrlProtocolException's UriPath).
Reply invalid_uri(const Incoming& request, Fault fault) {
  Reply reply = error_reply(400, "InvalidUri", "The requested URI does not represent any resource on the server.");
  if (fault != Fault::InvalidUriWithoutPath) {
    reply.details.emplace_back("UriPath", std::string(request.https ? "https://" : "http://") +
                                              request.header("Host").value_or("") + request.target);
  }
  return before_handler(std::move(reply));
}

// The verbs the front end knows, matched with their case (BasicHttpProcessor.TranslateHttpVerbToRestMethod).
bool known_verb(const std::string& method) {
  for (const char* verb : {"GET", "PUT", "HEAD", "DELETE", "POST", "MERGE", "OPTIONS"}) {
    if (method == verb) return true;
  }
  return false;
}

Reply routing_invalid_query(const std::string& name, const std::string& value, const std::string& reason = "") {
  return before_handler(invalid_query(name, value, reason));
}

// RFC 9110 §15.5.6: a 405 names the methods the resource supports (azure-front-end.md: `Allow: PUT`
// on the abort URI).
Reply unsupported_verb(const char* allow) {
  Reply reply = error_reply(405, "UnsupportedHttpVerb", "The resource doesn't support specified Http Verb.");
  reply.headers.emplace_back("Allow", allow);
  return before_handler(std::move(reply));
}

// The timeout parameter, read as the front end reads it before authentication (azure-front-end.md
// §1): empty is absent; not an integer is 400 with a Reason; outside 32 bits is out of range; 0 or
// less means the time is already used up.
std::optional<Reply> check_timeout(const Incoming& request, Fault fault) {
  // A repeated timeout is read as its values joined ("5,5"), which is no integer.
  auto text = request.param("timeout") ? std::optional<std::string>(request.joined_param("timeout")) : std::nullopt;
  if (!text || text->empty() || fault == Fault::TimeoutUnchecked) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  bool digits_only = end == text->data() + text->size() && (*text)[0] != '+';
  if (!digits_only || (error != std::errc() && error != std::errc::result_out_of_range)) {
    return routing_invalid_query("timeout", *text, "Not a valid integer.");
  }
  if (error == std::errc::result_out_of_range || value < INT32_MIN || value > INT32_MAX) {
    return before_handler(error_reply(400, "OutOfRangeQueryParameterValue",
                                      "One of the query parameters specified in the request URI is outside the permissible range.",
                                      {{"QueryParameterName", "timeout"}, {"QueryParameterValue", *text},
                                       {"MinimumAllowed", "-2147483648"}, {"MaximumAllowed", "2147483647"}}));
  }
  if (value <= 0) {
    return before_handler(error_reply(500, "OperationTimedOut", "Operation could not be completed within the specified time."));
  }
  return std::nullopt;
}

}  // namespace

struct ReferenceServer::Impl {
  ReferenceOptions options;
  Store store;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> tls{nullptr, &SSL_CTX_free};  // outlives the servers
  std::filesystem::path ca_dir;  // holds ca.pem, the certificate (with tls); removed with the server
  std::unique_ptr<HttpServer> server;
  std::unique_ptr<HttpServer> http_server;  // plain HTTP beside the TLS one (with tls)
  int port = 0;
  std::atomic<size_t> answered{0};

  ~Impl() {
    std::error_code ignored;
    if (!ca_dir.empty()) std::filesystem::remove_all(ca_dir, ignored);
  }

  // The checks every request goes through, then its operation.
  Reply route(Incoming& request, std::unique_lock<std::mutex>& lock) {
    auto fault = options.fault;
    if (auto client_id = request.header("x-ms-client-request-id"); client_id && client_id->size() > kMaxClientRequestId) {
      if (fault == Fault::LongHeader500) return error_reply(500, "InternalError", "The server encountered an internal error.");
      return invalid_header("x-ms-client-request-id", *client_id);
    }
    if (auto version = request.header("x-ms-version")) {
      // A repeated header is read as its values joined (as .NET reads it), which is no version.
      if (fault != Fault::RepeatedVersionFirstValue) version = request.joined_header("x-ms-version");
      if (!known_version(*version, options)) {
        Reply refused = invalid_header("x-ms-version", *version);
        refused.front_end = true;
        return refused;
      }
      request.version = *version;
    }
    // A SAS runs at sv when sv is before 2014-02-14, else at api-version, then the header, then sv;
    // other requests at the header, else the default version (azure-front-end.md §3).
    auto sv = request.param("sig") ? request.param("sv") : std::nullopt;
    auto api = sv ? request.param("api-version") : std::nullopt;
    if (sv && !auth::version_at_least(*sv, "2014-02-14")) request.version = *sv;
    else if (api && fault != Fault::ApiVersionIgnored) {
      // GetProtocolVersionToUse: an api-version that is not a known version is refused first
      // (unless the request also has an Authorization header, which authentication refuses).
      if (!known_version(*api, options) && fault != Fault::ApiVersionUnchecked && !request.header("Authorization")) {
        return routing_invalid_query("api-version", *api, *api + " is not a valid version");
      }
      request.version = *api;
    }
    else if (request.version.empty()) {
      request.version = sv ? *sv : request.header("Authorization") ? options.default_version : std::string(kAnonymousVersion);
    }
    // The URL's account is looked up before anything else is read from the request: an unknown one
    // is 404 ResourceNotFound whatever the rest (azure-front-end.md §0 step 2).
    Account* account = store.account(request.account);
    if (!account && !request.account.empty() && fault != Fault::UnknownAccountAuthenticatedFirst) {
      return before_handler(error_reply(404, "ResourceNotFound", "The specified resource does not exist."));
    }
    // Secure transfer required: plain HTTP is refused whatever the request (recorded with Shared Key:
    // docs/research/bearer-tokens.md §8).
    if (options.https_only && !request.https) {
      return before_handler(error_reply(400, "AccountRequiresHttps", "The account being accessed does not support http."));
    }
    // A blob path with an empty name ("/c/", not a container request) names no resource from
    // 2009-07-17 on: refused before authentication (HttpRestProcessor.ValidateAndAdjustContext).
    if (request.segments >= 2 && request.blob.empty() && request.param("restype") != "container" &&
        auth::version_at_least(request.version, "2009-07-17")) {
      return invalid_uri(request, fault);
    }
    if (auto refused = check_timeout(request, fault)) return *refused;
    Access access;
    if (auto refused = authenticate(request, account, store.accounts, options, access)) return before_handler(std::move(*refused));
    // No version and no default: the front end runs it at 2008-10-27, which has no such operation
    // (azure-front-end.md §3): 400 InvalidHeaderValue naming x-ms-version with an empty value.
    if (request.version.empty()) return before_handler(invalid_header("x-ms-version", ""));
    if (!account) return invalid_uri(request, fault);
    if (!known_verb(request.method)) {
      if (fault != Fault::LowerCaseVerbAccepted) {
        return before_handler(error_reply(400, "InvalidHttpVerb",
                                          "The HTTP verb specified is invalid - it is not recognized by the server."));
      }
      for (char& c : request.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (access.kind == Access::Kind::Anonymous) {
      auto* container = store.container(request.account, request.container);
      access.public_read = (request.method == "GET" || request.method == "HEAD") && request.segments >= 2 &&
                           !request.param("comp") && container && !container->public_access.empty();
      if (!access.public_read && auth::version_at_least(request.version, "2019-12-12")) {
        Reply refused = error_reply(401, "NoAuthenticationInformation",
                                    "Server failed to authenticate the request. Please refer to the information in the "
                                    "www-authenticate header.");
        if (fault != Fault::NoWwwAuthenticate) {
          refused.set("WWW-Authenticate", bearer_challenge(options));
        }
        return refused;
      }
    }
    Service svc{store, options, port, lock};
    return dispatch(svc, request, access);
  }

  // Routing as the front end does it (azure-front-end.md §1): comp's value in any case, a
  // repeated comp read as its values joined, and /<name> without restype=container read as the
  // blob <name> of the root container $root (from 2009-07-17).
  Reply dispatch(Service& svc, const Incoming& sent, const Access& access) {
    auto fault = options.fault;
    if (sent.segments == 0 && sent.method == "GET" && sent.param("comp") == "list") {
      return list_containers(svc, sent, access);
    }
    // Get User Delegation Key, from 2018-11-09; before, comp=userdelegationkey is no operation.
    if (sent.segments == 0 && sent.param("restype") == "service" && sent.param("comp") == "userdelegationkey" &&
        auth::version_at_least(sent.version, "2018-11-09") && fault != Fault::DelegationKeyUnsupported) {
      return sent.method == "POST" ? get_user_delegation_key(svc, sent, access) : unsupported_verb("POST");
    }
    // The account resource has List Containers only; any other comp, or none, is refused
    // (HttpRestProcessor.ChooseRestMethodHandler).
    if (sent.segments == 0 && fault != Fault::AccountUrlInvalidUri) {
      return routing_invalid_query("comp", sent.param("comp").value_or(""));
    }
    if (sent.segments == 0 || sent.container.empty()) return invalid_uri(sent, fault);
    Incoming root_blob;
    bool in_root = sent.segments == 1 && sent.param("restype") != "container" && auth::version_at_least(sent.version, "2009-07-17");
    if (in_root && fault == Fault::ContainerUrlInvalidUri) return invalid_uri(sent, fault);
    if (in_root) {
      root_blob = sent;
      root_blob.container = "$root";
      root_blob.blob = sent.container;
      root_blob.segments = 2;
    }
    const Incoming& request = in_root ? root_blob : sent;
    std::optional<std::string> comp;
    if (request.param("comp")) {
      comp = fault == Fault::RepeatedParameterFirstValue ? *request.param("comp") : request.joined_param("comp");
      if (request.param_count("comp") > 1) return routing_invalid_query("comp", *comp);
      if (fault != Fault::CompCaseSensitive) {
        for (char& c : *comp) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    const auto& method = request.method;
    if (request.segments == 1) {
      if (comp == "acl") return method == "PUT" ? set_container_acl(svc, request, access) : unsupported_verb("PUT");
      if (comp && fault != Fault::ContainerResourceRoutesByRestype) return routing_invalid_query("comp", *request.param("comp"));
      if (method == "PUT") return create_container(svc, request, access);
      if (method == "DELETE") return delete_container(svc, request, access);
      return unsupported_verb("PUT, DELETE");
    }
    if (request.blob.empty()) return invalid_uri(sent, fault);
    if (!comp) {
      if (method == "PUT") {
        if (!request.header("x-ms-copy-source")) return put_blob(svc, request, access);
        return request.header("x-ms-blob-type") ? put_blob_from_url(svc, request, access) : copy_blob(svc, request, access);
      }
      if (method == "GET" || method == "HEAD") return get_blob(svc, request, access);
      if (method == "DELETE") return delete_blob(svc, request, access);
      return unsupported_verb("PUT, GET, HEAD, DELETE");
    }
    if (*comp != "copy" && *comp != "lease" && *comp != "snapshot" && *comp != "metadata" && *comp != "appendblock" &&
        *comp != "tier" && *comp != "incrementalcopy" && *comp != "page") {
      return routing_invalid_query("comp", *request.param("comp"));
    }
    if (method != "PUT" && options.fault == Fault::VerbIgnoredOnCopy && *comp == "copy") {
      if (method == "GET" || method == "HEAD") return get_blob(svc, request, access);
      if (method == "DELETE") return delete_blob(svc, request, access);
    }
    if (method != "PUT") return unsupported_verb("PUT");
    if (*comp == "copy") {
      if (!auth::version_at_least(request.version, kOperationsSince) && options.fault != Fault::OldVersionRunsAbort) {
        // the operation is not in this version
        return before_handler(invalid_header("x-ms-version", request.header("x-ms-version").value_or("")));
      }
      return abort_copy(svc, request, access);
    }
    if (*comp == "lease") return lease_blob(svc, request, access);
    if (*comp == "snapshot") return snapshot_blob(svc, request, access);
    if (*comp == "appendblock") return append_block(svc, request, access);
    if (*comp == "page") return put_page(svc, request, access);
    if (*comp == "tier") return set_blob_tier(svc, request, access);
    if (*comp == "incrementalcopy") return incremental_copy(svc, request, access);
    return set_blob_metadata(svc, request, access);
  }

  HttpResponse write(const Reply& reply, const Incoming& request) {
    HttpResponse response;
    auto set_header = [&](std::string name, std::string value) { response.headers.emplace_back(std::move(name), std::move(value)); };
    auto fault = options.fault;
    bool error = !reply.error_code.empty();
    std::string request_id = cases::new_uuid_v4();
    auto now = Clock::now();
    response.status = reply.status;
    if (!(error && fault == Fault::NoRequestIdOnErrors)) set_header("x-ms-request-id", request_id);
    // x-ms-version is sent from 2009-09-19 on, by the handler's code (azure-front-end.md §4).
    bool without_version = reply.front_end || (reply.before_handler && fault != Fault::FrontEndErrorsCarryVersion) ||
                           !auth::version_at_least(request.version, "2009-09-19");
    if (!without_version && fault != Fault::VersionNotEchoed) {
      set_header("x-ms-version", request.version);
    }
    set_header("Date", wire::format_rfc1123(now));
    set_header("Server", "blobconform-reference");
    // Echoed from version 2019-02-02 on (azure-front-end.md §4).
    if (auto client_id = request.header("x-ms-client-request-id");
        client_id && fault != Fault::ClientRequestIdNotEchoed &&
        reply.echo_client_request_id &&
        (auth::version_at_least(request.version, "2019-02-02") || fault == Fault::ClientRequestIdEchoedAlways)) {
      set_header("x-ms-client-request-id", *client_id);
    }
    for (const auto& [name, value] : reply.headers) set_header(name, value);
    if (!error) {
      if (!reply.content_type.empty()) set_header("Content-Type", reply.content_type);
      response.body = reply.body;
      return response;
    }
    std::string header_code = fault == Fault::ErrorCodeHeaderDiffers ? "InternalError" : reply.error_code;
    if (!reply.front_end && (request.version.empty() || auth::version_at_least(request.version, "2017-07-29"))) {
      set_header("x-ms-error-code", header_code);
    }
    // As the front end writes an error (azure-front-end.md §4): the reason phrase is the code's
    // message, the body a UTF-8 byte order mark, then the XML.
    response.reason = reply.message;
    std::string xml = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + reply.error_code +
                      "</Code><Message>" + xml_escape(reply.message) + "\nRequestId:" + request_id +
                      "\nTime:" + precise_time(now) + "</Message>";
    for (const auto& [name, value] : reply.details) xml += "<" + name + ">" + xml_escape(value) + "</" + name + ">";
    xml += "</Error>";
    if (request.method != "HEAD") {
      set_header("Content-Type", "application/xml");
      response.body = xml;
    }
    return response;
  }

  HttpResponse handle(const HttpRequest& raw) {
    if (options.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.latency_ms));
    Incoming request;
    request.method = raw.head.method;
    request.http_version = raw.head.http_version;
    request.param_names_exact = options.fault == Fault::QueryNamesCaseSensitive;
    request.remote_addr = raw.remote_addr;
    request.https = raw.https;
    request.body = raw.body;
    request.headers = raw.head.headers;
    Reply reply;
    if (auto malformed = parse_target(raw.head.target, request)) {
      reply = options.fault == Fault::TruncatedEscape500 && has_truncated_escape(raw.head.target)
                  ? error_reply(500, "InternalError", "The server encountered an internal error.")
                  : error_reply(400, "InvalidQueryParameterValue", *malformed);
    } else {
      std::unique_lock<std::mutex> lock(store.mutex);
      reply = route(request, lock);
    }
    ++answered;
    HttpResponse response = write(reply, request);
    if (options.hostile != Hostile::None && is_abort_copy_request(raw.head.method, raw.head.target)) {
      response.hostile = {options.hostile, options.drip_interval};
    }
    return response;
  }
};

ReferenceServer::ReferenceServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ReferenceServer::~ReferenceServer() {
  impl_->server.reset();
  impl_->http_server.reset();
  join_copy_jobs(impl_->store);
}

namespace {

// A TLS context with a new self-signed certificate for 127.0.0.1, written as PEM to <dir>/ca.pem.
Result<std::filesystem::path> make_tls(std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>& context) {
  auto certificate = testing::make_certificate(testing::CertificateFlaw::SelfSigned);
  context.reset(SSL_CTX_new(TLS_server_method()));
  if (!certificate.cert || !context || SSL_CTX_use_certificate(context.get(), certificate.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(context.get(), certificate.key.get()) != 1) {
    return fail("cannot make the TLS certificate");
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "blobconform-reference-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return fail("cannot make a folder for the TLS certificate");
  std::filesystem::path dir = pattern;
  if (!certificate.write_pem(dir / "ca.pem")) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return fail("cannot write the TLS certificate");
  }
  return dir;
}

}  // namespace

Result<std::unique_ptr<ReferenceServer>> ReferenceServer::start(ReferenceOptions options) {
  if (options.accounts.empty()) options.accounts = default_accounts();
  auto impl = std::make_unique<Impl>();
  for (const auto& spec : options.accounts) {
    auto key = auth::make_account_key(spec.name, spec.key_base64);
    if (!key) return fail("account " + spec.name + ": " + key.error().message);
    impl->store.accounts[spec.name] = Account{spec.name, key->key, {}};
  }
  impl->options = std::move(options);
  auto* raw = impl.get();
  auto handler = [raw](const HttpRequest& request) { return raw->handle(request); };
  if (impl->options.tls) {
    auto dir = make_tls(impl->tls);
    if (!dir) return dir.error();
    impl->ca_dir = *dir;
    auto plain = HttpServer::start(impl->options.host, 0, handler);
    if (!plain) return plain.error();
    impl->http_server = std::move(*plain);
  }
  auto server = HttpServer::start(impl->options.host, impl->options.port, handler, impl->tls.get());
  if (!server) return server.error();
  impl->port = (*server)->port();
  impl->server = std::move(*server);
  return std::unique_ptr<ReferenceServer>(new ReferenceServer(std::move(impl)));
}

int ReferenceServer::port() const { return impl_->port; }

std::string ReferenceServer::endpoint(size_t account) const {
  return std::string(impl_->options.tls ? "https://" : "http://") + impl_->options.host + ":" + std::to_string(impl_->port) + "/" +
         impl_->options.accounts.at(account).name;
}

std::string ReferenceServer::connection_string(size_t account) const {
  const auto& spec = impl_->options.accounts.at(account);
  return std::string("DefaultEndpointsProtocol=") + (impl_->options.tls ? "https" : "http") + ";AccountName=" + spec.name + ";AccountKey=" + spec.key_base64 +
         ";BlobEndpoint=" + endpoint(account) + ";";
}

size_t ReferenceServer::requests() const { return impl_->answered; }

int ReferenceServer::http_port() const { return impl_->http_server ? impl_->http_server->port() : 0; }

std::string ReferenceServer::http_origin() const {
  return impl_->http_server ? "http://" + impl_->options.host + ":" + std::to_string(http_port()) : "";
}

std::string ReferenceServer::ca_file() const { return impl_->ca_dir.empty() ? "" : (impl_->ca_dir / "ca.pem").string(); }

std::vector<std::string> ReferenceServer::containers(size_t account) const {
  std::lock_guard<std::mutex> lock(impl_->store.mutex);
  std::vector<std::string> names;
  for (const auto& [name, container] : impl_->store.accounts.at(impl_->options.accounts.at(account).name).containers) {
    names.push_back(name);
  }
  return names;
}

std::vector<AccountSpec> default_accounts() {
  // Made-up keys (64 bytes each, Base64), for loopback tests only.
  return {{"reference1", wire::base64_encode(std::string(64, 'k'))},
          {"reference2", wire::base64_encode(std::string(64, 'm'))}};
}

}  // namespace blobconform::reference
