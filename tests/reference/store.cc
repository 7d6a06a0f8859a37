#include "tests/reference/store.h"

namespace blobconform::reference {

Account* Store::account(const std::string& name) {
  auto found = accounts.find(name);
  return found == accounts.end() ? nullptr : &found->second;
}

Container* Store::container(const std::string& account_name, const std::string& name) {
  auto* owner = account(account_name);
  if (!owner) return nullptr;
  auto found = owner->containers.find(name);
  return found == owner->containers.end() ? nullptr : &found->second;
}

Blob* Store::blob(const std::string& account_name, const std::string& container_name, const std::string& name) {
  auto* owner = container(account_name, container_name);
  if (!owner) return nullptr;
  auto found = owner->blobs.find(name);
  return found == owner->blobs.end() ? nullptr : &found->second;
}

void Store::refresh_lease(Lease& lease, Clock::time_point now) {
  if (lease.state == Lease::State::Leased && lease.duration > 0 && now >= lease.expires) lease.state = Lease::State::Expired;
  if (lease.state == Lease::State::Breaking && now >= lease.broken_at) lease.state = Lease::State::Broken;
}

}  // namespace blobconform::reference
