// The network fuzzer's mutations: each changes one thing about a request, in the terms of the
// case format (a raw-form step: method, path, raw_query, header overrides, raw_headers, body), so
// that what the fuzzer sent is exactly what the regression case it writes will send. A request
// starts as an operation of operations.json in its raw form (cases::raw_form); the mutations
// reach the names and values of its query parameters and headers alike (case, encoding,
// repetition, order, length).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "harness/cases/case_model.h"
#include "harness/wire/result.h"

namespace blobconform::netfuzz {

inline constexpr size_t kMaxMutationsPerRequest = 3;
inline constexpr size_t kHugeSizes[] = {1024, 8 * 1024, 64 * 1024};
inline constexpr size_t kManyHeaders = 100;
inline constexpr size_t kMaxPathSegment = 4096;  // a case file's path must stay under the schema's 8 KiB check

// What a request starts as before it is mutated: an operation on the fuzz fixture
// (fuzz_fixture.h). Aborts go to dst (or the pending copy); what writes goes to scratch; reads
// read dst.
enum class BaseOp { Abort, CopyBlob, LeaseBlob, GetProperties, GetBlob, SetMetadata, PutBlob, Snapshot, ListContainers };
inline constexpr size_t kBaseOps = 9;

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
  QueryNameEncoding,  // a parameter's name with a letter %-escaped, or a non-ASCII byte
  QueryHugeName,    // a parameter's name repeated to `size` bytes
  QueryValueCase,   // a parameter's value in upper case
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
  HeaderValueCase,  // a header's value in upper case
  HeaderValueEncoding,  // a header's value %-escaped, or with a non-ASCII or control byte
  HeaderValueLength,    // a header's value repeated to `size` bytes
  HeaderNameEncoding,   // a header's name with "_" for "-", a %-escape, or a space before the colon
  HeaderReorder,    // the step's own headers in reverse order
};

struct Mutation {
  Kind kind;
  uint32_t variant = 0;  // which of the kind's variants (chosen at random, kept for the record)
  size_t size = 0;       // for the "huge" kinds; the minimizer shrinks it
};

// The operation step a base request starts as; an abort of the pending copy when `pending`
// (copy id {{pending_copy_id}}), else of dst ({{copy_id}}).
cases::Step base_operation(BaseOp op, bool pending);
// Its raw form, ready for mutations (an error only when `catalog` lacks the operation).
Result<cases::Step> base_step(BaseOp op, bool pending, const cases::Catalog& catalog);
const char* base_op_name(BaseOp op);

// Applies the mutation to the step; a mutation that does not apply (e.g. one that changes a query
// parameter, on a step without any) leaves it unchanged. Templates stay intact: a changed value
// keeps its {{variables}} (upper case is their |upper filter), and no value a mutation adds
// contains "{{".
void apply(const Mutation& mutation, cases::Step& step);

// "QueryBadEscape#2", "QueryHugeValue#1(8192)": for reports and finding names.
std::string describe(const Mutation& mutation);
const char* kind_name(Kind kind);

// What the fuzzer draws for request `index` of a run: deterministic for (seed, index).
struct Draw {
  BaseOp op = BaseOp::Abort;
  std::vector<Mutation> mutations;
  bool after_signing = false;  // the signature is tampered (auth.tamper), as if the request changed after signing
  bool second_destination = false;  // an abort of the pending copy, where the run has one
};
Draw draw(uint64_t seed, uint64_t index);

}  // namespace blobconform::netfuzz
