// Hand-built RunRecords for the report tests: every result kind, in two groups, with
// server-controlled text that would break a report that did not escape it.
#pragma once

#include <string>
#include <vector>

#include "harness/report/baseline.h"
#include "harness/report/run_record.h"

namespace blobconform::report::testing {

using run::ResultKind;

// Markup, an entity, both quotes, a table pipe, backticks, a newline and a control byte.
inline const std::string kHostile = "<script>alert('x')</script> & \"quoted\" | pipe `tick`\nsecond line \x01 end";
inline const std::string kLongRequirement =
    "The Abort Copy Blob operation aborts a pending Copy Blob operation, and leaves a destination blob with zero "
    "length and full metadata. Calling Abort Copy Blob with a copy ID that does not match the pending copy fails.";

inline transport::Exchange hostile_exchange() {
  transport::Exchange exchange;
  exchange.request.method = "PUT";
  exchange.request.target = "/devstoreaccount1/c/b?comp=copy&copyid=1";
  exchange.request.headers = {{"x-ms-version", "2025-11-05"}, {"x-ms-lease-id", "<lease>"}};
  transport::Response response;
  response.status = 409;
  response.reason = "Conflict";
  response.http_version = "HTTP/1.1";
  response.headers = {{"Server", "Evil <script>alert('hdr')</script>"}, {"x-ms-error-code", "LeaseIdMissing"}};
  response.body = "<?xml version=\"1.0\"?><Error><Code>LeaseIdMissing</Code><Message>" + kHostile +
                  "</Message></Error>";
  exchange.response = response;
  return exchange;
}

inline run::InstanceResult instance(const std::string& group, const std::string& name, ResultKind kind,
                                    const std::string& reason) {
  run::InstanceResult r;
  r.id = group + "/" + name;
  r.case_id = r.id;
  r.group = group;
  r.file = "cases/" + group + ".json";
  r.level = kind == ResultKind::NonStrict ? "should" : kind == ResultKind::Info ? "info" : "must";
  r.result = kind;
  r.reason = reason;
  r.requirement = kLongRequirement;
  r.spec_url = "https://learn.microsoft.com/en-us/rest/api/storageservices/abort-copy-blob";
  r.version = "2025-11-05";
  if (kind != ResultKind::Pass) {
    r.expected = "status 412; error code LeaseIdMissing";
    r.actual = "409 " + kHostile;
    r.mismatches.push_back({"status", "412", "409 <b>bold</b>"});
  }
  run::RecordedExchange recorded;
  recorded.phase = "request";
  recorded.pointer = "/cases/0/request";
  recorded.exchange = hostile_exchange();
  r.exchanges.push_back(recorded);
  return r;
}

// abort-copy/lease: PASS 2, FAIL 1, NON-STRICT 1, INFO 1, SKIP 1.
// abort-copy/copy-blob: PASS 1, FAIL 1 (a known deviation), INCONCLUSIVE 1, ERROR 1.
// The groups' first instances pass, so a report that lists failures first has to reorder.
inline RunRecord sample_run() {
  RunRecord record;
  record.harness_version = "0.9.0";
  record.run_id = "run-42";
  record.started = "2025-11-24T10:00:00Z";
  record.finished = "2025-11-24T10:01:05Z";
  record.duration = std::chrono::milliseconds(65000);
  record.target = "azurite http://127.0.0.1:10000/devstoreaccount1";
  record.target_server = "Azurite-Blob/3.37.0 <script>alert('server')</script>";
  record.baseline_file = "reports/baselines/azurite-3.37.0.json";
  const std::string lease = "abort-copy/lease", copy = "abort-copy/copy-blob";
  record.results = {
      instance(lease, "pass-1", ResultKind::Pass, ""),
      instance(lease, "fail", ResultKind::Fail, kHostile),
      instance(lease, "pass-2", ResultKind::Pass, ""),
      instance(lease, "non-strict", ResultKind::NonStrict, "x-ms-request-id absent"),
      instance(lease, "info", ResultKind::Info, "server said: 2020-02-10"),
      instance(lease, "skip", ResultKind::Skip, "needs pending-copy-control"),
      instance(copy, "pass", ResultKind::Pass, ""),
      instance(copy, "known", ResultKind::Fail, "Azurite answers 500"),
      instance(copy, "inconclusive", ResultKind::Inconclusive, "the copy completed before the abort"),
      instance(copy, "error", ResultKind::Error, "connection reset"),
  };
  record.results[1].spec_url = "javascript:alert('spec')";  // never a link
  record.known_deviations["abort-copy/copy-blob/known"] = "Azurite " + kHostile;
  return record;
}

inline GateVerdict sample_verdict() {
  GateVerdict verdict;
  verdict.differences.push_back({"abort-copy/lease/fail", "PASS", "FAIL", false});
  verdict.differences.push_back({"abort-copy/lease/pass-2", "FAIL", "PASS", true});
  verdict.warnings.push_back("entry abort-copy/old expired on 2025-01-01");
  verdict.known = 3;
  return verdict;
}

}  // namespace blobconform::report::testing
