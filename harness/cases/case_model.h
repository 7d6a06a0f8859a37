// The case model: what a case file says, after loading (case-format.md §1-§6, §9). Expectations
// are compiled once, at load (expectation_json.h); the run fills their variables in
// (check::edit_texts) for each step it judges.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cases/named_setups.h"
#include "harness/check/expectation.h"

namespace blobconform::cases {

using NamedValues = std::vector<std::pair<std::string, std::string>>;
using NamedOverrides = std::vector<std::pair<std::string, std::optional<std::string>>>;  // nullopt: remove

// What a spec entry is (case-format §2.1). Only a recording, the front end's code or a current
// page's own sentence can carry a `must`.
enum class Evidence { Unstated, Recorded, FrontEnd, Doc, ArchivedDoc, Observed };
const char* evidence_name(Evidence evidence);
// The kind a case file names; nullopt for another word.
std::optional<Evidence> evidence_from_name(const std::string& name);

struct SpecRef {
  std::string url;
  std::string quote;
  std::string heading;
  Evidence evidence = Evidence::Unstated;
  bool summary = false;  // the quote is the suite's summary, not the source's text

  // The kind the entry counts as: as stated, else `doc` for a learn.microsoft.com or
  // docs.microsoft.com page (what an entry meant before `evidence` existed), else unstated.
  Evidence effective_evidence() const;
  // Whether the entry can carry a `must`: a recording, the front end, or a page's sentence word for word.
  bool grounds_must() const;
};

enum class Level { Must, Should, Info };
const char* level_name(Level level);

// case-format §4. `sas` keeps the fields as written (kind, resource, permissions, version, start,
// expiry, protocol, services, resource_types, ip, ...).
// A step without `auth` signs with the run's credential (Default): Shared Key when the run has the
// account's key, else its bearer token; "shared-key" named needs the key whatever the run has.
struct AuthSpec {
  enum class Scheme { Default, SharedKey, SharedKeyLite, None, Sas, Bearer };
  Scheme scheme = Scheme::Default;
  std::string account;  // Shared Key: another account name in the Authorization header
  std::string date;     // Shared Key: x-ms-date relative to the harness clock ("-20m") or absolute
  bool tamper = false;  // change one character of the computed signature
  std::map<std::string, std::string> sas;
  // Bearer: the run's token with these claims changed (exp, nbf, iat: a time relative to the
  // harness clock or absolute; others as text), unsigned; or, when `token` is set, that token.
  std::map<std::string, std::string> claims;
  std::optional<std::string> token;
  bool without_role = false;  // Bearer: the token of an identity without a data role, not the run's
};

// An `expect`: one object, or a list of objects each with a `when` about the instance version.
struct ExpectSpec {
  struct Variant {
    std::string when;  // empty: always
    check::Expectation expect;  // texts may hold {{variables}}
  };
  std::vector<Variant> variants;
};

// What an outcome that holds makes of the instance (case-format §5).
enum class Grade { Pass, Inconclusive, Info, Fail };
const char* grade_name(Grade grade);
// The grade a case file names; nullopt for another word.
std::optional<Grade> grade_from_name(const std::string& name);

struct OutcomeSpec {
  Grade grade = Grade::Pass;
  ExpectSpec expect;
  std::string reason;
};

struct PollSpec {
  double timeout_s = 30;
  double interval_s = 0.5;
  double max_interval_s = 5;  // the interval doubles up to this (project extension; §3.4's 5 s)
};

struct Step {
  std::string pointer;  // JSON pointer of the step in its file, for messages
  // One of: an operation, the raw form, or a fixture action.
  std::string op;
  std::map<std::string, nlohmann::json> args;  // strings; objects for args of kind metadata
  std::string method;
  std::string path;
  std::optional<std::string> body;
  NamedOverrides query;
  NamedOverrides headers;
  std::optional<NamedValues> raw_query;
  NamedValues raw_headers;
  std::string http_version;  // the request line's version ("HTTP/1.0"); empty: HTTP/1.1
  std::string url_account;   // path-style targets: the account the URL names instead of the target's
  std::string scheme;        // "http": sent to the account's plain-HTTP endpoint; empty: the target's endpoint
  NamedValues save;  // variable -> source (header:<name>, status, body, xml:<path>)
  std::optional<ExpectSpec> expect;
  std::optional<PollSpec> poll;
  bool inconclusive_on_mismatch = false;
  AuthSpec auth;
  std::string fixture;
  std::string action;
  std::optional<int64_t> bytes;
  std::optional<int64_t> seconds;  // clock wait (the schema bounds it: 1 to 120)

  bool is_fixture() const { return !fixture.empty(); }
};

struct Group;

struct Case {
  const Group* group = nullptr;
  std::string pointer;  // "/cases/3"
  std::string id;       // "<group>/<id>"
  std::string local_id;
  std::string description;
  Level level = Level::Must;
  std::vector<std::string> tags;
  std::vector<std::string> covers;
  std::vector<SpecRef> spec;  // the case's own, else the group's
  bool own_spec = false;      // spec is the case's own (else the group's, at /spec)
  std::vector<std::string> capabilities_required;
  std::vector<std::string> versions;  // empty: the harness default
  NamedValues let;
  std::vector<Step> setup;
  Step request;
  std::optional<ExpectSpec> expect;
  std::vector<OutcomeSpec> outcomes;
  std::vector<Step> then;
  std::set<std::string> inherited;  // the fields taken from the group's "defaults"

  // The JSON pointer of a field of this case: the group's defaults when it came from there.
  std::string field_pointer(const std::string& field) const {
    return (inherited.count(field) ? std::string("/defaults") : pointer) + "/" + field;
  }
};

struct Group {
  std::string file;      // path as given on the command line
  std::string case_dir;  // the --cases folder it came from
  std::string name;      // "abort-copy/wrong-copy-id"
  std::string description;
  std::vector<SpecRef> spec;
  std::vector<Case> cases;
};

struct ArgSpec {
  bool required = false;
  std::optional<std::string> default_value;
  std::string kind = "string";  // string, metadata, blob_url, blob_sas_url, time
};

// A field of a template: its alternatives; the first whose args are all present is sent.
using TemplateField = std::pair<std::string, std::vector<std::string>>;

struct Operation {
  std::string name;
  std::string file;
  std::string description;
  std::string method;
  std::string path;
  std::vector<TemplateField> query;
  std::vector<TemplateField> headers;
  std::optional<std::string> body;
  std::map<std::string, ArgSpec> args;
};

// One x-ms-version a case runs at: the label its instance id carries ("" when the case lists no
// versions, else the entry as written, "latest" included) and the date sent ("latest" resolved).
struct VersionRun {
  std::string label;
  std::string version;
};
std::vector<VersionRun> version_runs(const Case& c, const std::string& latest_version);

// The variant of `expect` that applies at `version`, or nullptr when none does.
const ExpectSpec::Variant* select_variant(const ExpectSpec& expect, const std::string& version);

class SchemaValidator;

struct Catalog {
  std::vector<std::unique_ptr<Group>> groups;  // stable addresses: cases point at their group
  // The case schema the catalog's files passed; read_steps validates with it.
  std::shared_ptr<const SchemaValidator> case_schema;
  std::map<std::string, Operation> operations;
  std::map<std::string, std::string> capabilities;  // name -> description
  std::map<std::string, std::string> rules;         // id -> sentence
  NamedSetups setups;                                // from the case folders' setups.json
};

}  // namespace blobconform::cases
