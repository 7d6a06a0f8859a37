// Create Container, Delete Container, Set Container ACL and List Containers (facts §2.5).
#include "tests/reference/operations.h"

#include <pugixml.hpp>

#include "harness/wire/http_date.h"

namespace blobconform::reference {

namespace {

// Fault::Busy503: the first attempt of each kind of request on a container is turned away.
std::optional<Reply> busy_once(Service& service, const std::string& what, const Incoming& request) {
  if (service.options.fault != Fault::Busy503) return std::nullopt;
  if (!service.store.busy_once.insert(what + " " + request.account + "/" + request.container).second) return std::nullopt;
  return error_reply(503, "ServerBusy", "The server is busy.");
}

}  // namespace

Reply create_container(Service& service, const Incoming& request, const Access& access) {
  if (auto busy = busy_once(service, "create", request)) return *busy;
  if (auto refused = authorize(access, {true, "cw"}, service.options.fault)) return *refused;
  auto* account = service.store.account(request.account);
  if (account->containers.count(request.container)) {
    return error_reply(409, "ContainerAlreadyExists", "The specified container already exists.");
  }
  auto access_level = request.header("x-ms-blob-public-access").value_or("");
  if (!access_level.empty() && access_level != "blob" && access_level != "container") {
    return invalid_header("x-ms-blob-public-access", access_level);
  }
  auto& container = account->containers[request.container];
  container.public_access = access_level;
  container.metadata = request_metadata(request);
  container.etag = service.store.new_etag();
  container.last_modified = Clock::now();
  Reply reply;
  reply.status = 201;
  reply.set("ETag", container.etag);
  return reply;
}

Reply delete_container(Service& service, const Incoming& request, const Access& access) {
  if (auto busy = busy_once(service, "delete", request)) return *busy;
  if (auto refused = authorize(access, {true, "d"}, service.options.fault)) return *refused;
  auto* account = service.store.account(request.account);
  if (!account->containers.erase(request.container)) return container_not_found();
  Reply reply;
  reply.status = 202;
  return reply;
}

namespace {

constexpr size_t kMaxStoredPolicies = 5;  // per container (define-stored-access-policy)
constexpr size_t kMaxPolicyIdLength = 64;

Reply invalid_xml() {
  return error_reply(400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
}

}  // namespace

// Set Container ACL: the body's stored access policies replace the container's; the container's
// public access is x-ms-blob-public-access (private when absent). Only Shared Key may set it.
Reply set_container_acl(Service& service, const Incoming& request, const Access& access) {
  if (access.kind != Access::Kind::SharedKey) {
    return error_reply(403, "AuthorizationFailure", "This request is not authorized to perform this operation.");
  }
  auto* container = service.store.container(request.account, request.container);
  if (!container) return container_not_found();
  std::vector<StoredPolicy> policies;
  if (!request.body.empty()) {
    pugi::xml_document document;
    if (!document.load_buffer(request.body.data(), request.body.size())) return invalid_xml();
    auto root = document.child("SignedIdentifiers");
    if (!root) return invalid_xml();
    for (auto item : root.children("SignedIdentifier")) {
      StoredPolicy policy;
      policy.id = item.child_value("Id");
      if (policy.id.empty() || policy.id.size() > kMaxPolicyIdLength) return invalid_xml();
      auto terms = item.child("AccessPolicy");
      auto field = [&](const char* name) -> std::optional<std::string> {
        std::string text = terms.child_value(name);
        if (text.empty()) return std::nullopt;
        return text;
      };
      policy.start = field("Start");
      policy.expiry = field("Expiry");
      policy.permissions = field("Permission");
      for (const auto* time : {&policy.start, &policy.expiry}) {
        if (*time && !wire::parse_iso8601(**time)) return invalid_xml();
      }
      policies.push_back(std::move(policy));
    }
    if (policies.size() > kMaxStoredPolicies) return invalid_xml();
  }
  container->policies = std::move(policies);
  container->public_access = request.header("x-ms-blob-public-access").value_or("");
  container->etag = service.store.new_etag();
  container->last_modified = Clock::now();
  Reply reply;
  reply.status = 200;
  reply.set("ETag", container->etag);
  return reply;
}

std::string xml_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// List Containers with prefix, include=metadata, marker and maxresults (what `cleanup` uses).
Reply list_containers(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {true, "l"}, service.options.fault)) return *refused;
  auto* account = service.store.account(request.account);
  std::string prefix = request.param("prefix").value_or("");
  std::string marker = request.param("marker").value_or("");
  bool metadata = request.param("include").value_or("").find("metadata") != std::string::npos;
  size_t max = 5000;
  if (auto text = request.param("maxresults")) max = std::max<size_t>(1, std::strtoul(text->c_str(), nullptr, 10));
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Prefix>" + xml_text(prefix) +
                    "</Prefix><Containers>";
  std::string next;
  size_t listed = 0;
  for (const auto& [name, container] : account->containers) {
    if (name.rfind(prefix, 0) != 0 || name < marker) continue;
    if (listed == max) {
      next = name;
      break;
    }
    ++listed;
    xml += "<Container><Name>" + xml_text(name) + "</Name><Properties><Last-Modified>" +
           wire::format_rfc1123(container.last_modified) + "</Last-Modified><Etag>" + xml_text(container.etag) +
           "</Etag></Properties>";
    if (metadata) {
      xml += "<Metadata>";
      for (const auto& [key, value] : container.metadata) xml += "<" + key + ">" + xml_text(value) + "</" + key + ">";
      xml += "</Metadata>";
    }
    xml += "</Container>";
  }
  xml += "</Containers><NextMarker>" + xml_text(next) + "</NextMarker></EnumerationResults>";
  Reply reply;
  reply.status = 200;
  reply.body = xml;
  reply.content_type = "application/xml";
  return reply;
}

}  // namespace blobconform::reference
