// GCC 12 warns -Wmaybe-uninitialized inside libstdc++'s <regex> (a false positive in
// std::function moves); the pragma must be active where <regex> is included.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "harness/cases/json_schema.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <tuple>

namespace blobconform::cases {
namespace {

using nlohmann::json;

// What kind of failure a problem is, for choosing the closest branch of a oneOf/anyOf.
enum class Kind {
  Type,   // the instance has the wrong JSON type here (or no enum/const value has its type)
  Value,  // the right type, but not an allowed enum/const value
  Other,  // anything else (missing or unknown field, pattern, length, ...)
};

struct Found {
  std::string pointer;
  std::string reason;
  Kind kind = Kind::Other;
};

using Founds = std::vector<Found>;

const std::set<std::string> kKeywords = {
    "type",     "properties", "required", "additionalProperties", "patternProperties", "items",
    "prefixItems", "minItems", "maxItems", "uniqueItems", "enum", "const", "pattern", "minLength",
    "maxLength", "minimum", "maximum", "oneOf", "anyOf", "allOf", "not", "$ref"};
const std::set<std::string> kAnnotations = {"$schema", "$defs", "$comment", "title", "description"};
const std::set<std::string> kTypeNames = {"null", "boolean", "object", "array", "number", "integer", "string"};

std::string escape_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string child(const std::string& pointer, const std::string& key) { return pointer + "/" + escape_token(key); }
std::string child(const std::string& pointer, size_t index) { return pointer + "/" + std::to_string(index); }

bool is_integral(const json& j) {
  if (j.is_number_integer()) return true;
  if (!j.is_number_float()) return false;
  double d = j.get<double>();
  return std::isfinite(d) && std::floor(d) == d;
}

bool has_type(const json& j, const std::string& name) {
  if (name == "null") return j.is_null();
  if (name == "boolean") return j.is_boolean();
  if (name == "object") return j.is_object();
  if (name == "array") return j.is_array();
  if (name == "string") return j.is_string();
  if (name == "number") return j.is_number();
  if (name == "integer") return is_integral(j);
  return false;
}

const char* kind_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "true/false";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

std::string with_article(const std::string& type_name) {
  if (type_name == "null") return "null";
  if (type_name == "boolean") return "true/false";
  if (type_name == "object" || type_name == "array" || type_name == "integer") return "an " + type_name;
  return "a " + type_name;
}

std::string join_alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// A value for a message: JSON text, shortened.
std::string shown(const json& j) {
  std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string number_text(const json& j) { return j.dump(); }

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  // Checks that the schema uses only supported keywords, well formed. Problems at "".
  void check_schema(const json& schema, const std::string& where, int depth, std::vector<SchemaProblem>& out) {
    auto bad = [&](const std::string& reason) { out.push_back({"", "schema: " + reason + " at " + where}); };
    if (depth > kMaxSchemaDepth) return bad("nesting deeper than " + std::to_string(kMaxSchemaDepth));
    if (schema.is_boolean()) return;
    if (!schema.is_object()) return bad("a schema must be an object or true/false");
    for (const auto& [key, value] : schema.items()) {
      std::string at = where + "/" + escape_token(key);
      auto bad_here = [&](const std::string& reason) { out.push_back({"", "schema: " + reason + " at " + at}); };
      if (!kKeywords.count(key) && !kAnnotations.count(key)) {
        bad_here("unsupported keyword \"" + key + "\"");
        continue;
      }
      if (key == "type") {
        bool ok = value.is_string() ? kTypeNames.count(value.get<std::string>()) > 0
                                    : value.is_array() && !value.empty();
        for (const auto& t : value.is_array() ? value : json::array()) {
          ok = ok && t.is_string() && kTypeNames.count(t.get<std::string>()) > 0;
        }
        if (!ok) bad_here("\"type\" must be a type name or a non-empty list of them");
      } else if (key == "properties" || key == "patternProperties" || key == "$defs") {
        if (!value.is_object()) {
          bad_here("\"" + key + "\" must be an object of schemas");
          continue;
        }
        for (const auto& [name, sub] : value.items()) {
          if (key == "patternProperties" && !compile(name)) bad_here("invalid regular expression \"" + name + "\"");
          check_schema(sub, at + "/" + escape_token(name), depth + 1, out);
        }
      } else if (key == "required") {
        bool ok = value.is_array();
        for (const auto& r : ok ? value : json::array()) ok = ok && r.is_string();
        if (!ok) bad_here("\"required\" must be a list of strings");
      } else if (key == "additionalProperties" || key == "items" || key == "not") {
        check_schema(value, at, depth + 1, out);
      } else if (key == "prefixItems" || key == "oneOf" || key == "anyOf" || key == "allOf") {
        if (!value.is_array() || value.empty()) {
          bad_here("\"" + key + "\" must be a non-empty list of schemas");
          continue;
        }
        for (size_t i = 0; i < value.size(); ++i) check_schema(value[i], child(at, i), depth + 1, out);
      } else if (key == "minItems" || key == "maxItems" || key == "minLength" || key == "maxLength") {
        if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<int64_t>() >= 0)) {
          bad_here("\"" + key + "\" must be a non-negative integer");
        }
      } else if (key == "uniqueItems") {
        if (!value.is_boolean()) bad_here("\"uniqueItems\" must be true or false");
      } else if (key == "enum") {
        if (!value.is_array() || value.empty()) bad_here("\"enum\" must be a non-empty list");
      } else if (key == "pattern") {
        if (!value.is_string()) bad_here("\"pattern\" must be a string");
        else if (!compile(value.get<std::string>())) bad_here("invalid regular expression \"" + value.get<std::string>() + "\"");
      } else if (key == "minimum" || key == "maximum") {
        if (!value.is_number()) bad_here("\"" + key + "\" must be a number");
      } else if (key == "$ref") {
        if (!value.is_string() || !resolve(value.get<std::string>())) {
          bad_here("\"$ref\" must be \"#/$defs/<name>\" naming a schema in the root's $defs");
        }
      } else if (key == "title" || key == "description" || key == "$comment" || key == "$schema") {
        if (!value.is_string()) bad_here("\"" + key + "\" must be a string");
      }
    }
  }

  void validate(const json& schema, const json& instance, const std::string& pointer, int depth, Founds& out) {
    if (depth > kMaxSchemaDepth) {
      out.push_back({pointer, "nested too deeply (more than " + std::to_string(kMaxSchemaDepth) + " levels)", Kind::Other});
      return;
    }
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) out.push_back({pointer, "no value is allowed here", Kind::Type});
      return;
    }
    if (!schema.is_object()) return;  // check_schema has reported it

    if (auto it = schema.find("$ref"); it != schema.end()) {
      if (const json* target = resolve(it->get<std::string>())) validate(*target, instance, pointer, depth + 1, out);
    }
    if (auto it = schema.find("type"); it != schema.end()) {
      std::vector<std::string> names;
      if (it->is_string()) names.push_back(it->get<std::string>());
      else for (const auto& t : *it) names.push_back(t.get<std::string>());
      bool ok = std::any_of(names.begin(), names.end(), [&](const std::string& n) { return has_type(instance, n); });
      if (!ok) {
        std::vector<std::string> wanted;
        for (const auto& n : names) wanted.push_back(with_article(n));
        out.push_back({pointer, "expected " + join_alternatives(wanted) + ", found " + kind_of(instance), Kind::Type});
        return;  // nothing else of this schema is meaningful for a value of the wrong type
      }
    }
    if (auto it = schema.find("enum"); it != schema.end()) {
      if (std::find(it->begin(), it->end(), instance) == it->end()) {
        std::vector<std::string> allowed;
        bool same_type = false;
        for (const auto& v : *it) {
          allowed.push_back(shown(v));
          same_type = same_type || v.type() == instance.type() || (v.is_number() && instance.is_number());
        }
        out.push_back({pointer, shown(instance) + " is not one of " + join_alternatives(allowed),
                       same_type ? Kind::Value : Kind::Type});
      }
    }
    if (auto it = schema.find("const"); it != schema.end()) {
      if (*it != instance) {
        bool same_type = it->type() == instance.type() || (it->is_number() && instance.is_number());
        out.push_back({pointer, "must be " + shown(*it) + " (found " + shown(instance) + ")",
                       same_type ? Kind::Value : Kind::Type});
      }
    }
    if (instance.is_object()) validate_object(schema, instance, pointer, depth, out);
    if (instance.is_array()) validate_array(schema, instance, pointer, depth, out);
    if (instance.is_string()) validate_string(schema, instance.get_ref<const std::string&>(), pointer, out);
    if (instance.is_number()) validate_number(schema, instance, pointer, out);

    if (auto it = schema.find("allOf"); it != schema.end()) {
      for (const auto& sub : *it) validate(sub, instance, pointer, depth + 1, out);
    }
    if (auto it = schema.find("anyOf"); it != schema.end()) alternatives(*it, instance, pointer, depth, false, out);
    if (auto it = schema.find("oneOf"); it != schema.end()) alternatives(*it, instance, pointer, depth, true, out);
    if (auto it = schema.find("not"); it != schema.end()) {
      Founds inner;
      validate(*it, instance, pointer, depth + 1, inner);
      if (inner.empty()) {
        std::string title = title_of(*it);
        out.push_back({pointer, title.empty() ? "must not match the schema " + shown(*it) : "not allowed: " + title,
                       Kind::Other});
      }
    }
  }

 private:
  const json* resolve(const std::string& ref) const {
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0 || !root_.is_object()) return nullptr;
    auto defs = root_.find("$defs");
    if (defs == root_.end() || !defs->is_object()) return nullptr;
    auto target = defs->find(ref.substr(prefix.size()));
    return target == defs->end() ? nullptr : &*target;
  }

  const std::regex* compile(const std::string& pattern) {
    auto it = regexes_.find(pattern);
    if (it != regexes_.end()) return it->second.get();
    std::unique_ptr<std::regex> re;
    try {
      re = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
    } catch (const std::exception&) {
      re.reset();
    }
    return regexes_.emplace(pattern, std::move(re)).first->second.get();
  }

  // Whether the pattern is found in the value; an error text when it cannot be decided.
  bool search(const std::string& pattern, const std::string& value, std::string& error) {
    const std::regex* re = compile(pattern);
    if (!re) {
      error = "invalid regular expression " + pattern;
      return false;
    }
    if (value.size() > kMaxPatternSubjectBytes) {
      error = "is longer than " + std::to_string(kMaxPatternSubjectBytes) + " bytes, too long to check against " + pattern;
      return false;
    }
    try {
      return std::regex_search(value, *re);
    } catch (const std::exception& e) {
      error = std::string("could not be matched against ") + pattern + ": " + e.what();
      return false;
    }
  }

  std::string title_of(const json& schema) const {
    if (!schema.is_object()) return {};
    if (auto t = schema.find("title"); t != schema.end() && t->is_string()) return t->get<std::string>();
    if (auto r = schema.find("$ref"); r != schema.end() && r->is_string()) {
      if (const json* target = resolve(r->get<std::string>())) return title_of(*target);
    }
    return {};
  }

  void validate_object(const json& schema, const json& instance, const std::string& pointer, int depth, Founds& out) {
    if (auto it = schema.find("required"); it != schema.end()) {
      for (const auto& name : *it) {
        if (!instance.contains(name.get<std::string>())) {
          out.push_back({pointer, "missing required field \"" + name.get<std::string>() + "\"", Kind::Other});
        }
      }
    }
    auto properties = schema.find("properties");
    auto patterns = schema.find("patternProperties");
    auto additional = schema.find("additionalProperties");
    for (const auto& [name, value] : instance.items()) {
      std::string at = child(pointer, name);
      bool matched = false;
      if (properties != schema.end()) {
        if (auto p = properties->find(name); p != properties->end()) {
          matched = true;
          validate(*p, value, at, depth + 1, out);
        }
      }
      if (patterns != schema.end()) {
        for (const auto& [pattern, sub] : patterns->items()) {
          std::string error;
          if (search(pattern, name, error)) {
            matched = true;
            validate(sub, value, at, depth + 1, out);
          } else if (!error.empty()) {
            out.push_back({at, "field name " + error, Kind::Other});
            matched = true;
          }
        }
      }
      if (matched || additional == schema.end()) continue;
      if (additional->is_boolean() && !additional->get<bool>()) {
        out.push_back({pointer, unknown_field_reason(name, properties, patterns, schema.end()), Kind::Other});
      } else {
        validate(*additional, value, at, depth + 1, out);
      }
    }
  }

  static std::string unknown_field_reason(const std::string& name, json::const_iterator properties,
                                          json::const_iterator patterns, json::const_iterator end) {
    std::vector<std::string> allowed;
    if (properties != end) {
      for (const auto& [key, sub] : properties->items()) allowed.push_back(key);
    }
    std::vector<std::string> names;
    if (patterns != end) {
      for (const auto& [pattern, sub] : patterns->items()) names.push_back(pattern);
    }
    if (allowed.empty() && !names.empty()) {
      return "field name \"" + name + "\" is not allowed (names must match " + join_alternatives(names) + ")";
    }
    std::string reason = "unknown field \"" + name + "\"";
    if (!allowed.empty()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      reason += " (allowed: " + list + (names.empty() ? "" : "; or names matching " + join_alternatives(names)) + ")";
    } else {
      reason += " (no fields are allowed here)";
    }
    return reason;
  }

  void validate_array(const json& schema, const json& instance, const std::string& pointer, int depth, Founds& out) {
    size_t prefix = 0;
    if (auto it = schema.find("prefixItems"); it != schema.end()) {
      prefix = it->size();
      for (size_t i = 0; i < prefix && i < instance.size(); ++i) {
        validate((*it)[i], instance[i], child(pointer, i), depth + 1, out);
      }
    }
    if (auto it = schema.find("items"); it != schema.end()) {
      for (size_t i = prefix; i < instance.size(); ++i) validate(*it, instance[i], child(pointer, i), depth + 1, out);
    }
    if (auto it = schema.find("minItems"); it != schema.end() && instance.size() < it->get<size_t>()) {
      size_t n = it->get<size_t>();
      out.push_back({pointer, "must have at least " + std::to_string(n) + (n == 1 ? " item" : " items") +
                                  " (has " + std::to_string(instance.size()) + ")",
                     Kind::Other});
    }
    if (auto it = schema.find("maxItems"); it != schema.end() && instance.size() > it->get<size_t>()) {
      size_t n = it->get<size_t>();
      out.push_back({pointer, "must have at most " + std::to_string(n) + (n == 1 ? " item" : " items") +
                                  " (has " + std::to_string(instance.size()) + ")",
                     Kind::Other});
    }
    if (auto it = schema.find("uniqueItems"); it != schema.end() && it->get<bool>() && instance.size() > 1) {
      std::vector<size_t> order(instance.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return instance[a] < instance[b]; });
      for (size_t i = 1; i < order.size(); ++i) {
        if (instance[order[i - 1]] == instance[order[i]]) {
          size_t first = std::min(order[i - 1], order[i]), second = std::max(order[i - 1], order[i]);
          out.push_back({child(pointer, second),
                         "repeats item " + std::to_string(first) + " (" + shown(instance[second]) + "); items must be unique",
                         Kind::Other});
          break;
        }
      }
    }
  }

  void validate_string(const json& schema, const std::string& value, const std::string& pointer, Founds& out) {
    if (auto it = schema.find("minLength"); it != schema.end()) {
      size_t n = it->get<size_t>(), have = code_points(value);
      if (have < n) {
        out.push_back({pointer, "must be at least " + std::to_string(n) + (n == 1 ? " character" : " characters") +
                                    " long (is " + std::to_string(have) + ")",
                       Kind::Other});
      }
    }
    if (auto it = schema.find("maxLength"); it != schema.end()) {
      size_t n = it->get<size_t>(), have = code_points(value);
      if (have > n) {
        out.push_back({pointer, "must be at most " + std::to_string(n) + (n == 1 ? " character" : " characters") +
                                    " long (is " + std::to_string(have) + ")",
                       Kind::Other});
      }
    }
    if (auto it = schema.find("pattern"); it != schema.end()) {
      std::string error;
      const std::string& pattern = it->get_ref<const std::string&>();
      if (!search(pattern, value, error)) {
        out.push_back({pointer, error.empty() ? shown(json(value)) + " does not match the pattern " + pattern : error,
                       Kind::Other});
      }
    }
  }

  void validate_number(const json& schema, const json& value, const std::string& pointer, Founds& out) {
    double v = value.get<double>();
    if (auto it = schema.find("minimum"); it != schema.end() && v < it->get<double>()) {
      out.push_back({pointer, "must be at least " + number_text(*it) + " (is " + number_text(value) + ")", Kind::Other});
    }
    if (auto it = schema.find("maximum"); it != schema.end() && v > it->get<double>()) {
      out.push_back({pointer, "must be at most " + number_text(*it) + " (is " + number_text(value) + ")", Kind::Other});
    }
  }

  std::string branch_name(const json& branch, size_t index) const {
    std::string title = title_of(branch);
    return title.empty() ? "alternative " + std::to_string(index + 1) : title;
  }

  // oneOf (exactly one) or anyOf (at least one).
  void alternatives(const json& branches, const json& instance, const std::string& pointer, int depth,
                    bool exactly_one, Founds& out) {
    std::vector<Founds> results(branches.size());
    std::vector<size_t> passing;
    for (size_t i = 0; i < branches.size(); ++i) {
      validate(branches[i], instance, pointer, depth + 1, results[i]);
      if (results[i].empty()) passing.push_back(i);
    }
    if (!passing.empty()) {
      if (exactly_one && passing.size() > 1) {
        std::vector<std::string> names;
        for (size_t i : passing) names.push_back(branch_name(branches[i], i));
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : "; ") + n;
        out.push_back({pointer, "matches more than one alternative (" + list + "); exactly one must hold", Kind::Other});
      }
      return;
    }
    // Rank each branch by how close it came: the wrong type at this very place is furthest,
    // then a wrong enum/const value here, then the number of problems here, then in total;
    // deeper problems mean the branch fitted the shape better.
    using Rank = std::tuple<int, int, size_t, size_t, long>;
    auto rank_of = [&](const Founds& found) {
      int type = 0, value = 0;
      size_t here = 0, deepest = 0;
      for (const auto& f : found) {
        if (f.pointer == pointer) {
          ++here;
          type |= f.kind == Kind::Type;
          value |= f.kind == Kind::Value;
        }
        deepest = std::max(deepest, f.pointer.size());
      }
      return Rank{type, value, here, found.size(), -static_cast<long>(deepest)};
    };
    std::vector<Rank> ranks;
    for (const auto& r : results) ranks.push_back(rank_of(r));
    size_t best = static_cast<size_t>(std::min_element(ranks.begin(), ranks.end()) - ranks.begin());

    if (std::get<0>(ranks[best])) {  // every branch wants another type
      std::vector<std::string> names;
      for (size_t i = 0; i < branches.size(); ++i) names.push_back(branch_name(branches[i], i));
      out.push_back({pointer, "expected " + join_alternatives(names) + ", found " + kind_of(instance), Kind::Type});
      return;
    }
    // Branches tied with the best that only complain about this place (e.g. a missing field that
    // each branch names differently) are listed together.
    std::vector<size_t> tied;
    for (size_t i = 0; i < results.size(); ++i) {
      bool shallow = std::all_of(results[i].begin(), results[i].end(), [&](const Found& f) { return f.pointer == pointer; });
      if (shallow && std::get<0>(ranks[i]) == std::get<0>(ranks[best]) && std::get<1>(ranks[i]) == std::get<1>(ranks[best]) &&
          std::get<2>(ranks[i]) == std::get<2>(ranks[best]) && std::get<3>(ranks[i]) == std::get<3>(ranks[best])) {
        tied.push_back(i);
      }
    }
    if (tied.size() > 1) {
      std::string text;
      for (size_t i : tied) {
        std::string reasons;
        for (const auto& f : results[i]) reasons += (reasons.empty() ? "" : ", ") + f.reason;
        text += (text.empty() ? "" : "; or ") + branch_name(branches[i], i) + " (" + reasons + ")";
      }
      Kind kind = std::get<1>(ranks[best]) ? Kind::Value : Kind::Other;
      out.push_back({pointer, "needs one of: " + text, kind});
      return;
    }
    out.insert(out.end(), results[best].begin(), results[best].end());
  }

  const json& root_;
  std::map<std::string, std::unique_ptr<std::regex>> regexes_;
};

}  // namespace

std::vector<SchemaProblem> validate_against_schema(const nlohmann::json& schema, const nlohmann::json& instance) {
  std::vector<SchemaProblem> problems;
  try {
    Validator validator(schema);
    validator.check_schema(schema, "#", 0, problems);
    if (!problems.empty()) return problems;
    Founds found;
    validator.validate(schema, instance, "", 0, found);
    // The same problem can come from two routes (e.g. allOf); report each once, in order.
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& f : found) {
      if (seen.emplace(f.pointer, f.reason).second) problems.push_back({std::move(f.pointer), std::move(f.reason)});
    }
  } catch (const std::exception& e) {
    problems.push_back({"", std::string("schema validation failed: ") + e.what()});
  } catch (...) {
    problems.push_back({"", "schema validation failed"});
  }
  return problems;
}

}  // namespace blobconform::cases
