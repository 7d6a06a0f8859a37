// Secrets never leave the harness: Authorization values, SAS signatures, and any signature the
// harness computed, wherever they appear (request or response, raw or percent-encoded).
#pragma once

#include <string>
#include <vector>

#include "harness/transport/message.h"

namespace blobconform::run {

inline constexpr const char* kRedacted = "REDACTED";

std::string scrub(std::string text, const std::vector<std::string>& secrets);
transport::Exchange redact(transport::Exchange exchange, const std::vector<std::string>& secrets);

}  // namespace blobconform::run
