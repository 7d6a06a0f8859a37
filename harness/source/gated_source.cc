#include "harness/source/gated_source.h"

#include <httplib.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace blobconform::source {
namespace {

constexpr size_t kChunk = 64 * 1024;

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > 63) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

struct Gate {
  GateStats stats;
};

}  // namespace

char source_byte(size_t offset) { return static_cast<char>('a' + offset % 26); }

struct GatedSource::State {
  GatedSourceOptions options;
  httplib::Server server;
  std::thread thread;
  uint16_t port = 0;
  std::string base_url;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, std::shared_ptr<Gate>> gates;
  bool stopping = false;

  std::shared_ptr<Gate> find(const std::string& key) const {
    auto found = gates.find(key);
    return found == gates.end() ? nullptr : found->second;
  }

  // Writes the body from `offset` as far as the gate allows, waiting while it allows nothing.
  bool provide(const std::shared_ptr<Gate>& gate, size_t offset, size_t length, httplib::DataSink& sink) {
    std::unique_lock<std::mutex> lock(mutex);
    auto opens = [&] { return stopping || gate->stats.failed || gate->stats.released || offset < gate->stats.allowed; };
    if (!changed.wait_for(lock, options.max_hold, opens)) return false;  // held too long: give up
    if (stopping || gate->stats.failed) return false;                     // the connection breaks mid-body
    size_t end = gate->stats.released ? offset + length : std::min(offset + length, gate->stats.allowed);
    size_t n = std::min(end - offset, kChunk);
    lock.unlock();
    std::string chunk(n, '\0');
    for (size_t i = 0; i < n; ++i) chunk[i] = source_byte(offset + i);
    if (!sink.write(chunk.data(), chunk.size())) return false;
    lock.lock();
    gate->stats.bytes_sent += n;
    return true;
  }
};

GatedSource::GatedSource(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<GatedSource>> GatedSource::start(const GatedSourceOptions& options) {
  if (options.size == 0 || options.size > kMaxSourceSize) {
    return blobconform::fail("the gated source size must be 1 to " + std::to_string(kMaxSourceSize) + " bytes");
  }
  auto state = std::make_unique<State>();
  state->options = options;
  State* s = state.get();
  s->server.new_task_queue = [] { return new httplib::ThreadPool(kServerThreads); };
  s->server.Get(R"(/([a-z0-9-]{1,63})/(source|page|append)\.bin)", [s](const httplib::Request& request, httplib::Response& response) {
    std::shared_ptr<Gate> gate;
    {
      std::lock_guard<std::mutex> lock(s->mutex);
      gate = s->find(request.matches[1]);
      if (gate) ++gate->stats.requests;
    }
    if (!gate) {
      response.status = 404;
      return;
    }
    if (gate->stats.failed) {
      response.status = 500;
      return;
    }
    if (request.matches[2] == "page") response.set_header("x-ms-blob-type", "PageBlob");
    if (request.matches[2] == "append") response.set_header("x-ms-blob-type", "AppendBlob");
    response.set_header("ETag", "\"blobconform-gated-source\"");
    response.set_header("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
    response.set_content_provider(
        s->options.size, "application/octet-stream",
        [s, gate](size_t offset, size_t length, httplib::DataSink& sink) { return s->provide(gate, offset, length, sink); });
  });
  int port = options.listen_port == 0 ? s->server.bind_to_any_port(options.listen_host.c_str())
                                      : (s->server.bind_to_port(options.listen_host.c_str(), options.listen_port)
                                             ? options.listen_port
                                             : -1);
  if (port <= 0) {
    return blobconform::fail("the gated source cannot listen on " + options.listen_host + ":" + std::to_string(options.listen_port));
  }
  s->port = static_cast<uint16_t>(port);
  s->base_url = options.advertise.empty() ? "http://" + options.listen_host + ":" + std::to_string(port) : options.advertise;
  while (!s->base_url.empty() && s->base_url.back() == '/') s->base_url.pop_back();
  s->thread = std::thread([s] { s->server.listen_after_bind(); });
  while (!s->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<GatedSource>(new GatedSource(std::move(state)));
}

GatedSource::~GatedSource() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->changed.notify_all();
  state_->server.stop();
  if (state_->thread.joinable()) state_->thread.join();
}

Result<std::string> GatedSource::url_for(const std::string& key, BlobKind kind) {
  if (!valid_key(key)) return blobconform::fail("a gated source key is 1 to 63 of a-z, 0-9 and '-': \"" + key + "\"");
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!state_->gates.count(key)) {
    if (state_->gates.size() >= kMaxGates) return blobconform::fail("too many gated sources alive at once");
    state_->gates[key] = std::make_shared<Gate>();
  }
  const char* file = kind == BlobKind::Page ? "page.bin" : kind == BlobKind::Append ? "append.bin" : "source.bin";
  return state_->base_url + "/" + key + "/" + file;
}

size_t GatedSource::size() const { return state_->options.size; }

Result<void> GatedSource::change(const std::string& key, const std::function<void(GateStats&)>& edit) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto gate = state_->find(key);
    if (!gate) return blobconform::fail("no gated source for \"" + key + "\"");
    edit(gate->stats);
  }
  state_->changed.notify_all();
  return {};
}

Result<void> GatedSource::send(const std::string& key, size_t bytes) {
  const size_t size = state_->options.size;
  return change(key, [&](GateStats& g) { g.allowed = std::min(size, g.allowed + std::min(bytes, size)); });
}

Result<void> GatedSource::release(const std::string& key) {
  const size_t size = state_->options.size;
  return change(key, [&](GateStats& g) {
    g.released = true;
    g.allowed = size;
  });
}

Result<void> GatedSource::fail(const std::string& key) {
  return change(key, [](GateStats& g) { g.failed = true; });
}

Result<GateStats> GatedSource::stats(const std::string& key) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto gate = state_->find(key);
  if (!gate) return blobconform::fail("no gated source for \"" + key + "\"");
  return gate->stats;
}

uint16_t GatedSource::port() const { return state_->port; }
const std::string& GatedSource::base_url() const { return state_->base_url; }

}  // namespace blobconform::source
