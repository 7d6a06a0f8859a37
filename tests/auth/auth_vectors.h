// Inputs shared by the auth tests: the public emulator key and the facts §8.2 request headers.
#pragma once

#include <string>

#include "harness/transport/message.h"

namespace blobconform::auth::testing {

// Public emulator key for devstoreaccount1 (Azure/Azurite README).
inline constexpr const char* kDevstoreKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
inline constexpr const char* kDate = "Fri, 26 Jun 2015 23:39:12 GMT";

// The Abort Copy Blob request of facts §4.6 / V1.
inline transport::HeaderList abort_copy_headers() {
  return {{"x-ms-version", "2021-12-02"},
          {"x-ms-date", kDate},
          {"x-ms-copy-action", "abort"},
          {"x-ms-lease-id", "1f812371-a41d-49e6-b123-f4b542e851c5"},
          {"x-ms-client-request-id", "5f1c2d3e-0000-4000-8000-000000000001"},
          {"Content-Length", "0"}};
}
inline const std::string kAbortTarget =
    "/mycontainer/myblob?comp=copy&copyid=0f3a7f66-4b1d-4a0e-9d6e-1c2b3a4d5e6f&timeout=30";

}  // namespace blobconform::auth::testing
