#include "harness/report/junit.h"

#include <pugixml.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "harness/report/visible_text.h"

namespace blobconform::report {
namespace {

using run::ResultKind;

std::string seconds(std::chrono::milliseconds ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", ms.count() / 1000.0);
  return text;
}

void property(pugi::xml_node properties, const char* name, const std::string& value) {
  auto node = properties.append_child("property");
  node.append_attribute("name") = name;
  node.append_attribute("value") = value.c_str();
}

// XML 1.0 holds neither control characters nor invalid UTF-8: such bytes are shown as "\xNN".
std::string xml_safe(const std::string& text) { return visible_text(text); }

}  // namespace

std::string junit_xml(const RunRecord& record) {
  pugi::xml_document doc;
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = "blobconform";
  suites.append_attribute("time") = seconds(record.duration).c_str();

  std::map<std::string, std::vector<const run::InstanceResult*>> by_group;
  std::vector<std::string> group_order;
  for (const auto& r : record.results) {
    if (!by_group.count(r.group)) group_order.push_back(r.group);
    by_group[r.group].push_back(&r);
  }
  size_t total_tests = 0, total_failures = 0, total_errors = 0, total_skipped = 0;
  for (const auto& group : group_order) {
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = group.c_str();
    size_t failures = 0, errors = 0, skipped = 0;
    std::chrono::milliseconds time{0};
    for (const auto* r : by_group[group]) {
      time += r->duration;
      auto testcase = suite.append_child("testcase");
      testcase.append_attribute("name") = r->id.c_str();
      testcase.append_attribute("classname") = group.c_str();
      testcase.append_attribute("time") = seconds(r->duration).c_str();
      testcase.append_attribute("file") = r->file.c_str();
      auto properties = testcase.append_child("properties");
      property(properties, "case", r->case_id);
      property(properties, "level", r->level);
      std::string tags;
      for (const auto& t : r->tags) tags += (tags.empty() ? "" : ",") + t;
      property(properties, "tags", tags);
      property(properties, "spec", r->spec_url);
      property(properties, "x-ms-version", r->version);
      property(properties, "result", run::result_name(r->result));
      std::string details = xml_safe(format_failure(*r));
      auto known = record.known_deviations.find(r->id);
      auto unexpected = record.unexpected_passes.find(r->id);
      if (unexpected != record.unexpected_passes.end()) {
        // The baseline expected a failure that did not happen: the gate fails the run, so CI's
        // test tab shows it as a failure too.
        ++failures;
        auto node = testcase.append_child("failure");
        std::string message = "unexpected " + std::string(run::result_name(r->result)) + ": the baseline expects " +
                              unexpected->second + " (remove the entry)";
        node.append_attribute("message") = xml_safe(message).c_str();
        node.append_attribute("type") = "UNEXPECTED-PASS";
        property(properties, "baseline", unexpected->second);
      } else if (known != record.known_deviations.end() && r->result != ResultKind::Pass) {
        // A known deviation: the baseline expected exactly this result.
        ++skipped;
        auto node = testcase.append_child("skipped");
        std::string message = std::string("known ") + run::result_name(r->result) + " (baseline): " + known->second;
        node.append_attribute("message") = xml_safe(message).c_str();
        property(properties, "baseline", known->second);
      } else switch (r->result) {
        case ResultKind::Pass: break;
        case ResultKind::Fail: {
          ++failures;
          auto node = testcase.append_child("failure");
          node.append_attribute("message") = xml_safe(r->reason).c_str();
          node.append_attribute("type") = "FAIL";
          node.text().set(details.c_str());
          break;
        }
        case ResultKind::NonStrict: {
          if (record.strict) {
            ++failures;
            auto node = testcase.append_child("failure");
            node.append_attribute("message") = xml_safe(r->reason).c_str();
            node.append_attribute("type") = "NON-STRICT";
            node.text().set(details.c_str());
          } else {
            property(properties, "non-strict", r->reason);
          }
          break;
        }
        case ResultKind::Info: property(properties, "info", r->reason.empty() ? r->actual : r->reason); break;
        case ResultKind::Skip:
        case ResultKind::Inconclusive: {
          ++skipped;
          auto node = testcase.append_child("skipped");
          std::string message = std::string(run::result_name(r->result)) + ": " + r->reason;
          node.append_attribute("message") = xml_safe(message).c_str();
          break;
        }
        case ResultKind::Error: {
          ++errors;
          auto node = testcase.append_child("error");
          node.append_attribute("message") = xml_safe(r->reason).c_str();
          node.append_attribute("type") = "ERROR";
          node.text().set(details.c_str());
          break;
        }
      }
      if (r->result != ResultKind::Pass && !r->exchanges.empty()) {
        std::string exchanges;
        for (const auto& e : r->exchanges) exchanges += "[" + e.phase + " " + e.pointer + "]\n" + format_exchange(e) + "\n";
        testcase.append_child("system-out").text().set(xml_safe(exchanges).c_str());
      }
    }
    size_t tests = by_group[group].size();
    suite.append_attribute("tests") = static_cast<unsigned long long>(tests);
    suite.append_attribute("failures") = static_cast<unsigned long long>(failures);
    suite.append_attribute("errors") = static_cast<unsigned long long>(errors);
    suite.append_attribute("skipped") = static_cast<unsigned long long>(skipped);
    suite.append_attribute("time") = seconds(time).c_str();
    total_tests += tests;
    total_failures += failures;
    total_errors += errors;
    total_skipped += skipped;
  }
  suites.append_attribute("tests") = static_cast<unsigned long long>(total_tests);
  suites.append_attribute("failures") = static_cast<unsigned long long>(total_failures);
  suites.append_attribute("errors") = static_cast<unsigned long long>(total_errors);
  suites.append_attribute("skipped") = static_cast<unsigned long long>(total_skipped);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

Result<void> write_junit(const RunRecord& record, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return fail("cannot write " + path);
  out << junit_xml(record);
  if (!out) return fail("cannot write " + path);
  return {};
}

}  // namespace blobconform::report
