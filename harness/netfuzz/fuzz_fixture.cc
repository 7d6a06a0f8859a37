#include "harness/netfuzz/fuzz_fixture.h"

namespace blobconform::netfuzz {

using nlohmann::json;

namespace {

// dst's copy, and the ETag it ends with.
json copy_destination() {
  return json::parse(R"([
    { "op": "copy_blob", "args": { "blob": "dst", "source_blob": "src" }, "save": { "copy_id": "header:x-ms-copy-id" },
      "expect": { "status": 202 } },
    { "op": "get_blob_properties", "args": { "blob": "dst" }, "poll": { "timeout_s": 30 },
      "save": { "dst_etag": "header:etag" },
      "expect": { "status": 200, "headers": { "x-ms-copy-status": "success" } }, "on_mismatch": "inconclusive" }
  ])");
}

json copy_pending() {
  return json::parse(R"([
    { "op": "copy_blob", "args": { "blob": "pending", "source_url": "{{pending_source_url}}" },
      "save": { "pending_copy_id": "header:x-ms-copy-id" }, "expect": { "status": 202 } },
    { "op": "get_blob_properties", "args": { "blob": "pending" }, "save": { "pending_etag": "header:etag" },
      "expect": { "status": 200, "headers": { "x-ms-copy-status": "pending" } }, "on_mismatch": "inconclusive" }
  ])");
}

json concatenated(json first, const json& second) {
  for (const auto& step : second) first.push_back(step);
  return first;
}

}  // namespace

json fixture_setup(bool pending) {
  json steps = json::parse(R"([
    { "op": "create_container" },
    { "op": "put_blob", "args": { "blob": "src", "body": "hello" } },
    { "op": "put_blob", "args": { "blob": "scratch", "body": "scratch" } }
  ])");
  steps = concatenated(std::move(steps), copy_destination());
  return pending ? concatenated(std::move(steps), copy_pending()) : steps;
}

json restore_destination() {
  return concatenated(json::parse(R"([{ "op": "delete_blob", "args": { "blob": "dst" } }])"), copy_destination());
}

json restore_pending() {
  return concatenated(json::parse(R"([{ "op": "delete_blob", "args": { "blob": "pending" } }])"), copy_pending());
}

json destination_unchanged() {
  return json::parse(R"([{ "op": "get_blob_properties", "args": { "blob": "dst" },
      "expect": { "status": 200, "headers": { "x-ms-copy-status": "success", "x-ms-copy-id": "{{copy_id}}",
                  "content-length": "5", "etag": "{{dst_etag}}" } } }])");
}

json pending_unchanged() {
  return json::parse(R"([{ "op": "get_blob_properties", "args": { "blob": "pending" },
      "expect": { "status": 200, "headers": { "x-ms-copy-status": "pending", "x-ms-copy-id": "{{pending_copy_id}}",
                  "etag": "{{pending_etag}}" } } }])");
}

}  // namespace blobconform::netfuzz
