// The commands' requests to the account itself (the credentials probe, cleanup, the emergency
// cleanup of an interrupted run): operations of the project's operations.json, through the step
// engine (engine/account_client.h).
#pragma once

#include <memory>
#include <string>

#include "harness/cli/common.h"
#include "harness/engine/account_client.h"

namespace blobconform::cli {

// A client for the prepared target (which has a key), with the settings' TLS and timeouts, at
// `version`. Its operations are `catalog`'s (a command that loaded its cases passes them), else the
// project's, loaded once; an error when those cannot be loaded.
Result<std::unique_ptr<engine::AccountClient>> account_client(const PreparedTarget& prepared, const TargetSettings& settings,
                                                              const std::string& version = kDefaultLatestVersion,
                                                              const cases::Catalog* catalog = nullptr);

}  // namespace blobconform::cli
