// What the network fuzzer works on, written once in the case format: the steps that set it up and
// the state checks that must hold after every mutated request. The fuzzer runs these steps through
// the step engine; the regression cases it writes carry the same JSON, so a finding's case sets up
// and checks exactly what the fuzzer did.
//   dst      a completed copy of src ("hello"): {{copy_id}}, its ETag {{dst_etag}}
//   scratch  a blob the mutated writes other than Abort Copy Blob go to (Copy Blob, Lease Blob, Set Blob
//            Metadata, Put Blob, Snapshot Blob)
//   pending  with a pending-copy source: a copy held pending, {{pending_copy_id}}, {{pending_etag}}
#pragma once

#include <nlohmann/json.hpp>

namespace blobconform::netfuzz {

// The setup steps, in order: create the container, src and scratch; copy src to dst (polled until it succeeds);
// then, with `pending`, the pending copy.
nlohmann::json fixture_setup(bool pending);
// Gets dst back to the state fixture_setup left it in after a request changed it.
nlohmann::json restore_destination();
// The same for the pending copy.
nlohmann::json restore_pending();
// The state checks: dst (or the pending copy) exactly as set up.
nlohmann::json destination_unchanged();
nlohmann::json pending_unchanged();

}  // namespace blobconform::netfuzz
