#include "harness/netfuzz/finding_writer.h"

#include <filesystem>
#include <fstream>

#include "harness/auth/redaction.h"
#include "harness/netfuzz/answer_oracles.h"
#include "harness/netfuzz/fuzz_fixture.h"
#include "harness/transport/raw_client.h"
#include "harness/wire/encoding.h"

namespace blobconform::netfuzz {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json spec(const char* evidence, const std::string& url, const std::string& quote, const std::string& heading = "") {
  json ref = {{"url", url}, {"quote", quote}, {"evidence", evidence}};
  if (!heading.empty()) ref["heading"] = heading;
  return ref;
}

const json kClientError = spec("doc", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
                               "The 400 (Bad Request) status code indicates that the server cannot or will not "
                               "process the request due to something that is perceived to be a client error (e.g., "
                               "malformed request syntax, invalid request message framing, or deceptive request "
                               "routing).",
                               "15.5.1. 400 Bad Request");
const json kRequestId = spec("doc", "https://learn.microsoft.com/rest/api/storageservices/abort-copy-blob#response-headers",
                             "This header uniquely identifies the request that was made, and can be used for "
                             "troubleshooting the request.",
                             "x-ms-request-id");
const json kCodeHeader = spec("doc", "https://learn.microsoft.com/rest/api/storageservices/status-and-error-codes2",
                              "For version 2017-07-29 and later, failed API operations also return the storage error "
                              "code string in a response header.");
const json kAuthentication = spec("recorded", "https://github.com/Azure/azure-sdk-for-net/issues/4078",
                                  "x-ms-error-code: AuthenticationFailed ... The MAC signature found in the HTTP "
                                  "request '...' is not the same as any computed signature.");
const json kAbortState = spec("doc", "https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes",
                              "There is currently no pending copy operation.", "NoPendingCopyOperation");

bool is_uri_kind(Kind kind) {
  return kind == Kind::QueryNameCase || kind == Kind::QueryDuplicate || kind == Kind::QueryDrop ||
         kind == Kind::QueryEmptyValue || kind == Kind::QueryHugeValue || kind == Kind::QueryBadEscape ||
         kind == Kind::QueryReorder || kind == Kind::QueryExtra || kind == Kind::PathOddity ||
         kind == Kind::QueryNameEncoding || kind == Kind::QueryHugeName || kind == Kind::QueryValueCase;
}

// The case's outcomes are the answer oracles' (answer_oracles.h); its spec, what the oracle rests on.
void add_checks(json& c, const Finding& finding, bool unauthenticated, bool pending_changed) {
  const std::string& oracle = finding.oracle;
  if (oracle == "error-without-request-id") {
    c["spec"] = json::array({kRequestId});
  } else if (oracle == "error-code-mismatch") {
    c["spec"] = json::array({kCodeHeader});
  } else if (oracle == "unauthenticated-success") {
    c["spec"] = json::array({kAuthentication});
  } else if (oracle == "destination-changed") {
    c["spec"] = json::array({kAbortState});
    c["then"] = pending_changed ? pending_unchanged() : destination_unchanged();
  } else {
    c["spec"] = json::array({kClientError});
  }
  c["outcomes"] = answer_outcomes(unauthenticated);
}

std::string hex8(uint64_t value) {
  static const char* digits = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, value >>= 4) out[i] = digits[value & 15];
  return out;
}

}  // namespace

json step_json(const cases::Step& step) {
  json j;
  j["method"] = step.method;
  j["path"] = step.path;
  if (step.raw_query) {
    j["raw_query"] = json::array();
    for (const auto& [name, value] : *step.raw_query) j["raw_query"].push_back({name, value});
  }
  if (!step.headers.empty()) {
    j["headers"] = json::object();
    for (const auto& [name, value] : step.headers) j["headers"][name] = value ? json(*value) : json(nullptr);
  }
  if (!step.raw_headers.empty()) {
    j["raw_headers"] = json::array();
    for (const auto& [name, value] : step.raw_headers) j["raw_headers"].push_back({name, value});
  }
  if (step.body) j["body"] = *step.body;
  if (step.auth.scheme == cases::AuthSpec::Scheme::None) j["auth"] = "none";
  else if (step.auth.tamper) j["auth"] = {{"shared-key", {{"tamper", "signature"}}}};
  return j;
}

std::string finding_name(const Finding& finding, const cases::Step& step) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a of the request's JSON
  for (unsigned char c : step_json(step).dump(-1, ' ', false, json::error_handler_t::replace)) {
    hash = (hash ^ c) * 1099511628211ull;
  }
  return "fuzz-" + finding.oracle + "-" + hex8(hash);
}

Result<std::string> write_finding(const std::string& findings_dir, const FindingRecord& record, std::string& bytes_file) {
  const Finding& finding = *record.finding;
  std::string name = finding_name(finding, *record.step);
  fs::path folder = fs::path(findings_dir) / "regressions";
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return fail("--findings-dir: cannot create " + folder.string() + ": " + ec.message());

  std::string mutations;
  bool uri = false;
  for (const auto& m : finding.draw.mutations) {
    mutations += (mutations.empty() ? "" : ", ") + describe(m);
    uri |= is_uri_kind(m.kind);
  }
  bool unauthenticated = record.step->auth.scheme == cases::AuthSpec::Scheme::None || record.step->auth.tamper;
  json c;
  c["id"] = "finding";
  c["description"] = "Found by blobconform fuzz (seed " + std::to_string(record.seed) + ", request " +
                     std::to_string(finding.index) + "; " + mutations + (unauthenticated ? "; unauthenticated" : "") +
                     "): " + finding.oracle + ", " + finding.detail + ".";
  c["level"] = "must";
  c["tags"] = json::array({uri ? "uri" : "headers"});
  // A finding on the pending copy: a request sent to it, or one that changed it.
  bool pending_changed = finding.oracle == "destination-changed" && finding.detail.rfind("the pending copy", 0) == 0;
  bool pending = pending_changed || record.step->path.find("/pending") != std::string::npos;
  c["setup"] = fixture_setup(pending);
  c["request"] = step_json(*record.step);
  add_checks(c, finding, unauthenticated, pending_changed);
  if (pending) {
    c["requires"] = json::array({"pending-copy"});
    c["tags"].push_back("pending-copy");
  }
  json group = {{"format", 1},
                {"group", "regressions/" + name},
                {"description", "A regression case written by blobconform fuzz; commit it with the fix."},
                {"cases", json::array({c})}};
  fs::path case_file = folder / (name + ".json");
  std::string text;
  try {
    text = group.dump(2);
  } catch (const json::type_error&) {  // bytes that are not UTF-8: JSON cannot carry them
    group["cases"][0]["description"] = c["description"].get<std::string>() +
                                        " The request has bytes that are not UTF-8, replaced here by U+FFFD: " +
                                        name + ".bin holds them as sent.";
    text = group.dump(2, ' ', false, json::error_handler_t::replace);
  }
  std::ofstream out(case_file, std::ios::binary);
  out << text << "\n";
  if (!out) return fail("cannot write " + case_file.string());

  transport::Request redacted = *record.sent;
  redacted.target = auth::redact_sas(redacted.target);
  for (auto& [field, value] : redacted.headers) {
    if (wire::iequals(field, "Authorization")) value = auth::redact_authorization(value);
  }
  fs::path bytes = folder / (name + ".bin");
  std::ofstream raw(bytes, std::ios::binary);
  raw << transport::serialize_request(redacted);
  if (!raw) return fail("cannot write " + bytes.string());
  bytes_file = bytes.string();
  return case_file.string();
}

}  // namespace blobconform::netfuzz
