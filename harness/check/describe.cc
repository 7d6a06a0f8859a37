// describe(): expectations, responses and mismatches in one line a person reads.
#include "harness/check/error_body.h"
#include "harness/check/expectation.h"
#include "harness/check/text.h"
#include "harness/wire/encoding.h"

namespace blobconform::check {

namespace {

std::string quoted_list(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const auto& v : values) items.push_back(quoted(v));
  return join_or(items);
}

void add(std::string& out, const std::string& part) {
  if (!out.empty()) out += "; ";
  out += part;
}

}  // namespace

std::string describe(const StatusMatcher& status) {
  std::vector<std::string> items;
  for (int code : status.codes) items.push_back(std::to_string(code));
  for (int cls : status.classes) items.push_back(std::to_string(cls) + "xx");
  return items.empty() ? std::string("any") : join_or(items);
}

std::string describe(const HeaderMatcher& header) {
  std::string out;
  const std::string head = "header " + header.name;
  if (header.present) add(out, head + (*header.present ? " present" : " absent"));
  if (header.equals) add(out, head + " = " + quoted(wire::trim(*header.equals)));
  if (header.matches) add(out, head + " matches /" + *header.matches + "/");
  if (header.one_of) add(out, head + " one of " + quoted_list(*header.one_of));
  if (header.agrees_with_xml) add(out, head + " agrees with body xml " + *header.agrees_with_xml);
  return out.empty() ? head : out;
}

std::string describe(const BodyMatcher& body) {
  std::string out;
  if (body.empty) add(out, *body.empty ? "body empty" : "body not empty");
  if (body.length) add(out, "body length " + std::to_string(*body.length));
  if (body.equals) add(out, "body = " + quoted(*body.equals));
  for (const auto& [path, text] : body.xml) add(out, "body xml " + path + " = " + quoted(text));
  for (const auto& [path, pattern] : body.xml_matches) add(out, "body xml " + path + " matches /" + pattern + "/");
  return out.empty() ? std::string("body") : out;
}

std::string describe(const Expectation& expectation) {
  std::string out;
  if (expectation.status) add(out, "status " + describe(*expectation.status));
  if (!expectation.error_codes.empty()) add(out, "error code " + join_or(expectation.error_codes));
  for (const auto& header : expectation.headers) add(out, describe(header));
  if (expectation.body) add(out, describe(*expectation.body));
  return out.empty() ? std::string("any response") : out;
}

std::string describe(const transport::Response& response) {
  std::string out = std::to_string(response.status);
  if (auto code = transport::find_header(response.headers, "x-ms-error-code")) {
    out += " " + std::string(wire::trim(*code)) + " (x-ms-error-code)";
  }
  if (!response.body.empty()) {
    if (auto code = xml_text(response.body, "Code")) {
      out += ", XML Code " + *code;
    } else {
      out += ", body " + std::to_string(response.body.size()) + " bytes";
    }
  }
  return out;
}

std::string describe(const Mismatch& mismatch) {
  return mismatch.field + ": expected " + mismatch.expected + ", got " + mismatch.actual;
}

}  // namespace blobconform::check
