// results.json read back is the record that was written, and a broken file is a clear error.
#include <gtest/gtest.h>

#include "harness/report/events.h"
#include "harness/report/results_json.h"
#include "harness/report/results_reader.h"
#include "tests/support/command.h"

namespace blobconform::report {
namespace {

TEST(ResultsReader, WhatIsWrittenComesBack) {
  RunRecord record;
  record.harness_version = "0.1.0";
  record.run_id = "run-1";
  record.started = "2026-11-24T10:00:00Z";
  record.finished = "2026-11-24T10:01:00Z";
  record.duration = std::chrono::milliseconds(60000);
  record.target = "http://127.0.0.1:1/a";
  record.target_server = "S/1";
  record.latest_version = "2026-06-06";
  record.case_dirs = {"/cases"};
  record.filters = {"abort-copy/**"};
  record.tags = {"lease"};
  record.strict = true;
  record.baseline_file = "b.json";
  run::InstanceResult r;
  r.id = "abort-copy/g/c@2020-02-10";
  r.case_id = "abort-copy/g/c";
  r.group = "abort-copy/g";
  r.level = "must";
  r.tags = {"lease", "uri"};
  r.result = run::ResultKind::Fail;
  r.reason = "status: expected 204, got 200";
  r.mismatches = {{"status", "204", "200"}};
  r.duration = std::chrono::milliseconds(12);
  run::RecordedExchange e;
  e.phase = "request";
  e.pointer = "/cases/0/request";
  e.attempts = 2;
  e.exchange.request.method = "PUT";
  e.exchange.request.target = "/a/c/b?comp=copy";
  e.exchange.request.headers = {{"x-ms-version", "2020-02-10"}, {"x-empty", ""}};
  transport::Response response;
  response.status = 200;
  response.reason = "OK";
  response.http_version = "HTTP/1.1";
  response.headers = {{"x-ms-request-id", "id"}};
  response.body = "<x/>";
  e.exchange.response = response;
  r.exchanges.push_back(e);
  record.results.push_back(r);
  record.known_deviations[r.id] = "a recorded deviation";

  testing::TempDir dir;
  auto path = (dir.path() / "results.json").string();
  ASSERT_TRUE(write_results_json(record, path));
  auto back = read_results_json(path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(results_json(*back), results_json(record));
  EXPECT_EQ(back->known_deviations, record.known_deviations);
  EXPECT_EQ(back->results.front().exchanges.front().exchange.request.headers, e.exchange.request.headers);
  EXPECT_EQ(back->results.front().exchanges.front().exchange.request.http_version, "HTTP/1.1");
  // A request sent as another HTTP version keeps it (the repro's curl line and the report show it).
  record.results.front().exchanges.front().exchange.request.http_version = "HTTP/1.0";
  ASSERT_TRUE(write_results_json(record, path));
  auto old_version = read_results_json(path);
  ASSERT_TRUE(old_version) << old_version.error().message;
  EXPECT_EQ(old_version->results.front().exchanges.front().exchange.request.http_version, "HTTP/1.0");
  record.results.front().exchanges.front().exchange.request.http_version = "HTTP/1.1";
  // A request sent to the account's plain-HTTP endpoint keeps where it went; an origin that is no
  // http origin is a problem naming the field.
  record.results.front().exchanges.front().exchange.request.endpoint = transport::Endpoint{"http", "acct.blob.core.windows.net", 80};
  ASSERT_TRUE(write_results_json(record, path));
  auto plain = read_results_json(path);
  ASSERT_TRUE(plain) << plain.error().message;
  ASSERT_TRUE(plain->results.front().exchanges.front().exchange.request.endpoint);
  EXPECT_EQ(transport::origin(*plain->results.front().exchanges.front().exchange.request.endpoint), "http://acct.blob.core.windows.net");
  auto text = testing::read_file(path);
  auto at = text.find("http://acct.blob.core.windows.net", text.find("\"origin\""));
  ASSERT_NE(at, std::string::npos) << text;
  testing::write_file(path, text.replace(at, 4, "https"));
  auto bad = read_results_json(path);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("/request/origin: --http-endpoint: must be an http:// URL"), std::string::npos) << bad.error().message;
  record.results.front().exchanges.front().exchange.request.endpoint.reset();

  // The file is written piece by piece: it must parse to exactly the document results_json makes,
  // with no instance, one, or several, and a body that is not UTF-8 replaced, not fatal.
  for (size_t n : {0, 1, 3}) {
    RunRecord some = record;
    some.results.clear();
    for (size_t i = 0; i < n; ++i) some.results.push_back(r);
    if (n == 3) some.results[2].exchanges.front().exchange.response->body = "\xff\xfe";
    ASSERT_TRUE(write_results_json(some, path));
    auto parsed = nlohmann::json::parse(testing::read_file(path), nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << n << " instances: " << testing::read_file(path);
    if (n < 3) {
      EXPECT_EQ(parsed, results_json(some)) << n << " instances";
    }
    EXPECT_EQ(parsed["instances"].size(), n);
  }
}

// Each instance is serialized once: events.ndjson's line carries the same entry, kept and written
// into results.json (with the baseline's reason added), not serialized again.
TEST(ResultsReader, EachInstanceIsSerializedOnceForTheEventsAndTheResults) {
  RunRecord record;
  record.run_id = "run-1";
  run::InstanceResult r;
  r.id = "g/c@2020-02-10";
  r.case_id = "g/c";
  r.result = run::ResultKind::Fail;
  record.results = {r};
  record.known_deviations[r.id] = "a recorded deviation";
  testing::TempDir dir;
  EventLog events;
  ASSERT_TRUE(events.open((dir.path() / "events.ndjson").string(), record, 1));
  events.instance(r, 1, 1);
  record.instance_texts = events.take_instance_texts();
  ASSERT_EQ(record.instance_texts.count(r.id), 1u);
  EXPECT_EQ(record.instance_texts[r.id], instance_text(r));
  auto line = nlohmann::json::parse(testing::read_file(dir.path() / "events.ndjson").substr(
      testing::read_file(dir.path() / "events.ndjson").find('\n') + 1));
  EXPECT_EQ(line["event"], "instance");
  EXPECT_EQ(line["done"], 1);
  line.erase("event");
  line.erase("done");
  line.erase("total");
  EXPECT_EQ(line, instance_json(r));

  // What results.json holds for an instance is the kept text, whatever it says.
  record.instance_texts[r.id] = R"({"id":"g/c@2020-02-10","case":"g/c","result":"PASS","marker":"kept"})";
  auto path = (dir.path() / "results.json").string();
  ASSERT_TRUE(write_results_json(record, path));
  auto written = nlohmann::json::parse(testing::read_file(path));
  EXPECT_EQ(written["instances"][0]["marker"], "kept");
  EXPECT_EQ(written["instances"][0]["baseline_reason"], "a recorded deviation");
}

TEST(ResultsReader, ABrokenFileNamesTheFileAndTheField) {
  testing::TempDir dir;
  auto path = dir.path() / "results.json";
  testing::write_file(path, R"({"format": 1, "instances": [{"id": "x", "result": "MAYBE"}]})");
  auto read = read_results_json(path.string());
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("results.json: /instances/0/result: unknown result \"MAYBE\""), std::string::npos)
      << read.error().message;
  testing::write_file(path, R"({"format": 1, "instances": [{"id": 3}]})");
  read = read_results_json(path.string());
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().message.find("/instances/0/id: must be a string"), std::string::npos) << read.error().message;
  testing::write_file(path, "not json");
  EXPECT_FALSE(read_results_json(path.string()));
  EXPECT_FALSE(read_results_json((dir.path() / "missing.json").string()));
}

}  // namespace
}  // namespace blobconform::report
