#include "harness/cases/expectation_json.h"

#include <cstdint>
#include <optional>

#include "harness/cases/variables.h"
#include "harness/check/regex.h"
#include "harness/wire/encoding.h"

namespace blobconform::cases {

namespace {

using nlohmann::json;

Error at(const std::string& pointer, const std::string& message) {
  return fail((pointer.empty() ? std::string("/") : pointer) + ": " + message);
}

const char* type_name(const json& j) { return j.type_name(); }

// A pattern as written may hold {{variables}} (filled at run time): it is checked with each of them
// standing for a plain "x".
Result<std::shared_ptr<const std::regex>> compile_pattern(const std::string& pattern) {
  if (pattern.find("{{") == std::string::npos) return check::compile_regex(pattern);
  auto sample = substitute(pattern, [](const std::string&, std::string& value) {
    value = "x";
    return true;
  });
  return check::compile_regex(sample ? *sample : pattern);
}

Error wrong_type(const std::string& pointer, const std::string& wanted, const json& j) {
  return at(pointer, "expected " + wanted + ", found " + type_name(j));
}

// Rejects any key of `j` outside `allowed`.
std::optional<Error> unknown_keys(const json& j, const std::string& pointer,
                                  std::initializer_list<const char*> allowed) {
  for (const auto& item : j.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || item.key() == name;
    if (!known) {
      std::string list;
      for (const char* name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      return at(pointer, "unknown key \"" + item.key() + "\" (allowed: " + list + ")");
    }
  }
  return std::nullopt;
}

Result<int> status_code(const json& j, const std::string& pointer) {
  if (!j.is_number_integer()) return wrong_type(pointer, "a status code (integer)", j);
  int64_t code = j.get<int64_t>();
  if (code < 100 || code > 599) {
    return at(pointer, "status code " + std::to_string(code) + " is outside 100-599");
  }
  return static_cast<int>(code);
}

Result<std::string> string_at(const json& j, const std::string& pointer, bool non_empty) {
  if (!j.is_string()) return wrong_type(pointer, "a string", j);
  std::string s = j.get<std::string>();
  if (non_empty && s.empty()) return at(pointer, "must not be empty");
  return s;
}

Result<std::vector<std::string>> string_list(const json& j, const std::string& pointer) {
  if (!j.is_array()) return wrong_type(pointer, "a list of strings", j);
  if (j.empty()) return at(pointer, "must not be an empty list");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) {
    auto s = string_at(j[i], pointer + "/" + std::to_string(i), true);
    if (!s) return s.error();
    out.push_back(*s);
  }
  return out;
}

bool is_token(const std::string& name) {
  static const std::string kExtra = "!#$%&'*+-.^_`|~";
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              kExtra.find(c) != std::string::npos;
    if (!ok) return false;
  }
  return true;
}

Result<std::vector<std::string>> error_codes_from_json(const json& j, const std::string& pointer) {
  if (j.is_string()) {
    auto s = string_at(j, pointer, true);
    if (!s) return s.error();
    return std::vector<std::string>{*s};
  }
  if (!j.is_array()) return wrong_type(pointer, "an error code or a list of error codes", j);
  return string_list(j, pointer);
}

std::optional<Error> xml_path_error(const std::string& path) {
  if (path.empty()) return fail("empty XML path");
  size_t pos = 0;
  while (true) {
    size_t slash = path.find('/', pos);
    size_t end = slash == std::string::npos ? path.size() : slash;
    if (end == pos) return fail("XML path \"" + path + "\" has an empty element name");
    if (slash == std::string::npos) return std::nullopt;
    pos = slash + 1;
  }
}

Result<check::HeaderMatcher> header_from_json(const std::string& name, const json& j,
                                              const std::string& pointer) {
  check::HeaderMatcher m;
  m.name = name;
  if (j.is_string()) {
    m.equals = j.get<std::string>();
    return m;
  }
  if (!j.is_object()) return wrong_type(pointer, "a string or an object", j);
  if (auto e = unknown_keys(j, pointer, {"equals", "matches", "one_of", "present", "agrees_with_xml"})) return *e;
  if (j.empty()) return at(pointer, "needs one of equals, matches, one_of, present, agrees_with_xml");
  if (j.contains("equals")) {
    auto s = string_at(j["equals"], pointer + "/equals", false);
    if (!s) return s.error();
    m.equals = *s;
  }
  if (j.contains("matches")) {
    auto s = string_at(j["matches"], pointer + "/matches", false);
    if (!s) return s.error();
    auto re = compile_pattern(*s);
    if (!re) return at(pointer + "/matches", re.error().message);
    m.matches = *s;
  }
  if (j.contains("one_of")) {
    auto list = string_list(j["one_of"], pointer + "/one_of");
    if (!list) return list.error();
    m.one_of = *list;
  }
  if (j.contains("agrees_with_xml")) {
    auto s = string_at(j["agrees_with_xml"], pointer + "/agrees_with_xml", false);
    if (!s) return s.error();
    if (auto e = xml_path_error(*s)) return at(pointer + "/agrees_with_xml", e->message);
    m.agrees_with_xml = *s;
  }
  if (j.contains("present")) {
    const json& p = j["present"];
    if (!p.is_boolean()) return wrong_type(pointer + "/present", "true or false", p);
    m.present = p.get<bool>();
    if (!*m.present && j.size() > 1) {
      return at(pointer + "/present", "present: false stands alone (no equals, matches, one_of or agrees_with_xml)");
    }
  }
  return m;
}

Result<std::vector<check::HeaderMatcher>> headers_from_json(const json& j,
                                                            const std::string& pointer) {
  if (!j.is_object()) return wrong_type(pointer, "an object of header names", j);
  std::vector<check::HeaderMatcher> out;
  for (const auto& item : j.items()) {
    std::string here = pointer_append(pointer, item.key());
    if (!is_token(item.key())) {
      return at(here, "\"" + item.key() + "\" is not a header name (an HTTP token)");
    }
    for (const auto& previous : out) {
      if (wire::iequals(previous.name, item.key())) {
        return at(here, "header \"" + item.key() + "\" is already expected as \"" +
                            previous.name + "\" (names are case-insensitive)");
      }
    }
    auto m = header_from_json(item.key(), item.value(), here);
    if (!m) return m.error();
    out.push_back(*m);
  }
  return out;
}

Result<check::BodyMatcher> body_from_json(const json& j, const std::string& pointer) {
  if (!j.is_object()) return wrong_type(pointer, "an object", j);
  if (auto e = unknown_keys(j, pointer, {"empty", "length", "equals", "xml"})) return *e;
  if (j.empty()) return at(pointer, "needs one of empty, length, equals, xml");
  check::BodyMatcher m;
  if (j.contains("empty")) {
    const json& v = j["empty"];
    if (!v.is_boolean()) return wrong_type(pointer + "/empty", "true or false", v);
    m.empty = v.get<bool>();
  }
  if (j.contains("length")) {
    const json& v = j["length"];
    if (!v.is_number_unsigned()) return wrong_type(pointer + "/length", "a non-negative integer", v);
    uint64_t n = v.get<uint64_t>();
    if (n > SIZE_MAX) return at(pointer + "/length", "too large");
    m.length = static_cast<size_t>(n);
  }
  if (j.contains("equals")) {
    auto s = string_at(j["equals"], pointer + "/equals", false);
    if (!s) return s.error();
    m.equals = *s;
  }
  if (j.contains("xml")) {
    const json& x = j["xml"];
    const std::string here = pointer + "/xml";
    if (!x.is_object()) return wrong_type(here, "an object of XML paths", x);
    if (x.empty()) return at(here, "needs at least one XML path");
    for (const auto& item : x.items()) {
      std::string path_pointer = pointer_append(here, item.key());
      if (auto e = xml_path_error(item.key())) return at(path_pointer, e->message);
      if (item.value().is_object()) {  // {"matches": "<regex>"}
        const json& o = item.value();
        if (auto e = unknown_keys(o, path_pointer, {"matches"})) return *e;
        if (!o.contains("matches")) return at(path_pointer, "needs matches");
        auto pattern = string_at(o["matches"], path_pointer + "/matches", false);
        if (!pattern) return pattern.error();
        if (auto compiled = compile_pattern(*pattern); !compiled) {
          return at(path_pointer + "/matches", compiled.error().message);
        }
        m.xml_matches.emplace_back(item.key(), *pattern);
        continue;
      }
      auto text = string_at(item.value(), path_pointer, false);
      if (!text) return text.error();
      m.xml.emplace_back(item.key(), *text);
    }
  }
  return m;
}

// "4xx" -> 4.
Result<int> class_of(const json& j, const std::string& pointer) {
  std::string s = j.get<std::string>();
  if (s.size() != 3 || s[0] < '1' || s[0] > '5' || s.substr(1) != "xx") {
    return at(pointer, "\"" + s + "\" is not a status class (\"1xx\" to \"5xx\")");
  }
  return s[0] - '0';
}

}  // namespace

std::string pointer_append(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Result<check::StatusMatcher> status_from_json(const json& j, const std::string& pointer) {
  check::StatusMatcher m;
  if (j.is_number_integer()) {
    auto code = status_code(j, pointer);
    if (!code) return code.error();
    m.codes.push_back(*code);
    return m;
  }
  if (j.is_string()) {
    auto status_class = class_of(j, pointer);
    if (!status_class) return status_class.error();
    m.classes.push_back(*status_class);
    return m;
  }
  if (j.is_array()) {
    if (j.empty()) return at(pointer, "must not be an empty list");
    for (size_t i = 0; i < j.size(); ++i) {
      std::string here = pointer + "/" + std::to_string(i);
      if (j[i].is_string()) {
        auto status_class = class_of(j[i], here);
        if (!status_class) return status_class.error();
        m.classes.push_back(*status_class);
        continue;
      }
      auto code = status_code(j[i], here);
      if (!code) return code.error();
      m.codes.push_back(*code);
    }
    return m;
  }
  return wrong_type(pointer, "a status code, a class such as \"4xx\", or a list of them", j);
}

Result<check::Expectation> expectation_from_json(const json& j, const std::string& pointer) {
  if (!j.is_object()) return wrong_type(pointer, "an expectation object", j);
  if (auto e = unknown_keys(j, pointer, {"status", "error_code", "headers", "body", "when"})) {
    return *e;
  }
  check::Expectation out;
  if (j.contains("status")) {
    auto status = status_from_json(j["status"], pointer + "/status");
    if (!status) return status.error();
    out.status = *status;
  }
  if (j.contains("error_code")) {
    auto codes = error_codes_from_json(j["error_code"], pointer + "/error_code");
    if (!codes) return codes.error();
    out.error_codes = *codes;
  }
  if (j.contains("headers")) {
    auto headers = headers_from_json(j["headers"], pointer + "/headers");
    if (!headers) return headers.error();
    out.headers = *headers;
  }
  if (j.contains("body")) {
    auto body = body_from_json(j["body"], pointer + "/body");
    if (!body) return body.error();
    out.body = *body;
  }
  return out;
}

}  // namespace blobconform::cases
