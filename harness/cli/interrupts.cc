#include "harness/cli/interrupts.h"

#include <cstdlib>
#include <iostream>

#include "harness/cli/account_client.h"

namespace blobconform::cli {

InterruptWatcher::InterruptWatcher(const Options& options, const PreparedTarget& prepared, const cases::Catalog& catalog,
                                   std::string container_prefix, const run::InFlight& in_flight,
                                   std::function<void(const std::string&)> say)
    : options_(options),
      prepared_(prepared),
      catalog_(catalog),
      container_prefix_(std::move(container_prefix)),
      in_flight_(in_flight),
      say_(std::move(say)) {
  thread_ = std::thread([this] { watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  done_ = true;
  thread_.join();
}

void InterruptWatcher::watch() {
  bool said = false;
  while (!done_) {
    int signals = g_signals.load();
    if (signals >= 2) stop_now();
    if (signals == 1 && !said) {
      auto under_way = in_flight_.snapshot();
      std::string line = "stopping: no new instance starts; waiting for " + std::to_string(under_way.size()) +
                         (under_way.size() == 1 ? " instance" : " instances") + " under way to finish and delete " +
                         (under_way.size() == 1 ? "its container" : "their containers") + " (each at most --case-timeout " +
                         options_.run.case_timeout + ")";
      for (size_t i = 0; i < under_way.size() && i < 5; ++i) line += (i ? ", " : ": ") + under_way[i].id;
      if (under_way.size() > 5) line += ", ...";
      say_(line + ". Press Ctrl-C again to stop at once.");
      said = true;
    }
    std::this_thread::sleep_for(kPoll);
  }
}

void InterruptWatcher::stop_now() {
  auto under_way = in_flight_.snapshot();
  std::cerr << "\nstopping at once: deleting the containers of " << under_way.size()
            << (under_way.size() == 1 ? " instance" : " instances") << " under way (best effort)\n";
  if (prepared_.key || prepared_.token) {
    TargetSettings quick = options_.target;
    quick.timeout_total_ms = std::min(quick.timeout_total_ms, 5000);
    auto account = account_client(prepared_, quick, kDefaultLatestVersion, &catalog_);
    if (!account) std::cerr << "  " << account.error().message << "\n";
    for (const auto& entry : under_way) {
      if (!account) break;
      auto deleted = (*account)->send("delete_container", {{"container", entry.container}});
      bool gone = deleted && (deleted->status == 202 || deleted->status == 404);
      std::cerr << "  " << entry.container << " (" << entry.id << "): "
                << (gone ? "deleted" : "not deleted: " + (deleted ? std::to_string(deleted->status) : deleted.error().message))
                << "\n";
    }
  }
  if (prepared_.azurite && prepared_.azurite_users && prepared_.azurite_users->others().empty()) {
    (void)prepared_.azurite->stop();  // and its temporary folder
  }
  std::cerr << "what is left of this run is named " << container_prefix_ << "...; later, " << options_.program
            << " cleanup --older-than 2h --dry-run (with the same --target) lists what crashed runs left\n";
  std::cerr.flush();
  std::_Exit(kStopped);  // the embedded Azurite and the copy sources end with the process
}

}  // namespace blobconform::cli
