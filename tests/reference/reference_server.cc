// The front of the reference target: parses a request, checks what every request must satisfy
// (query escapes, client request id, x-ms-version, credentials, timeout), routes it to its
// operation, and writes the answer with the headers every answer carries (facts §1.2, §6, §7).
#include "tests/reference/reference_server.h"

#include <atomic>
#include <thread>

#include "harness/auth/account_key.h"
#include "harness/auth/service_version.h"
#include "harness/cases/variables.h"
#include "harness/wire/encoding.h"
#include "harness/wire/http_date.h"
#include "tests/reference/copy_jobs.h"
#include "tests/reference/http_server.h"
#include "tests/reference/operations.h"

namespace blobconform::reference {
namespace {

constexpr const char* kAnonymousVersion = "2009-09-19";  // facts §6: no version, no default
constexpr const char* kOperationsSince = "2012-02-12";   // Abort Copy Blob's first version

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

Reply invalid_uri() {
  return error_reply(400, "InvalidUri", "The requested URI does not represent any resource on the server.");
}

Reply invalid_query(const std::string& name, const std::string& value) {
  return error_reply(400, "InvalidQueryParameterValue",
                     "Value for one of the query parameters specified in the request URI is invalid.",
                     {{"QueryParameterName", name}, {"QueryParameterValue", value}});
}

// RFC 9110 §15.5.6: a 405 names the methods the resource supports (azure-front-end.md: `Allow: PUT`
// on the abort URI).
Reply unsupported_verb(const char* allow) {
  Reply reply = error_reply(405, "UnsupportedHttpVerb", "The resource doesn't support specified Http Verb.");
  reply.headers.emplace_back("Allow", allow);
  return reply;
}

bool all_digits(const std::string& text, size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

struct ReferenceServer::Impl {
  ReferenceOptions options;
  Store store;
  std::unique_ptr<HttpServer> server;
  int port = 0;
  std::atomic<size_t> answered{0};

  // The checks every request goes through, then its operation.
  Reply route(Incoming& request, std::unique_lock<std::mutex>& lock) {
    auto fault = options.fault;
    if (auto client_id = request.header("x-ms-client-request-id"); client_id && client_id->size() > kMaxClientRequestId) {
      if (fault == Fault::LongHeader500) return error_reply(500, "InternalError", "The server encountered an internal error.");
      return error_reply(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.",
                         {{"HeaderName", "x-ms-client-request-id"}, {"HeaderValue", *client_id}});
    }
    if (auto version = request.header("x-ms-version")) {
      if (!auth::is_service_version(*version) || !auth::version_at_least(*version, options.oldest_version) ||
          !auth::version_at_least(options.latest_version, *version)) {
        Reply refused = error_reply(400, "InvalidHeaderValue",
                                    "The value for one of the HTTP headers is not in the correct format.",
                                    {{"HeaderName", "x-ms-version"}, {"HeaderValue", *version}});
        refused.front_end = true;
        return refused;
      }
      request.version = *version;
    } else if (request.param("sig")) {
      request.version = request.param("api-version").value_or(request.param("sv").value_or(""));
    } else if (request.header("Authorization")) {
      request.version = options.default_version;
    } else {
      request.version = kAnonymousVersion;
    }
    Account* account = store.account(request.account);
    Access access;
    if (auto refused = authenticate(request, account, options, access)) return *refused;
    if (request.version.empty()) {
      return error_reply(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.",
                         {{"HeaderName", "x-ms-version"}});
    }
    if (auto timeout = request.param("timeout"); timeout && !all_digits(*timeout, 9)) {
      return invalid_query("timeout", *timeout);
    }
    if (!account) return invalid_uri();
    if (access.kind == Access::Kind::Anonymous) {
      auto* container = store.container(request.account, request.container);
      bool public_read = (request.method == "GET" || request.method == "HEAD") && request.segments >= 2 &&
                         !request.param("comp") && container && !container->public_access.empty();
      if (!public_read) {
        return error_reply(401, "NoAuthenticationInformation",
                           "Server failed to authenticate the request. Please refer to the information in the "
                           "www-authenticate header.");
      }
    }
    Service svc{store, options, port, lock};
    return dispatch(svc, request, access);
  }

  Reply dispatch(Service& svc, const Incoming& request, const Access& access) {
    if (request.segments == 0 && request.method == "GET" && request.param("comp") == "list") {
      return list_containers(svc, request, access);
    }
    if (request.segments == 0 || request.container.empty()) return invalid_uri();
    auto comp = request.param("comp");
    if (comp && request.param_count("comp") > 1) return invalid_query("comp", *comp);
    const auto& method = request.method;
    if (request.segments == 1) {
      if (request.param("restype") != "container") return invalid_uri();
      if (comp) return invalid_query("comp", *comp);
      if (method == "PUT") return create_container(svc, request, access);
      if (method == "DELETE") return delete_container(svc, request, access);
      return unsupported_verb("PUT, DELETE");
    }
    if (request.blob.empty()) return invalid_uri();
    if (!comp) {
      if (method == "PUT") {
        return request.header("x-ms-copy-source") ? copy_blob(svc, request, access) : put_blob(svc, request, access);
      }
      if (method == "GET" || method == "HEAD") return get_blob(svc, request, access);
      if (method == "DELETE") return delete_blob(svc, request, access);
      return unsupported_verb("PUT, GET, HEAD, DELETE");
    }
    if (*comp != "copy" && *comp != "lease" && *comp != "snapshot" && *comp != "metadata") {
      return invalid_query("comp", *comp);
    }
    if (method != "PUT" && options.fault == Fault::VerbIgnoredOnCopy && *comp == "copy") {
      if (method == "GET" || method == "HEAD") return get_blob(svc, request, access);
      if (method == "DELETE") return delete_blob(svc, request, access);
    }
    if (method != "PUT") return unsupported_verb("PUT");
    if (*comp == "copy") {
      if (!auth::version_at_least(request.version, kOperationsSince)) return invalid_query("comp", *comp);
      return abort_copy(svc, request, access);
    }
    if (*comp == "lease") return lease_blob(svc, request, access);
    if (*comp == "snapshot") return snapshot_blob(svc, request, access);
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
    if (!reply.front_end && fault != Fault::VersionNotEchoed && !request.version.empty()) {
      set_header("x-ms-version", request.version);
    }
    set_header("Date", wire::format_rfc1123(now));
    set_header("Server", "blobconform-reference");
    if (auto client_id = request.header("x-ms-client-request-id"); client_id && fault != Fault::ClientRequestIdNotEchoed) {
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
    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + reply.error_code +
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
    request.remote_addr = raw.remote_addr;
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
  join_copy_jobs(impl_->store);
}

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
  auto server = HttpServer::start(impl->options.host, impl->options.port,
                                  [raw](const HttpRequest& request) { return raw->handle(request); });
  if (!server) return server.error();
  impl->port = (*server)->port();
  impl->server = std::move(*server);
  return std::unique_ptr<ReferenceServer>(new ReferenceServer(std::move(impl)));
}

int ReferenceServer::port() const { return impl_->port; }

std::string ReferenceServer::endpoint(size_t account) const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->port) + "/" +
         impl_->options.accounts.at(account).name;
}

std::string ReferenceServer::connection_string(size_t account) const {
  const auto& spec = impl_->options.accounts.at(account);
  return "DefaultEndpointsProtocol=http;AccountName=" + spec.name + ";AccountKey=" + spec.key_base64 +
         ";BlobEndpoint=" + endpoint(account) + ";";
}

size_t ReferenceServer::requests() const { return impl_->answered; }

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
