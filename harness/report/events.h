// events.ndjson: one JSON line per finished instance while the run goes (its results.json entry
// with "event": "instance", "done" and "total"), between a "start" and a "finish" line, flushed at
// each line so a CI system or a person can follow it with `tail -f`.
#pragma once

#include <fstream>
#include <map>
#include <string>

#include "harness/report/run_record.h"
#include "harness/wire/result.h"

namespace blobconform::report {

class EventLog {
 public:
  Result<void> open(const std::string& path, const RunRecord& record, size_t total);
  // Writes the instance's line and keeps its results.json entry (results_json.h instance_text).
  void instance(const run::InstanceResult& result, size_t done, size_t total);
  void finish(const RunRecord& record);
  // The entries kept, by instance id, for RunRecord::instance_texts.
  std::map<std::string, std::string> take_instance_texts();

 private:
  std::ofstream out_;
  std::map<std::string, std::string> texts_;
};

}  // namespace blobconform::report
