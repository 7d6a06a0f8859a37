// How a run holds copies pending (`--pending-copy`), and the second account's copy sources
// (`--second-target`): sets up what the chosen method needs, and tells the target context which
// capabilities that gives (pending-copy, pending-copy-control, second-account) or why not.
//   gated: this harness serves each instance's copy source and opens it on the case's fixture
//          steps (any server that copies from URLs asynchronously and can reach this machine);
//   large: a large blob in the second account, copied cross-account: a race, see the executor's
//          race check; fixture steps cannot control it (no pending-copy-control);
//   none, and auto: none against Azurite (it never holds a copy pending), gated for another
//          loopback server, large for a remote one when a second target is given, else none.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "harness/run/executor.h"
#include "harness/run/fixtures.h"
#include "harness/source/account_source.h"
#include "harness/source/gated_source.h"

namespace blobconform::run {

struct CopySourceOptions {
  std::string method = "auto";  // auto, gated, large, none
  std::string listen = "127.0.0.1:0";
  std::string advertise;
  std::optional<target::Target> second_target;
  uint64_t large_size = source::kDefaultLargeSourceSize;
  transport::TlsOptions tls;
  std::string container;  // for the second account's sources
  std::string version;    // x-ms-version of their setup requests
  bool keep = false;
  const cases::Catalog* catalog = nullptr;  // the operations that make them
};

struct CopySources {
  std::unique_ptr<source::GatedSource> gated;
  std::unique_ptr<source::AccountSource> second_account;
};

// The options alone, before anything is started: --source-listen's form, --large-source-size's
// range, --pending-copy large with a second target. An error is a usage error.
Result<void> check_copy_source_options(const CopySourceOptions& options);

// `server` is the target's Server header, `loopback` whether it is on this machine. An error here
// is the second account's or the gated source's (a request refused, a port taken).
Result<CopySources> start_copy_sources(const CopySourceOptions& options, const std::string& server, bool loopback,
                                       TargetContext& context, Fixtures& fixtures);

}  // namespace blobconform::run
