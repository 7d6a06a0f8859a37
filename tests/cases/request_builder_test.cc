// From a step to the exact request (case-format §3.1).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness/auth/account_key.h"
#include "harness/auth/account_sas.h"
#include "harness/auth/service_sas.h"
#include "harness/auth/hmac.h"
#include "harness/auth/jwt.h"
#include "harness/auth/shared_key.h"
#include "harness/auth/user_delegation_sas.h"
#include "harness/cases/loader.h"
#include "harness/cases/request_builder.h"
#include "harness/wire/encoding.h"

namespace blobconform::cases {
namespace {

using nlohmann::json;

constexpr const char* kKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

class RequestBuilderTest : public ::testing::Test {
 protected:
  RequestBuilderTest() {
    Problems problems;
    load_operations_file(catalog, std::string(BLOBCONFORM_SOURCE_DIR) + "/cases/operations.json", SchemaValidator(json::object()), problems);
    EXPECT_TRUE(problems.empty());
    key = *auth::make_account_key("devstoreaccount1", kKey);
    context.account = "devstoreaccount1";
    context.base_path = "/devstoreaccount1";
    context.origin = "http://127.0.0.1:10000";
    context.host_header = "127.0.0.1:10000";
    context.version = "2021-12-02";
    context.user_agent = "blobconform/test";
    context.now = wire::Clock::time_point(std::chrono::seconds(1435361952));  // Fri, 26 Jun 2015 23:39:12 GMT
    context.key = &key;
    scope.values = {{"container", "bc-test-0001"}, {"account", "devstoreaccount1"}, {"version", "2021-12-02"}};
    scope.new_uuid = [] { return std::string("00000000-0000-4000-8000-000000000000"); };
  }

  Step step(const std::string& text) {
    Step s;
    json j = json::parse(text);
    s.pointer = "/cases/0/request";
    s.op = j.value("op", "");
    s.method = j.value("method", "");
    s.path = j.value("path", "");
    json args = j.value("args", json::object()), headers = j.value("headers", json::object()),
         query = j.value("query", json::object()), raw_headers = j.value("raw_headers", json::array());
    for (auto& [k, v] : args.items()) s.args[k] = v;
    for (auto& [k, v] : headers.items())
      s.headers.emplace_back(k, v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>()));
    for (auto& [k, v] : query.items())
      s.query.emplace_back(k, v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>()));
    if (j.contains("raw_query")) {
      s.raw_query = NamedValues{};
      for (auto& p : j["raw_query"]) s.raw_query->emplace_back(p[0], p[1]);
    }
    for (auto& p : raw_headers) s.raw_headers.emplace_back(p[0], p[1]);
    if (j.contains("body")) s.body = j["body"].get<std::string>();
    s.http_version = j.value("http_version", "");
    s.url_account = j.value("url_account", "");
    return s;
  }

  BuiltRequest build(const std::string& text) {
    auto built = build_request(step(text), catalog, scope, context);
    EXPECT_TRUE(built.ok()) << (built.ok() ? "" : built.error().message);
    return built.ok() ? *built : BuiltRequest{};
  }

  // The abort of blob dst, authorized by a SAS with these fields.
  Step sas_abort(std::map<std::string, std::string> fields) {
    Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
    s.auth.scheme = AuthSpec::Scheme::Sas;
    s.auth.sas = std::move(fields);
    return s;
  }

  // A service SAS for `blob` in the test's container, its other fields left to the test.
  auth::ServiceSas service_sas(const std::string& version, const std::string& resource, const std::string& blob) {
    auth::ServiceSas sas;
    sas.version = version;
    sas.resource = resource;
    sas.account = "devstoreaccount1";
    sas.container = "bc-test-0001";
    sas.blob = blob;
    return sas;
  }

  Catalog catalog;
  auth::AccountKey key;
  RequestContext context;
  Scope scope;
};

TEST_F(RequestBuilderTest, AbortCopyFromItsTemplate) {
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  const auto& r = built.request;
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.target, "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc");
  EXPECT_EQ(transport::find_header(r.headers, "x-ms-copy-action"), "abort");
  EXPECT_FALSE(transport::find_header(r.headers, "x-ms-lease-id")) << "an absent optional arg sends no header";
  EXPECT_EQ(transport::find_header(r.headers, "x-ms-version"), "2021-12-02");
  EXPECT_EQ(transport::find_header(r.headers, "x-ms-date"), "Fri, 26 Jun 2015 23:39:12 GMT");
  EXPECT_EQ(transport::find_header(r.headers, "Content-Length"), "0");
  EXPECT_EQ(transport::find_header(r.headers, "Host"), "127.0.0.1:10000");
  EXPECT_EQ(r.headers.front().first, "Host");
  EXPECT_EQ(built.client_request_id.size(), 36u);
  EXPECT_FALSE(r.exact);
  // Signed last, over the final request.
  auto authorization = transport::find_header(r.headers, "Authorization");
  ASSERT_TRUE(authorization);
  auto string_to_sign = auth::shared_key_string_to_sign(r.method, r.target, r.headers, "devstoreaccount1");
  ASSERT_TRUE(string_to_sign.ok());
  EXPECT_EQ(*authorization, "SharedKey devstoreaccount1:" + auth::hmac_sha256_base64(key.key, *string_to_sign));
  ASSERT_EQ(built.secrets.size(), 1u);
}

TEST_F(RequestBuilderTest, ValuesInPathAndQueryArePercentEncoded) {
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "a b/c", "copy_id": "x&y=z"}})");
  EXPECT_EQ(built.request.target, "/devstoreaccount1/bc-test-0001/a%20b%2Fc?comp=copy&copyid=x%26y%3Dz");
}

TEST_F(RequestBuilderTest, StepOverridesAndRemovals) {
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"},
                         "headers": {"X-MS-COPY-ACTION": "Abort", "x-ms-version": null},
                         "query": {"timeout": "30", "comp": null}})");
  const auto& r = built.request;
  EXPECT_EQ(transport::count_header(r.headers, "x-ms-copy-action"), 1u);
  EXPECT_EQ(transport::find_header(r.headers, "x-ms-copy-action"), "Abort");
  EXPECT_FALSE(transport::find_header(r.headers, "x-ms-version")) << "a removed automatic header stays removed";
  EXPECT_EQ(r.target, "/devstoreaccount1/bc-test-0001/dst?copyid=abc&timeout=30");
  EXPECT_FALSE(r.exact) << "x-ms-version is not one the ordinary client adds";
}

TEST_F(RequestBuilderTest, RawQueryAndRawHeadersGoThroughTheRawWriter) {
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"},
                         "raw_query": [["comp", "copy"], ["copyid", "a%20z"], ["copyid", "b"]],
                         "raw_headers": [["x-ms-copy-action", "abort"]]})");
  const auto& r = built.request;
  EXPECT_EQ(r.target.substr(r.target.find('?')), "?comp=copy&copyid=a%20z&copyid=b");
  EXPECT_EQ(transport::count_header(r.headers, "x-ms-copy-action"), 2u);
  EXPECT_TRUE(r.exact);
}

TEST_F(RequestBuilderTest, AMalformedEscapeCannotBeSignedAndSaysWhere) {
  auto built = build_request(step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"},
                                      "raw_query": [["comp", "copy"], ["copyid", "a%zz"]]})"), catalog, scope, context);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("/cases/0/request/auth: query parameter 2 ('copyid')"), std::string::npos)
      << built.error().message;
}

TEST_F(RequestBuilderTest, RemovingContentLengthNeedsTheRawWriter) {
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}, "headers": {"Content-Length": null}})");
  EXPECT_FALSE(transport::find_header(built.request.headers, "Content-Length"));
  EXPECT_TRUE(built.request.exact);
}

TEST_F(RequestBuilderTest, AnotherHttpVersionGoesThroughTheRawWriter) {
  auto plain = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  EXPECT_EQ(plain.request.http_version, "HTTP/1.1");
  EXPECT_FALSE(plain.request.exact);
  auto old = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}, "http_version": "HTTP/1.0"})");
  EXPECT_EQ(old.request.http_version, "HTTP/1.0");
  EXPECT_TRUE(old.request.exact);
  auto raw = raw_form(step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}, "http_version": "HTTP/1.0"})"), catalog);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->http_version, "HTTP/1.0");
}

// Another account in a path-style URL; Shared Key still signs as the target's account.
TEST_F(RequestBuilderTest, UrlAccountReplacesThePathStyleAccount) {
  scope.values["other"] = "some account";
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}, "url_account": "{{other}}"})");
  EXPECT_EQ(built.request.target.substr(0, built.request.target.find('?')), "/some%20account/bc-test-0001/dst");
  auto authorization = transport::find_header(built.request.headers, "Authorization");
  ASSERT_TRUE(authorization);
  EXPECT_EQ(authorization->rfind("SharedKey devstoreaccount1:", 0), 0u) << *authorization;
  auto raw = raw_form(step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}, "url_account": "x"})"), catalog);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->url_account, "x");

  context.base_path = "";
  auto host_style = build_request(step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}, "url_account": "x"})"),
                                  catalog, scope, context);
  ASSERT_FALSE(host_style.ok());
  EXPECT_NE(host_style.error().message.find("/cases/0/request/url_account: the target is host-style"), std::string::npos)
      << host_style.error().message;
}

TEST_F(RequestBuilderTest, PutBlobWithMetadataAndBody) {
  auto built = build(R"({"op": "put_blob", "args": {"blob": "src", "body": "hello", "metadata": {"m1": "v1"}}})");
  const auto& r = built.request;
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(transport::find_header(r.headers, "Content-Length"), "5");
  EXPECT_EQ(transport::find_header(r.headers, "x-ms-meta-m1"), "v1");
  EXPECT_EQ(transport::find_header(r.headers, "x-ms-blob-type"), "BlockBlob");
  EXPECT_EQ(transport::find_header(r.headers, "Content-Type"), "application/octet-stream");
  EXPECT_FALSE(r.exact);
}

TEST_F(RequestBuilderTest, CopySourceIsTheBlobUrlInTheSameContainer) {
  auto built = build(R"({"op": "copy_blob", "args": {"blob": "dst", "source_blob": "my src"}})");
  EXPECT_EQ(transport::find_header(built.request.headers, "x-ms-copy-source"),
            "http://127.0.0.1:10000/devstoreaccount1/bc-test-0001/my%20src");
  auto by_url = build(R"({"op": "copy_blob", "args": {"blob": "dst", "source_url": "https://x/y"}})");
  EXPECT_EQ(transport::find_header(by_url.request.headers, "x-ms-copy-source"), "https://x/y");
  // A query after the name (a snapshot) is kept; a SAS comes after it.
  auto snapshot = build(R"({"op": "copy_blob", "args": {"blob": "dst", "source_blob": "src?snapshot=2026-01-01T00:00:00.0000000Z"}})");
  EXPECT_EQ(transport::find_header(snapshot.request.headers, "x-ms-copy-source"),
            "http://127.0.0.1:10000/devstoreaccount1/bc-test-0001/src?snapshot=2026-01-01T00:00:00.0000000Z");
  auto with_sas = build(R"({"op": "incremental_copy", "args": {"blob": "dst", "source_blob": "src?snapshot=2026-01-01T00:00:00.0000000Z"}})");
  auto source = transport::find_header(with_sas.request.headers, "x-ms-copy-source").value_or("");
  EXPECT_EQ(source.rfind("http://127.0.0.1:10000/devstoreaccount1/bc-test-0001/src?snapshot=2026-01-01T00:00:00.0000000Z&sv=", 0), 0u)
      << source;
  EXPECT_NE(source.find("&sr=b&"), std::string::npos) << source;
}

TEST_F(RequestBuilderTest, VariablesAreSubstitutedOncePerOccurrence) {
  scope.values["copy_id"] = "{{container}}";  // a substituted value is not expanded again
  auto built = build(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "{{copy_id}}"}})");
  EXPECT_EQ(built.request.target, "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=%7B%7Bcontainer%7D%7D");
  auto unknown = build_request(step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "{{nope}}"}})"), catalog,
                               scope, context);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("/cases/0/request/args/copy_id: unknown variable '{{nope}}'"), std::string::npos)
      << unknown.error().message;
}

TEST_F(RequestBuilderTest, RawFormAndHostStyle) {
  context.base_path = "";
  context.host_header = "devstoreaccount1.blob.core.windows.net";
  auto built = build(R"({"method": "GET", "path": "/{{container}}", "query": {"restype": "container"}})");
  EXPECT_EQ(built.request.method, "GET");
  EXPECT_EQ(built.request.target, "/bc-test-0001?restype=container");
  EXPECT_EQ(transport::find_header(built.request.headers, "Host"), "devstoreaccount1.blob.core.windows.net");
}

TEST_F(RequestBuilderTest, SharedKeyOptions) {
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  s.auth.account = "someotheraccount";
  s.auth.date = "-20m";
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(transport::find_header(built->request.headers, "x-ms-date"), "Fri, 26 Jun 2015 23:19:12 GMT");
  EXPECT_EQ(transport::find_header(built->request.headers, "Authorization")->rfind("SharedKey someotheraccount:", 0), 0u);
  s.auth.scheme = AuthSpec::Scheme::None;
  auto none = build_request(s, catalog, scope, context);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(transport::find_header(none->request.headers, "Authorization"));
}

// With a run's bearer token and no key, a step without auth carries the token; with the key too,
// such a step signs with the key; Shared Key named needs the key; a token that cannot be had is
// the step's error.
TEST_F(RequestBuilderTest, ABearerTokenSignsTheStepsWithoutTheirOwnAuthWhenThereIsNoKey) {
  context.bearer = [] { return Result<std::string>(std::string("tok.en.sig")); };
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  EXPECT_EQ(effective_scheme(s, context), AuthSpec::Scheme::SharedKey);  // the key is there
  const auth::AccountKey* key_of_the_run = context.key;
  context.key = nullptr;
  EXPECT_EQ(effective_scheme(s, context), AuthSpec::Scheme::Bearer);
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(transport::find_header(built->request.headers, "Authorization"), "Bearer tok.en.sig");
  EXPECT_EQ(transport::find_header(built->request.headers, "x-ms-version"), "2021-12-02");
  EXPECT_EQ(built->secrets, std::vector<std::string>{"tok.en.sig"});
  s.auth.scheme = AuthSpec::Scheme::SharedKey;
  auto keyless = build_request(s, catalog, scope, context);
  ASSERT_FALSE(keyless.ok());
  EXPECT_NE(keyless.error().message.find("Shared Key needs the target's account key"), std::string::npos);
  s.auth.scheme = AuthSpec::Scheme::Default;
  context.bearer = [] { return Result<std::string>(fail("--token-command: the command exited with status 1")); };
  auto refused = build_request(s, catalog, scope, context);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("auth: --token-command: the command exited with status 1"), std::string::npos)
      << refused.error().message;
  context.key = key_of_the_run;
}

// A bearer step: the run's token with its claims changed (times against the harness clock), or a
// literal token, which needs no run token and is no secret.
TEST_F(RequestBuilderTest, ABearerStepSendsTheRunsTokenWithClaimsChangedOrItsOwn) {
  std::string run_token = auth::make_unsigned_jwt(R"({"aud":"https://storage.azure.com","exp":4102444800})", 4);
  context.bearer = [run_token] { return Result<std::string>(run_token); };
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  s.auth.scheme = AuthSpec::Scheme::Bearer;
  s.auth.claims = {{"exp", "-1h"}, {"aud", "https://management.azure.com/"}};
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  auto sent = transport::find_header(built->request.headers, "Authorization");
  ASSERT_TRUE(sent && sent->rfind("Bearer ", 0) == 0);
  auto claims = auth::parse_jwt(sent->substr(7));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->exp, 1435361952 - 3600);  // the harness clock (Fri, 26 Jun 2015 23:39:12 GMT) less an hour
  EXPECT_EQ(claims->audiences, std::vector<std::string>{"https://management.azure.com/"});
  EXPECT_EQ(built->secrets, std::vector<std::string>{sent->substr(7)});
  s.auth.claims.clear();
  s.auth.token = "notajwt";
  context.bearer = nullptr;
  auto literal = build_request(s, catalog, scope, context);
  ASSERT_TRUE(literal.ok()) << literal.error().message;
  EXPECT_EQ(transport::find_header(literal->request.headers, "Authorization"), "Bearer notajwt");
  EXPECT_TRUE(literal->secrets.empty());
}

// Over plain HTTP to another machine, a run's token goes only with a claim changed (unsigned).
TEST_F(RequestBuilderTest, OverPlainHttpToAnotherMachineARunsTokenIsNeverSentAsItIs) {
  std::string run_token = auth::make_unsigned_jwt(R"({"aud":"https://storage.azure.com","exp":4102444800})", 4);
  context.bearer = [run_token] { return Result<std::string>(run_token); };
  context.no_role_bearer = context.bearer;
  context.in_clear = true;
  const auth::AccountKey* key_of_the_run = context.key;
  context.key = nullptr;  // steps without auth sign with the token
  for (const char* auth : {"", "bearer", "without-role"}) {
    Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
    if (std::string(auth) != "") s.auth.scheme = AuthSpec::Scheme::Bearer;
    s.auth.without_role = std::string(auth) == "without-role";
    auto refused = build_request(s, catalog, scope, context);
    ASSERT_FALSE(refused.ok()) << auth;
    EXPECT_NE(refused.error().message.find("never sent as it is"), std::string::npos) << refused.error().message;
    s.auth.scheme = AuthSpec::Scheme::Bearer;
    s.auth.claims = {{"exp", "+30m"}};
    auto changed = build_request(s, catalog, scope, context);
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    auto sent = transport::find_header(changed->request.headers, "Authorization");
    ASSERT_TRUE(sent);
    EXPECT_NE(*sent, "Bearer " + run_token);
    EXPECT_EQ(sent->substr(sent->rfind('.')), ".AAAAAA") << *sent;  // the signature's 4 bytes, zeroed
  }
  context.in_clear = false;
  context.key = key_of_the_run;
}

TEST_F(RequestBuilderTest, ServiceSasIsAppendedToTheQuery) {
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  s.auth.scheme = AuthSpec::Scheme::Sas;
  s.auth.sas = {{"kind", "service"}, {"resource", "b"}, {"permissions", "w"}, {"version", "2020-12-06"}};
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  const auto& target = built->request.target;
  EXPECT_EQ(target.rfind("/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc&", 0), 0u) << target;
  EXPECT_NE(target.find("sv=2020-12-06"), std::string::npos) << target;
  EXPECT_NE(target.find("sr=b"), std::string::npos) << target;
  EXPECT_NE(target.find("se=2015-06-27T00%3A39%3A12Z"), std::string::npos) << target;  // default expiry +1h
  EXPECT_FALSE(transport::find_header(built->request.headers, "Authorization"));
  ASSERT_EQ(built->secrets.size(), 1u);
  EXPECT_NE(target.find(built->secrets[0]), std::string::npos);
}

// A user-delegation SAS is signed with the key an earlier step saved (Get User Delegation Key's
// answer), not the account's: no account key is needed, and the token carries the key's fields.
TEST_F(RequestBuilderTest, AUserDelegationSasIsSignedWithTheSavedKey) {
  const std::string value = "SgZa+ygrrtsyVXHSuzZmfZwZB7FXMItMiXXo66tKEZ8=";
  scope.values["delegation_key"] =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><UserDelegationKey><SignedOid>11111111-1111-1111-1111-111111111111"
      "</SignedOid><SignedTid>22222222-2222-2222-2222-222222222222</SignedTid><SignedStart>2015-06-26T23:00:00Z</SignedStart>"
      "<SignedExpiry>2015-06-27T23:00:00Z</SignedExpiry><SignedService>b</SignedService><SignedVersion>2020-02-10"
      "</SignedVersion><Value>" + value + "</Value></UserDelegationKey>";
  context.key = nullptr;
  Step s = sas_abort({{"kind", "user-delegation"}, {"key", "{{delegation_key}}"}, {"permissions", "w"},
                      {"version", "2020-02-10"}, {"correlation_id", "corr"}});
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  auth::UserDelegationSas sas;
  sas.version = "2020-02-10";
  sas.resource = "b";
  sas.permissions = "w";
  sas.expiry = "2015-06-27T00:39:12Z";  // +1h by default
  sas.correlation_id = "corr";
  sas.account = "devstoreaccount1";
  sas.container = "bc-test-0001";
  sas.blob = "dst";
  sas.key = {"11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "2015-06-26T23:00:00Z",
             "2015-06-27T23:00:00Z", "b", "2020-02-10", "", value};
  EXPECT_EQ(built->request.target,
            "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc&" + auth::user_delegation_sas_token(sas, false).value());
  ASSERT_EQ(built->secrets.size(), 1u);
  EXPECT_EQ(built->secrets[0], wire::percent_encode(auth::user_delegation_sas_signature(sas).value()));
  // No key saved, or no key at all: the field and the reason, never the key.
  scope.values["delegation_key"] = "<Error><Code>AuthenticationFailed</Code></Error>";
  auto unusable = build_request(s, catalog, scope, context);
  ASSERT_FALSE(unusable.ok());
  EXPECT_NE(unusable.error().message.find("auth/sas/key: the user delegation key's root element is <Error>"), std::string::npos)
      << unusable.error().message;
  s.auth.sas.erase("key");
  EXPECT_NE(build_request(s, catalog, scope, context).error().message.find("auth/sas/key"), std::string::npos);
  // A service SAS still needs the account's key.
  auto service = build_request(sas_abort({{"kind", "service"}, {"permissions", "w"}}), catalog, scope, context);
  ASSERT_FALSE(service.ok());
  EXPECT_NE(service.error().message.find("a SAS needs the target's account key"), std::string::npos);
  context.key = &key;
}

TEST_F(RequestBuilderTest, SharedKeyLiteSignsWithTheLiteScheme) {
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  s.auth.scheme = AuthSpec::Scheme::SharedKeyLite;
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok());
  auto copy = built->request;
  auto expected = auth::sign_request(copy, key, auth::SharedKeyScheme::SharedKeyLite, "devstoreaccount1", false);
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(transport::find_header(built->request.headers, "Authorization"),
            transport::find_header(copy.headers, "Authorization"));
  EXPECT_EQ(transport::find_header(built->request.headers, "Authorization")->rfind("SharedKeyLite devstoreaccount1:", 0), 0u);
}

// Every §4 field reaches the token, signed exactly as the auth library signs it.
TEST_F(RequestBuilderTest, ServiceSasFieldsAndAnotherBlob) {
  Step s = sas_abort({{"kind", "service"}, {"resource", "b"}, {"permissions", "w"}, {"version", "2015-04-05"},
                      {"start", "-5m"}, {"expiry", "2015-06-28T00:00:00Z"}, {"protocol", "https"}, {"blob", "src"}});
  s.auth.tamper = true;
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  auth::ServiceSas sas = service_sas("2015-04-05", "b", "src");
  sas.permissions = "w";
  sas.start = "2015-06-26T23:34:12Z";
  sas.expiry = "2015-06-28T00:00:00Z";
  sas.protocol = "https";
  auto token = auth::service_sas_token(sas, key, true);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(built->request.target, "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc&" + *token);
  EXPECT_NE(*token, *auth::service_sas_token(sas, key, false));
}

TEST_F(RequestBuilderTest, AccountSasFields) {
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  s.auth.scheme = AuthSpec::Scheme::Sas;
  s.auth.sas = {{"kind", "account"}, {"services", "bq"}, {"resource_types", "c"}, {"permissions", "rw"},
                {"expiry", "+2h"}, {"version", "2020-12-06"}};
  auto built = build_request(s, catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  auth::AccountSas sas;
  sas.version = "2020-12-06";
  sas.services = "bq";
  sas.resource_types = "c";
  sas.permissions = "rw";
  sas.expiry = "2015-06-27T01:39:12Z";
  sas.account = "devstoreaccount1";
  auto token = auth::account_sas_token(sas, key, false);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(built->request.target, "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc&" + *token);
}

TEST_F(RequestBuilderTest, ABadSasFieldNamesItsPointer) {
  Step s = step(R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "abc"}})");
  s.auth.scheme = AuthSpec::Scheme::Sas;
  s.auth.sas = {{"kind", "service"}, {"permissions", "w"}, {"expiry", "tomorrow"}};
  auto built = build_request(s, catalog, scope, context);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("/cases/0/request/auth/sas/expiry"), std::string::npos) << built.error().message;
}

// Set Container ACL's policy times are args of kind time: relative to the harness clock, sent as
// ISO 8601 in the body.
TEST_F(RequestBuilderTest, TimeArgsAreResolvedAgainstTheHarnessClock) {
  auto built = build(R"({"op": "set_container_acl", "args": {"id": "p1", "permissions": "rw", "start": "-2h",
                                                             "expiry": "2015-07-01T00:00:00Z"}})");
  const auto& r = built.request;
  EXPECT_EQ(r.target, "/devstoreaccount1/bc-test-0001?comp=acl&restype=container");
  EXPECT_NE(r.body.find("<Id>p1</Id><AccessPolicy><Start>2015-06-26T21:39:12Z</Start>"
                        "<Expiry>2015-07-01T00:00:00Z</Expiry><Permission>rw</Permission>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<Id>probe</Id><AccessPolicy><Start>2015-06-26T23:34:12Z</Start>"
                        "<Expiry>2015-06-27T00:39:12Z</Expiry><Permission>r</Permission>"),
            std::string::npos)
      << "the defaults are relative too: " << r.body;
  EXPECT_EQ(transport::find_header(r.headers, "Content-Length"), std::to_string(r.body.size()));
}

TEST_F(RequestBuilderTest, ABadTimeArgNamesItsPointer) {
  auto built = build_request(step(R"({"op": "set_container_acl", "args": {"id": "p1", "permissions": "r",
                                                                            "expiry": "next week"}})"),
                             catalog, scope, context);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.error().message.find("/cases/0/request/args/expiry"), std::string::npos) << built.error().message;
}

// A SAS that names a stored access policy and leaves its terms to it: only sv, sr, si and sig.
TEST_F(RequestBuilderTest, ASasCanLeaveItsTermsToAStoredPolicy) {
  auto built = build_request(
      sas_abort({{"kind", "service"}, {"resource", "b"}, {"identifier", "p1"}, {"permissions", ""}, {"expiry", ""}}),
      catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  auth::ServiceSas sas = service_sas("2021-12-02", "b", "dst");
  sas.identifier = "p1";
  auto token = auth::service_sas_token(sas, key, false);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(built->request.target, "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc&" + *token);
  EXPECT_EQ(token->find("sp="), std::string::npos);
  EXPECT_EQ(token->find("se="), std::string::npos);
  EXPECT_NE(token->find("si=p1"), std::string::npos);
}

// An sr=bs SAS signs the snapshot's time, which the request itself names with ?snapshot=.
TEST_F(RequestBuilderTest, ASnapshotSasSignsTheSnapshotTime) {
  scope.values["snapshot"] = "2015-06-26T23:00:00.0000000Z";
  auto built = build_request(sas_abort({{"kind", "service"}, {"resource", "bs"}, {"permissions", "w"},
                                        {"version", "2018-11-09"}, {"snapshot", "{{snapshot}}"}}),
                             catalog, scope, context);
  ASSERT_TRUE(built.ok()) << built.error().message;
  auth::ServiceSas sas = service_sas("2018-11-09", "bs", "dst");
  sas.permissions = "w";
  sas.expiry = "2015-06-27T00:39:12Z";
  sas.snapshot_time = "2015-06-26T23:00:00.0000000Z";
  auto token = auth::service_sas_token(sas, key, false);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(built->request.target, "/devstoreaccount1/bc-test-0001/dst?comp=copy&copyid=abc&" + *token);
  sas.snapshot_time.clear();
  EXPECT_NE(*token, *auth::service_sas_token(sas, key, false)) << "the snapshot time is signed";
}

// The raw form of an operation step is the same request: the network fuzzer mutates it, and a
// finding's case carries it.
TEST_F(RequestBuilderTest, TheRawFormOfAStepSendsTheSameRequest) {
  scope.values["copy_id"] = "0a1b2c3d-0000-4000-8000-000000000000";
  scope.values["endpoint"] = "http://127.0.0.1:10000/devstoreaccount1";
  for (const char* text : {
           R"({"op": "abort_copy", "args": {"blob": "dst", "copy_id": "{{copy_id}}"}})",
           R"({"op": "copy_blob", "args": {"blob": "d st", "source_blob": "s&rc", "metadata": {"origin": "copy"}}})",
           R"({"op": "put_blob", "args": {"blob": "b", "body": "hello {{container}}"}, "headers": {"Content-Type": null}})",
           R"({"op": "list_containers", "args": {"prefix": "{{container}}", "maxresults": "1"}, "query": {"comp": "list"}})",
           R"({"op": "lease_blob", "args": {"blob": "dst", "action": "acquire", "duration": "-1"},
               "headers": {"x-ms-version": null}})",
       }) {
    Step given = step(text);
    auto raw = raw_form(given, catalog);
    ASSERT_TRUE(raw) << raw.error().message;
    EXPECT_TRUE(raw->op.empty()) << text;
    auto a = build_request(given, catalog, scope, context);
    auto b = build_request(*raw, catalog, scope, context);
    ASSERT_TRUE(a && b) << text;
    EXPECT_EQ(a->request.method, b->request.method) << text;
    EXPECT_EQ(a->request.target, b->request.target) << text;
    EXPECT_EQ(a->request.body, b->request.body) << text;
    auto fields = [](const transport::Request& r) {
      std::multiset<std::string> out;
      for (const auto& [name, value] : r.headers) {
        std::string lower = wire::to_lower(name);
        if (lower != "x-ms-client-request-id" && lower != "authorization") out.insert(lower + ": " + value);
      }
      return out;
    };
    EXPECT_EQ(fields(a->request), fields(b->request)) << text;
    // Signed, both carry a signature of what they send.
    EXPECT_TRUE(transport::find_header(b->request.headers, "Authorization").has_value()) << text;
  }
}

}  // namespace
}  // namespace blobconform::cases
