// Create Container and Delete Container (facts §2.5).
#include "tests/reference/operations.h"

namespace blobconform::reference {

Reply create_container(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {true, "cw"}, service.options.fault)) return *refused;
  auto* account = service.store.account(request.account);
  if (account->containers.count(request.container)) {
    return error_reply(409, "ContainerAlreadyExists", "The specified container already exists.");
  }
  auto access_level = request.header("x-ms-blob-public-access").value_or("");
  if (!access_level.empty() && access_level != "blob" && access_level != "container") {
    return error_reply(400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.",
                       {{"HeaderName", "x-ms-blob-public-access"}, {"HeaderValue", access_level}});
  }
  auto& container = account->containers[request.container];
  container.public_access = access_level;
  container.etag = service.store.new_etag();
  container.last_modified = Clock::now();
  Reply reply;
  reply.status = 201;
  reply.set("ETag", container.etag);
  return reply;
}

Reply delete_container(Service& service, const Incoming& request, const Access& access) {
  if (auto refused = authorize(access, {true, "d"}, service.options.fault)) return *refused;
  auto* account = service.store.account(request.account);
  if (!account->containers.erase(request.container)) return container_not_found();
  Reply reply;
  reply.status = 202;
  return reply;
}

}  // namespace blobconform::reference
