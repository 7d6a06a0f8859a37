// events.ndjson: one JSON line per finished instance while the run goes (its results.json entry
// with "event": "instance", "done" and "total"), between a "start" and a "finish" line, flushed at
// each line so a CI system or a person can follow it with `tail -f`.
#pragma once

#include <fstream>
#include <string>

#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

class EventLog {
 public:
  Result<void> open(const std::string& path, const RunRecord& record, size_t total);
  void instance(const run::InstanceResult& result, size_t done, size_t total);
  void finish(const RunRecord& record);

 private:
  std::ofstream out_;
};

}  // namespace blobconform::report
