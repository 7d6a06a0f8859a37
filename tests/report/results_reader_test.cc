// results.json read back is the record that was written, and a broken file is a clear error.
#include <gtest/gtest.h>

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
