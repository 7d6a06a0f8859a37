// The pending_source fixture end to end: a server that copies from URLs in the background (a
// FakeServer standing in for one) copies from the gated source, the copy stays pending while the
// gate is shut, the case's fixture steps open or break it, and the abort success path runs.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "harness/run/pending_source.h"
#include "tests/run/runner_fixture.h"

namespace blobconform {
namespace {

using run::ResultKind;
using testing::FakeServer;

// One destination blob whose copy runs on a thread of its own, reading the source URL.
class AsyncCopyServer {
 public:
  AsyncCopyServer()
      : server_([this](const httplib::Request& request, httplib::Response& response) { handle(request, response); }) {}
  ~AsyncCopyServer() {
    for (auto& t : copies_) t.join();
  }
  int port() { return server_.port(); }

 private:
  void handle(const httplib::Request& request, httplib::Response& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (request.method == "PUT" && request.has_header("x-ms-copy-source")) {
      status_ = "pending";
      copies_.emplace_back([this, url = request.get_header_value("x-ms-copy-source")] { copy_from(url); });
      response.status = 202;
      response.set_header("x-ms-copy-id", "11111111-0000-4000-8000-000000000001");
      response.set_header("x-ms-copy-status", "pending");
    } else if (request.method == "PUT" && request.get_param_value("comp") == "copy") {
      if (status_ == "pending") {
        status_ = "aborted";
        response.status = 204;
      } else {
        testing::azure_error(response, 409, "NoPendingCopyOperation");
      }
    } else if (request.method == "HEAD") {
      response.status = 200;
      response.set_header("x-ms-copy-status", status_);
      response.set_header("x-ms-copy-progress", std::to_string(copied_) + "/4096");
    } else {
      response.status = request.method == "DELETE" ? 202 : 201;
    }
  }
  void copy_from(const std::string& url) {
    auto path_at = url.find('/', url.find("//") + 2);
    httplib::Client client(url.substr(0, path_at));
    client.set_read_timeout(20, 0);
    auto result = client.Get(url.substr(path_at).c_str(), [this](const char*, size_t n) {
      copied_ += n;
      return true;
    });
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_ != "pending") return;
    status_ = result && result->status == 200 && copied_ == 4096 ? "success" : "failed";
  }

  std::mutex mutex_;
  std::string status_ = "none";
  std::atomic<size_t> copied_{0};
  std::vector<std::thread> copies_;
  FakeServer server_;  // last: stopped first, before the members its handler uses
};

const char* kPendingCase = R"([{
  "id": "c", "description": "Aborts a copy held pending by the gated source.", "level": "must", "tags": ["pending-copy"],
  "requires": ["pending-copy"],
  "setup": [ { "op": "create_container" },
             { "op": "copy_blob", "args": { "blob": "dst", "source_url": "{{pending_source_url}}" },
               "save": { "copy_id": "header:x-ms-copy-id" }, "expect": { "status": 202 } },
             { "fixture": "pending_source", "action": "send", "bytes": 1024 },
             { "op": "get_blob_properties", "args": { "blob": "dst" }, "poll": { "timeout_s": 5, "interval_s": 0.05 },
               "expect": { "headers": { "x-ms-copy-status": "pending", "x-ms-copy-progress": "1024/4096" } },
               "on_mismatch": "inconclusive" }
             %MORE% ],
  "request": { "op": "abort_copy", "args": { "blob": "dst", "copy_id": "{{copy_id}}" } },
  "expect": { "status": 204 },
  "then": [ { "op": "get_blob_properties", "args": { "blob": "dst" }, "expect": { "headers": { "x-ms-copy-status": "aborted" } } } ]
}])";

struct Source {
  std::unique_ptr<source::GatedSource> gated;
  run::Fixtures fixtures;
  explicit Source(std::chrono::milliseconds hold = std::chrono::seconds(10)) {
    source::GatedSourceOptions options;
    options.size = 4096;
    options.max_hold = hold;
    auto started = source::GatedSource::start(options);
    EXPECT_TRUE(started.ok());
    gated = std::move(*started);
    run::add_pending_source(fixtures, *gated);
  }
};

TEST(PendingSource, HoldsTheCopyPendingSoTheAbortSucceeds) {
  auto loaded = testing::load(std::string(kPendingCase).replace(std::string(kPendingCase).find("%MORE%"), 6, ""));
  Source source;
  AsyncCopyServer server;
  auto run = testing::run_all(loaded->catalog, server.port(), false, {{"pending-copy", "test"}}, &source.fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Pass) << run.only().reason;
  auto stats = source.gated->stats(run.only().container);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->bytes_sent, 1024u);  // exactly what the case let through
  source.gated.reset();                 // ends the held transfer
}

TEST(PendingSource, ReleasedSourceCompletesTheCopyAndTheAbortIsRefused) {
  std::string text = kPendingCase;
  text.replace(text.find("%MORE%"), 6,
               R"(, { "fixture": "pending_source", "action": "release" },
                    { "op": "get_blob_properties", "args": { "blob": "dst" }, "poll": { "timeout_s": 5, "interval_s": 0.05 },
                      "expect": { "headers": { "x-ms-copy-status": "success" } } })");
  auto loaded = testing::load(text);
  Source source;
  AsyncCopyServer server;
  auto run = testing::run_all(loaded->catalog, server.port(), false, {{"pending-copy", "test"}}, &source.fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Fail);  // 409 NoPendingCopyOperation, not the 204 the case expects
  EXPECT_NE(run.only().actual.find("409"), std::string::npos) << run.only().actual;
  EXPECT_EQ(source.gated->stats(run.only().container)->bytes_sent, 4096u);
}

TEST(PendingSource, AFailedSourceEndsTheCopyFailed) {
  std::string text = kPendingCase;
  text.replace(text.find("%MORE%"), 6,
               R"(, { "fixture": "pending_source", "action": "fail" },
                    { "op": "get_blob_properties", "args": { "blob": "dst" }, "poll": { "timeout_s": 5, "interval_s": 0.05 },
                      "expect": { "headers": { "x-ms-copy-status": "failed" } } })");
  auto loaded = testing::load(text);
  Source source;
  AsyncCopyServer server;
  auto run = testing::run_all(loaded->catalog, server.port(), false, {{"pending-copy", "test"}}, &source.fixtures);
  EXPECT_EQ(run.only().result, ResultKind::Fail) << run.only().reason;
  EXPECT_TRUE(source.gated->stats(run.only().container)->failed);
}

}  // namespace
}  // namespace blobconform
