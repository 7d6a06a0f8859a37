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
  "requires": ["pending-copy", "pending-copy-control"],
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

// Runs the case with `more` setup steps after the first send, against an async-copying server;
// returns the result and what the instance's gated source saw.
std::pair<run::InstanceResult, source::GateStats> run_pending(const std::string& more) {
  std::string text = kPendingCase;
  text.replace(text.find("%MORE%"), 6, more);
  auto loaded = testing::load(text);
  Source source;
  AsyncCopyServer server;
  auto run = testing::run_all(loaded->catalog, server.port(), false, {{"pending-copy", "test"}, {"pending-copy-control", "test"}},
                                &source.fixtures);
  auto stats = source.gated->stats(run.only().container);
  EXPECT_TRUE(stats.ok());
  source.gated.reset();  // ends a transfer still held, before the server joins its copy thread
  return {run.only(), stats.ok() ? *stats : source::GateStats{}};
}

std::string wait_for_status(const std::string& action, const std::string& status) {
  return R"(, { "fixture": "pending_source", "action": ")" + action + R"(" },
              { "op": "get_blob_properties", "args": { "blob": "dst" }, "poll": { "timeout_s": 5, "interval_s": 0.05 },
                "expect": { "headers": { "x-ms-copy-status": ")" + status + R"(" } } })";
}

TEST(PendingSource, HoldsTheCopyPendingSoTheAbortSucceeds) {
  auto [result, stats] = run_pending("");
  EXPECT_EQ(result.result, ResultKind::Pass) << result.reason;
  EXPECT_EQ(stats.bytes_sent, 1024u);  // exactly what the case let through
}

TEST(PendingSource, ReleasedSourceCompletesTheCopyAndTheAbortIsRefused) {
  auto [result, stats] = run_pending(wait_for_status("release", "success"));
  EXPECT_EQ(result.result, ResultKind::Fail);  // 409 NoPendingCopyOperation, not the 204 the case expects
  EXPECT_NE(result.actual.find("409"), std::string::npos) << result.actual;
  EXPECT_EQ(stats.bytes_sent, 4096u);
}

TEST(PendingSource, AFailedSourceEndsTheCopyFailed) {
  auto [result, stats] = run_pending(wait_for_status("fail", "failed"));
  EXPECT_EQ(result.result, ResultKind::Fail) << result.reason;
  EXPECT_TRUE(stats.failed);
}

}  // namespace
}  // namespace blobconform
