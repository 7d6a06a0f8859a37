// evaluate(): case-format §5, rule by rule.
#include <algorithm>
#include <string_view>

#include "harness/check/error_body.h"
#include "harness/check/expectation.h"
#include "harness/check/regex.h"
#include "harness/check/text.h"
#include "harness/check/version.h"
#include "harness/wire/encoding.h"

namespace blobconform::check {

namespace {

// Every field with that name (case-insensitively), each trimmed, joined with ", ".
std::optional<std::string> header_value(const transport::HeaderList& headers, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [field, value] : headers) {
    if (!wire::iequals(field, name)) continue;
    std::string_view v = wire::trim(value);
    if (joined) {
      *joined += ", ";
      *joined += v;
    } else {
      joined = std::string(v);
    }
  }
  return joined;
}

bool listed(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool listed_int(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const auto& v : values) items.push_back(quoted(v));
  return join_or(items);
}

void check_status(const StatusMatcher& status, int actual, std::vector<Mismatch>& out) {
  if (status.codes.empty() && status.classes.empty()) return;
  bool holds = listed_int(status.codes, actual) || listed_int(status.classes, actual / 100);
  if (!holds) out.push_back({"status", describe(status), std::to_string(actual)});
}

void check_error_code(const std::vector<std::string>& codes, const transport::Response& response,
                      const Context& context, std::vector<Mismatch>& out) {
  const std::string field = "error_code";
  const std::string wanted = join_or(codes);
  std::optional<std::string> header = header_value(response.headers, "x-ms-error-code");
  std::optional<std::string> xml;
  if (!response.body.empty()) {
    if (auto code = xml_text(response.body, "Code")) xml = *code;
  }
  if (!header && !xml) {
    out.push_back({field, wanted, "no x-ms-error-code header and no XML <Code>"});
    return;
  }
  bool header_required =
      !is_version(context.version) || compare_versions(context.version, kErrorCodeHeaderSince) >= 0;
  // Before 2017-07-29 the XML decides when there is one; the header alone judges a response
  // without an XML body.
  bool use_header = header && (header_required || !xml);
  size_t before = out.size();
  if (header_required && !header) {
    out.push_back({field,
                   wanted + " in x-ms-error-code (required from " + kErrorCodeHeaderSince + ")",
                   "no x-ms-error-code header (XML Code " + quoted(*xml) + ")"});
  }
  if (use_header && !listed(codes, *header)) {
    out.push_back({field, "x-ms-error-code " + wanted, "x-ms-error-code " + quoted(*header)});
  }
  if (xml && !listed(codes, *xml)) {
    out.push_back({field, "XML Code " + wanted, "XML Code " + quoted(*xml)});
  }
  if (out.size() == before && use_header && xml && *header != *xml) {
    out.push_back({field, "x-ms-error-code and XML Code to agree",
                   "x-ms-error-code " + quoted(*header) + ", XML Code " + quoted(*xml)});
  }
}

void check_header(const HeaderMatcher& matcher, const transport::Response& response, std::vector<Mismatch>& out) {
  const transport::HeaderList& headers = response.headers;
  const std::string field = "header " + matcher.name;
  std::optional<std::string> value = header_value(headers, matcher.name);
  const std::string actual = value ? quoted(*value) : std::string("absent");
  if (matcher.present) {
    if (*matcher.present && !value) out.push_back({field, "present", "absent"});
    if (!*matcher.present && value) out.push_back({field, "absent", "present: " + actual});
  }
  if (matcher.equals) {
    std::string wanted(wire::trim(*matcher.equals));
    if (!value || *value != wanted) out.push_back({field, quoted(wanted), actual});
  }
  if (matcher.matches) {
    std::string wanted = "matches /" + *matcher.matches + "/";
    auto compiled = compile_regex(*matcher.matches);
    if (!compiled) {
      out.push_back({field, wanted + " (" + compiled.error().message + ")", actual});
    } else if (!value) {
      out.push_back({field, wanted, actual});
    } else {
      auto found = regex_search(*matcher.matches, *value);
      if (!found) {
        out.push_back({field, wanted + " (" + found.error().message + ")", actual});
      } else if (!*found) {
        out.push_back({field, wanted, actual});
      }
    }
  }
  if (matcher.one_of) {
    std::vector<std::string> wanted;
    for (const auto& v : *matcher.one_of) wanted.emplace_back(wire::trim(v));
    if (!value || !listed(wanted, *value)) {
      out.push_back({field, "one of " + quoted_list(wanted), actual});
    }
  }
  if (matcher.agrees_with_xml && value) {
    auto text = xml_text(response.body, *matcher.agrees_with_xml);
    if (text && *text != *value) {
      out.push_back({field, "= body xml " + *matcher.agrees_with_xml + " " + quoted(*text), actual});
    }
  }
}

std::string body_words(const std::string& body) {
  return std::to_string(body.size()) + " bytes: " + quoted(body);
}

void check_body(const BodyMatcher& matcher, const std::string& body, std::vector<Mismatch>& out) {
  if (matcher.empty) {
    if (*matcher.empty && !body.empty()) out.push_back({"body", "empty", body_words(body)});
    if (!*matcher.empty && body.empty()) out.push_back({"body", "not empty", "empty"});
  }
  if (matcher.length && body.size() != *matcher.length) {
    out.push_back({"body length", std::to_string(*matcher.length) + " bytes",
                   std::to_string(body.size()) + " bytes"});
  }
  if (matcher.equals && body != *matcher.equals) {
    out.push_back({"body", quoted(*matcher.equals), body.empty() ? "empty" : body_words(body)});
  }
  for (const auto& [path, text] : matcher.xml) {
    auto found = xml_text(body, path);
    if (!found) {
      out.push_back({"body xml " + path, quoted(text), found.error().message});
    } else if (*found != text) {
      out.push_back({"body xml " + path, quoted(text), quoted(*found)});
    }
  }
  for (const auto& [path, pattern] : matcher.xml_matches) {
    auto found = xml_text(body, path);
    if (!found) {
      out.push_back({"body xml " + path, "matching /" + pattern + "/", found.error().message});
      continue;
    }
    auto hit = regex_search(pattern, *found);
    if (!hit) out.push_back({"body xml " + path, "matching /" + pattern + "/", hit.error().message});
    else if (!*hit) out.push_back({"body xml " + path, "matching /" + pattern + "/", quoted(*found)});
  }
}

}  // namespace

bool edit_texts(Expectation& expectation, const std::function<bool(std::string& text, bool pattern)>& edit) {
  for (auto& code : expectation.error_codes)
    if (!edit(code, false)) return false;
  for (auto& header : expectation.headers) {
    if (header.equals && !edit(*header.equals, false)) return false;
    if (header.matches && !edit(*header.matches, true)) return false;
    if (header.one_of) {
      for (auto& value : *header.one_of)
        if (!edit(value, false)) return false;
    }
  }
  if (auto& body = expectation.body) {
    if (body->equals && !edit(*body->equals, false)) return false;
    for (auto& [path, text] : body->xml)
      if (!edit(text, false)) return false;
    for (auto& [path, pattern] : body->xml_matches)
      if (!edit(pattern, true)) return false;
  }
  return true;
}

std::vector<Mismatch> evaluate(const Expectation& expectation, const transport::Response& response,
                               const Context& context) {
  std::vector<Mismatch> out;
  if (expectation.status) check_status(*expectation.status, response.status, out);
  if (!expectation.error_codes.empty()) {
    check_error_code(expectation.error_codes, response, context, out);
  }
  for (const auto& header : expectation.headers) check_header(header, response, out);
  if (expectation.body) check_body(*expectation.body, response.body, out);
  return out;
}

}  // namespace blobconform::check
