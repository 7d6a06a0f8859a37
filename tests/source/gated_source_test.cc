// The gated copy source: bytes flow only as far as the fixture actions allow; release lets the
// rest through; fail breaks the transfer; each key is its own source.
#include <gtest/gtest.h>
#include <httplib.h>

#include <future>

#include "harness/source/gated_source.h"

namespace blobconform::source {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<GatedSource> start(size_t size = 100000, std::chrono::milliseconds hold = 10s) {
  GatedSourceOptions options;
  options.size = size;
  options.max_hold = hold;
  auto started = GatedSource::start(options);
  EXPECT_TRUE(started.ok()) << started.error().message;
  return started.ok() ? std::move(*started) : nullptr;
}

std::string expected_bytes(size_t from, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += source_byte(from + i);
  return out;
}

// GETs `path` on another thread; the body so far is in `received`.
struct Download {
  std::shared_ptr<std::string> received = std::make_shared<std::string>();
  std::future<httplib::Result> done;
  Download(uint16_t port, const std::string& path, httplib::Headers headers = {}) {
    auto body = received;
    done = std::async(std::launch::async, [=] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(20, 0);
      return client.Get(path.c_str(), headers, [body](const char* data, size_t n) {
        body->append(data, n);
        return true;
      });
    });
  }
};

size_t wait_for_sent(GatedSource& source, const std::string& key, size_t at_least) {
  for (int i = 0; i < 2000; ++i) {
    auto stats = source.stats(key);
    if (stats.ok() && stats->bytes_sent >= at_least) return stats->bytes_sent;
    std::this_thread::sleep_for(5ms);
  }
  return source.stats(key)->bytes_sent;
}

TEST(GatedSource, SendsOnlyWhatIsAllowedThenTheRestOnRelease) {
  auto source = start();
  auto url = source->url_for("bc-1-0001");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(*url, source->base_url() + "/bc-1-0001/source.bin");
  Download download(source->port(), "/bc-1-0001/source.bin");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(source->stats("bc-1-0001")->bytes_sent, 0u);  // held before any send
  ASSERT_TRUE(source->send("bc-1-0001", 1024).ok());
  EXPECT_EQ(wait_for_sent(*source, "bc-1-0001", 1024), 1024u);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(source->stats("bc-1-0001")->bytes_sent, 1024u);  // and no more
  EXPECT_EQ(download.done.wait_for(0ms), std::future_status::timeout);
  ASSERT_TRUE(source->release("bc-1-0001").ok());
  auto result = download.done.get();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(*download.received, expected_bytes(0, 100000));
  EXPECT_EQ(source->stats("bc-1-0001")->requests, 1u);
}

TEST(GatedSource, FailBreaksTheTransferMidBody) {
  auto source = start();
  ASSERT_TRUE(source->url_for("k").ok());
  Download download(source->port(), "/k/source.bin");
  ASSERT_TRUE(source->send("k", 10).ok());
  wait_for_sent(*source, "k", 10);
  ASSERT_TRUE(source->fail("k").ok());
  auto result = download.done.get();
  EXPECT_FALSE(result && download.received->size() == 100000u);
  EXPECT_EQ(*download.received, expected_bytes(0, 10));
  httplib::Client again("127.0.0.1", source->port());
  auto later = again.Get("/k/source.bin");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 500);
}

TEST(GatedSource, RangesAreServedWithinTheGate) {
  auto source = start(1000);
  ASSERT_TRUE(source->url_for("r").ok());
  ASSERT_TRUE(source->release("r").ok());
  httplib::Client client("127.0.0.1", source->port());
  auto head = client.Head("/r/source.bin");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->get_header_value("Content-Length"), "1000");
  auto part = client.Get("/r/source.bin", {{"Range", "bytes=100-199"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->body, expected_bytes(100, 100));
}

TEST(GatedSource, EachKeyIsItsOwnSourceAndUnknownOnesAreNotFound) {
  auto source = start(100);
  ASSERT_TRUE(source->url_for("a").ok());
  ASSERT_TRUE(source->url_for("b").ok());
  ASSERT_TRUE(source->release("a").ok());
  httplib::Client client("127.0.0.1", source->port());
  auto a = client.Get("/a/source.bin");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->body.size(), 100u);
  EXPECT_FALSE(source->stats("b")->released);
  auto missing = client.Get("/c/source.bin");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_FALSE(source->send("c", 1).ok());
  EXPECT_FALSE(source->url_for("Bad Key").ok());
}

// The page and append URLs are the same source and gate, answering with the blob type an Azure
// blob of that kind answers with; the plain URL names no type.
TEST(GatedSource, PageAndAppendUrlsAnswerWithTheirBlobType) {
  auto source = start(100);
  auto page = source->url_for("k", BlobKind::Page);
  auto append = source->url_for("k", BlobKind::Append);
  ASSERT_TRUE(page.ok() && append.ok());
  EXPECT_EQ(*page, source->base_url() + "/k/page.bin");
  EXPECT_EQ(*append, source->base_url() + "/k/append.bin");
  EXPECT_EQ(source->size(), 100u);
  ASSERT_TRUE(source->release("k").ok());
  httplib::Client client("127.0.0.1", source->port());
  for (auto [path, type] : {std::pair{"/k/page.bin", "PageBlob"}, std::pair{"/k/append.bin", "AppendBlob"},
                            std::pair{"/k/source.bin", ""}}) {
    auto got = client.Get(path);
    ASSERT_TRUE(got) << path;
    EXPECT_EQ(got->status, 200) << path;
    EXPECT_EQ(got->get_header_value("x-ms-blob-type"), type) << path;
    EXPECT_EQ(got->body, expected_bytes(0, 100)) << path;
  }
  EXPECT_EQ(source->stats("k")->requests, 3u) << "one gate for the three URLs";
}

TEST(GatedSource, AHeldTransferEndsAtTheHoldLimitAndOnDestruction) {
  auto source = start(100, 200ms);
  ASSERT_TRUE(source->url_for("h").ok());
  Download held(source->port(), "/h/source.bin");
  auto result = held.done.get();  // the gate never opens: the server gives up after 200 ms
  EXPECT_TRUE(held.received->empty());
  auto second = start(100, 60s);
  ASSERT_TRUE(second->url_for("h").ok());
  Download pending(second->port(), "/h/source.bin");
  std::this_thread::sleep_for(50ms);
  second.reset();  // must not wait a minute for the held transfer
  EXPECT_EQ(pending.done.wait_for(5s), std::future_status::ready);
}

TEST(GatedSource, BadOptionsAreRefused) {
  GatedSourceOptions options;
  options.size = 0;
  EXPECT_FALSE(GatedSource::start(options).ok());
  options.size = kMaxSourceSize + 1;
  EXPECT_FALSE(GatedSource::start(options).ok());
}

}  // namespace
}  // namespace blobconform::source
