// The network fuzzer's mutations: each changes one thing about a request, in the terms of the
// case format (a raw-form step: method, path, raw_query, header overrides, raw_headers, body), so
// that what the fuzzer sent is exactly what the regression case it writes will send.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "harness/cases/case_model.h"

namespace blobconform::netfuzz {

inline constexpr size_t kMaxMutationsPerRequest = 3;
inline constexpr size_t kHugeSizes[] = {1024, 8 * 1024, 64 * 1024};
inline constexpr size_t kManyHeaders = 100;
inline constexpr size_t kMaxPathSegment = 4096;  // a case file's path must stay under the schema's 8 KiB check

// What a request starts as before it is mutated.
enum class BaseOp { Abort, CopyBlob, LeaseBlob };

enum class Kind {
  // URI
  QueryNameCase,    // a parameter's name in upper case
  QueryDuplicate,   // a parameter sent twice
  QueryDrop,        // a parameter left out
  QueryEmptyValue,  // a parameter with an empty value
  QueryHugeValue,   // a parameter's value repeated to `size` bytes
  QueryBadEscape,   // a broken, double or overlong %-escape or a raw non-ASCII byte in a value
  QueryReorder,     // the parameters in reverse order
  QueryExtra,       // an unknown or conflicting parameter added
  PathOddity,       // "//", "/./", "/../", a trailing "/", %2F, a non-ASCII or huge segment
  // Headers
  CopyActionValue,  // x-ms-copy-action with another value (case, spaces, list, empty, huge, NUL)
  HeaderDuplicate,  // a header sent twice
  HeaderRemove,     // x-ms-version, x-ms-date, x-ms-copy-action or Content-Length left out
  HeaderNameCase,   // a header's name in upper case
  VersionValue,     // x-ms-version: future, past, malformed, empty, huge
  DateValue,        // x-ms-date: malformed, empty, another format
  LeaseIdValue,     // x-ms-lease-id: malformed, empty, huge, a random GUID
  ClientRequestId,  // x-ms-client-request-id: huge, control bytes
  ContentLength,    // Content-Length: "00", "+0", "-1", "abc" (never more than the body)
  Whitespace,       // spaces and tabs around a header value
  ObsFold,          // a header value continued on the next line
  BareLineFeed,     // a header value carrying a bare LF and another field
  ManyHeaders,      // kManyHeaders extra fields
  HugeHeaderName,   // a field name of `size` bytes
};

struct Mutation {
  Kind kind;
  uint32_t variant = 0;  // which of the kind's variants (chosen at random, kept for the record)
  size_t size = 0;       // for the "huge" kinds; the minimizer shrinks it
};

// The request a base operation starts as, on `blob` of {{container}} (copy id {{copy_id}}).
cases::Step base_step(BaseOp op, const std::string& blob);

// Applies the mutation to the step; a mutation that does not apply (e.g. a parameter index past
// the end) leaves it unchanged. Values never contain "{{", so templates stay intact.
void apply(const Mutation& mutation, cases::Step& step);

// "QueryBadEscape#2", "QueryHugeValue#1(8192)": for reports and finding names.
std::string describe(const Mutation& mutation);
const char* kind_name(Kind kind);

// What the fuzzer draws for request `index` of a run: deterministic for (seed, index).
struct Draw {
  BaseOp op = BaseOp::Abort;
  std::vector<Mutation> mutations;
  bool after_signing = false;  // mutated after signing: the signature no longer matches
  bool second_destination = false;  // an abort of the pending copy, where the run has one
};
Draw draw(uint64_t seed, uint64_t index);

}  // namespace blobconform::netfuzz
