// Secrets never leave the harness: Authorization values, SAS signatures, and any signature the
// harness computed, wherever they appear (request or response, raw or percent-encoded).
#pragma once

#include <string>
#include <vector>

#include "harness/transport/message.h"

namespace blobconform::run {

inline constexpr const char* kRedacted = "REDACTED";

// Values to hide, each with the forms it may take on the wire (as is, percent-encoded,
// percent-decoded), computed once when added rather than at every text scrubbed.
class Secrets {
 public:
  // A secret shorter than this is never searched for (a signature is never this short; hiding
  // short strings would redact noise).
  static constexpr size_t kMinSecretBytes = 8;

  Secrets() = default;
  explicit Secrets(const std::vector<std::string>& secrets) { add(secrets); }
  void add(const std::string& secret);
  void add(const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) add(secret);
  }
  // The secrets a response body itself carries: a user delegation key's Value.
  void add_carried_by(const std::string& body);
  const std::vector<std::string>& forms() const { return forms_; }

 private:
  std::vector<std::string> forms_;  // every form of every secret, each once
};

std::string scrub(std::string text, const Secrets& secrets);
transport::Exchange redact(transport::Exchange exchange, const Secrets& secrets);

}  // namespace blobconform::run
