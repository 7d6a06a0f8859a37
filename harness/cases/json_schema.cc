#include "harness/cases/json_schema.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

#include "harness/cases/schema_pattern.h"

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

// Problems go to a sink; without one (quick mode) the first problem ends the check at once and
// no text is built: valid documents, the common case, never pay for messages they do not show.
bool fail(Founds* out, Found found) {
  if (out) out->push_back(std::move(found));
  return false;
}

// keep(held) notes a check's result in `ok` and says whether to go on: a quick check ends at the
// first problem, a full one goes on collecting.
auto keeper(bool& ok, Founds* out) {
  return [&ok, out](bool held) {
    ok = ok && held;
    return held || out != nullptr;
  };
}

// The keywords of one schema object, looked up once (check_schema) instead of at every value
// the schema is applied to; nullptr when absent.
struct Keywords {
  const json* ref_target = nullptr;  // what "$ref" names
  const json* type = nullptr;
  std::vector<std::string> type_names;
  const json *enum_values = nullptr, *const_value = nullptr, *all_of = nullptr, *any_of = nullptr,
             *one_of = nullptr, *not_schema = nullptr, *required = nullptr, *properties = nullptr,
             *pattern_properties = nullptr, *additional = nullptr, *prefix_items = nullptr, *items = nullptr,
             *min_items = nullptr, *max_items = nullptr, *unique_items = nullptr, *min_length = nullptr,
             *max_length = nullptr, *pattern = nullptr, *minimum = nullptr, *maximum = nullptr;
};

class Validator {
 public:
  explicit Validator(json root) : root_(std::move(root)) {}
  const json& root() const { return root_; }

  // Checks that the schema uses only supported keywords, well formed. Problems at "".
  void check_schema(const json& schema, const std::string& where, int depth, std::vector<SchemaProblem>& out) {
    auto bad = [&](const std::string& reason) { out.push_back({"", "schema: " + reason + " at " + where}); };
    if (depth > kMaxSchemaDepth) return bad("nesting deeper than " + std::to_string(kMaxSchemaDepth));
    if (schema.is_boolean()) return;
    if (!schema.is_object()) return bad("a schema must be an object or true/false");
    keywords_.emplace(&schema, read_keywords(schema));
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

  Keywords read_keywords(const json& schema) const {
    Keywords k;
    auto at = [&](const char* key) -> const json* {
      auto it = schema.find(key);
      return it == schema.end() ? nullptr : &*it;
    };
    if (const json* ref = at("$ref"); ref && ref->is_string()) k.ref_target = resolve(ref->get<std::string>());
    if ((k.type = at("type"))) {
      if (k.type->is_string()) k.type_names.push_back(k.type->get<std::string>());
      for (const auto& t : k.type->is_array() ? *k.type : json::array()) {
        if (t.is_string()) k.type_names.push_back(t.get<std::string>());
      }
    }
    k.enum_values = at("enum"), k.const_value = at("const"), k.all_of = at("allOf"), k.any_of = at("anyOf");
    k.one_of = at("oneOf"), k.not_schema = at("not"), k.required = at("required"), k.properties = at("properties");
    k.pattern_properties = at("patternProperties"), k.additional = at("additionalProperties");
    k.prefix_items = at("prefixItems"), k.items = at("items"), k.min_items = at("minItems"), k.max_items = at("maxItems");
    k.unique_items = at("uniqueItems"), k.min_length = at("minLength"), k.max_length = at("maxLength");
    k.pattern = at("pattern"), k.minimum = at("minimum"), k.maximum = at("maximum");
    return k;
  }

  // Whether `instance` holds against `schema`. With a sink, every problem is recorded (the
  // pointers and texts built); without one, it stops at the first.
  bool validate(const json& schema, const json& instance, const std::string& pointer, int depth, Founds* out) const {
    if (depth > kMaxSchemaDepth) {
      return fail(out, {pointer, "nested too deeply (more than " + std::to_string(kMaxSchemaDepth) + " levels)", Kind::Other});
    }
    if (schema.is_boolean()) {
      return schema.get<bool>() || fail(out, {pointer, "no value is allowed here", Kind::Type});
    }
    if (!schema.is_object()) return true;  // check_schema has reported it

    // Read once by check_schema; a schema it did not reach (none should be) is read now.
    auto found = keywords_.find(&schema);
    Keywords unregistered;
    if (found == keywords_.end()) unregistered = read_keywords(schema);
    const Keywords& k = found != keywords_.end() ? found->second : unregistered;
    bool ok = true;
    auto keep = keeper(ok, out);
    if (k.ref_target && !keep(validate(*k.ref_target, instance, pointer, depth + 1, out))) return false;
    if (k.type) {
      const std::vector<std::string>& names = k.type_names;
      if (!std::any_of(names.begin(), names.end(), [&](const std::string& n) { return has_type(instance, n); })) {
        if (!out) return false;
        std::vector<std::string> wanted;
        for (const auto& n : names) wanted.push_back(with_article(n));
        // nothing else of this schema is meaningful for a value of the wrong type
        return fail(out, {pointer, "expected " + join_alternatives(wanted) + ", found " + kind_of(instance), Kind::Type});
      }
    }
    if (const json* it = k.enum_values) {
      if (std::find(it->begin(), it->end(), instance) == it->end()) {
        if (!out) return false;
        std::vector<std::string> allowed;
        bool same_type = false;
        for (const auto& v : *it) {
          allowed.push_back(shown(v));
          same_type = same_type || v.type() == instance.type() || (v.is_number() && instance.is_number());
        }
        ok = fail(out, {pointer, shown(instance) + " is not one of " + join_alternatives(allowed),
                        same_type ? Kind::Value : Kind::Type});
      }
    }
    if (const json* it = k.const_value) {
      if (*it != instance) {
        if (!out) return false;
        bool same_type = it->type() == instance.type() || (it->is_number() && instance.is_number());
        ok = fail(out, {pointer, "must be " + shown(*it) + " (found " + shown(instance) + ")",
                        same_type ? Kind::Value : Kind::Type});
      }
    }
    if (instance.is_object() && !keep(validate_object(k, instance, pointer, depth, out))) return false;
    if (instance.is_array() && !keep(validate_array(k, instance, pointer, depth, out))) return false;
    if (instance.is_string() && !keep(validate_string(k, instance.get_ref<const std::string&>(), pointer, out))) {
      return false;
    }
    if (instance.is_number() && !keep(validate_number(k, instance, pointer, out))) return false;

    if (const json* it = k.all_of) {
      for (const auto& sub : *it) {
        if (!keep(validate(sub, instance, pointer, depth + 1, out))) return false;
      }
    }
    if (const json* it = k.any_of) {
      if (!keep(alternatives(*it, instance, pointer, depth, false, out))) return false;
    }
    if (const json* it = k.one_of) {
      if (!keep(alternatives(*it, instance, pointer, depth, true, out))) return false;
    }
    if (const json* it = k.not_schema) {
      if (validate(*it, instance, pointer, depth + 1, nullptr)) {
        if (!out) return false;
        std::string title = title_of(*it);
        ok = fail(out, {pointer, title.empty() ? "must not match the schema " + shown(*it) : "not allowed: " + title,
                        Kind::Other});
      }
    }
    return ok;
  }

  const json* resolve(const std::string& ref) const {
    const std::string prefix = "#/$defs/";
    if (ref.rfind(prefix, 0) != 0 || !root_.is_object()) return nullptr;
    auto defs = root_.find("$defs");
    if (defs == root_.end() || !defs->is_object()) return nullptr;
    auto target = defs->find(ref.substr(prefix.size()));
    return target == defs->end() ? nullptr : &*target;
  }

 private:
  // Compiles a pattern of the schema once (check_schema); nullptr when it is not a valid one.
  const SchemaPattern* compile(const std::string& pattern) {
    auto it = patterns_.find(pattern);
    if (it == patterns_.end()) {
      auto compiled = SchemaPattern::compile(pattern);
      it = patterns_.emplace(pattern, compiled ? std::optional(*compiled) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // Whether the pattern is found in the value; an error text when it cannot be decided.
  bool search(const std::string& pattern, const std::string& value, std::string& error) const {
    auto compiled = patterns_.find(pattern);
    if (compiled == patterns_.end() || !compiled->second) {
      error = "invalid regular expression " + pattern;
      return false;
    }
    if (value.size() > kMaxPatternSubjectBytes) {
      error = "is longer than " + std::to_string(kMaxPatternSubjectBytes) + " bytes, too long to check against " + pattern;
      return false;
    }
    auto found = compiled->second->search(value);
    if (!found) {
      error = "could not be matched against " + pattern + ": " + found.error().message;
      return false;
    }
    return *found;
  }

  std::string title_of(const json& schema) const {
    if (!schema.is_object()) return {};
    if (auto t = schema.find("title"); t != schema.end() && t->is_string()) return t->get<std::string>();
    if (auto r = schema.find("$ref"); r != schema.end() && r->is_string()) {
      if (const json* target = resolve(r->get<std::string>())) return title_of(*target);
    }
    return {};
  }

  bool validate_object(const Keywords& k, const json& instance, const std::string& pointer, int depth, Founds* out) const {
    bool ok = true;
    auto keep = keeper(ok, out);
    if (const json* it = k.required) {
      for (const auto& name : *it) {
        const std::string& field = name.get_ref<const std::string&>();
        if (!instance.contains(field) &&
            !keep(fail(out, {pointer, "missing required field \"" + field + "\"", Kind::Other}))) {
          return false;
        }
      }
    }
    const json* properties = k.properties;
    const json* patterns = k.pattern_properties;
    const json* additional = k.additional;
    const std::string no_pointer;
    for (const auto& [name, value] : instance.items()) {
      const std::string at = out ? child(pointer, name) : no_pointer;  // pointers only for messages
      bool matched = false;
      if (properties) {
        if (auto p = properties->find(name); p != properties->end()) {
          matched = true;
          if (!keep(validate(*p, value, at, depth + 1, out))) return false;
        }
      }
      if (patterns) {
        for (const auto& [pattern, sub] : patterns->items()) {
          std::string error;
          if (search(pattern, name, error)) {
            matched = true;
            if (!keep(validate(sub, value, at, depth + 1, out))) return false;
          } else if (!error.empty()) {
            matched = true;
            if (!keep(fail(out, {at, "field name " + error, Kind::Other}))) return false;
          }
        }
      }
      if (matched || !additional) continue;
      if (additional->is_boolean() && !additional->get<bool>()) {
        if (!out) return false;
        ok = fail(out, {pointer, unknown_field_reason(name, properties, patterns), Kind::Other});
      } else if (!keep(validate(*additional, value, at, depth + 1, out))) {
        return false;
      }
    }
    return ok;
  }

  static std::string unknown_field_reason(const std::string& name, const json* properties, const json* patterns) {
    std::vector<std::string> allowed;
    if (properties) {
      for (const auto& [key, sub] : properties->items()) allowed.push_back(key);
    }
    std::vector<std::string> names;
    if (patterns) {
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

  bool validate_array(const Keywords& k, const json& instance, const std::string& pointer, int depth, Founds* out) const {
    bool ok = true;
    auto keep = keeper(ok, out);
    auto at = [&](size_t i) { return out ? child(pointer, i) : std::string(); };
    size_t prefix = 0;
    if (const json* it = k.prefix_items) {
      prefix = it->size();
      for (size_t i = 0; i < prefix && i < instance.size(); ++i) {
        if (!keep(validate((*it)[i], instance[i], at(i), depth + 1, out))) return false;
      }
    }
    if (const json* it = k.items) {
      for (size_t i = prefix; i < instance.size(); ++i) {
        if (!keep(validate(*it, instance[i], at(i), depth + 1, out))) return false;
      }
    }
    auto items = [](size_t n) { return std::to_string(n) + (n == 1 ? " item" : " items"); };
    if (const json* it = k.min_items; it && instance.size() < it->get<size_t>()) {
      if (!keep(fail(out, {pointer, "must have at least " + items(it->get<size_t>()) + " (has " +
                                        std::to_string(instance.size()) + ")", Kind::Other}))) {
        return false;
      }
    }
    if (const json* it = k.max_items; it && instance.size() > it->get<size_t>()) {
      if (!keep(fail(out, {pointer, "must have at most " + items(it->get<size_t>()) + " (has " +
                                        std::to_string(instance.size()) + ")", Kind::Other}))) {
        return false;
      }
    }
    if (const json* it = k.unique_items; it && it->get<bool>() && instance.size() > 1) {
      std::vector<size_t> order(instance.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return instance[a] < instance[b]; });
      for (size_t i = 1; i < order.size(); ++i) {
        if (instance[order[i - 1]] == instance[order[i]]) {
          size_t first = std::min(order[i - 1], order[i]), second = std::max(order[i - 1], order[i]);
          return fail(out, {at(second),
                            "repeats item " + std::to_string(first) + " (" + shown(instance[second]) + "); items must be unique",
                            Kind::Other});
        }
      }
    }
    return ok;
  }

  bool validate_string(const Keywords& k, const std::string& value, const std::string& pointer, Founds* out) const {
    bool ok = true;
    auto keep = keeper(ok, out);
    auto characters = [](size_t n) { return std::to_string(n) + (n == 1 ? " character" : " characters"); };
    if (const json* it = k.min_length) {
      size_t n = it->get<size_t>(), have = code_points(value);
      if (have < n && !keep(fail(out, {pointer, "must be at least " + characters(n) + " long (is " +
                                                     std::to_string(have) + ")", Kind::Other}))) {
        return false;
      }
    }
    if (const json* it = k.max_length) {
      size_t n = it->get<size_t>(), have = code_points(value);
      if (have > n && !keep(fail(out, {pointer, "must be at most " + characters(n) + " long (is " +
                                                     std::to_string(have) + ")", Kind::Other}))) {
        return false;
      }
    }
    if (const json* it = k.pattern) {
      std::string error;
      const std::string& pattern = it->get_ref<const std::string&>();
      if (!search(pattern, value, error)) {
        return fail(out, {pointer, error.empty() ? shown(json(value)) + " does not match the pattern " + pattern : error,
                          Kind::Other}) && ok;
      }
    }
    return ok;
  }

  bool validate_number(const Keywords& k, const json& value, const std::string& pointer, Founds* out) const {
    bool ok = true;
    auto keep = keeper(ok, out);
    double v = value.get<double>();
    if (const json* it = k.minimum; it && v < it->get<double>()) {
      if (!keep(fail(out, {pointer, "must be at least " + number_text(*it) + " (is " + number_text(value) + ")", Kind::Other}))) {
        return false;
      }
    }
    if (const json* it = k.maximum; it && v > it->get<double>()) {
      ok = fail(out, {pointer, "must be at most " + number_text(*it) + " (is " + number_text(value) + ")", Kind::Other});
    }
    return ok;
  }

  std::string branch_name(const json& branch, size_t index) const {
    std::string title = title_of(branch);
    return title.empty() ? "alternative " + std::to_string(index + 1) : title;
  }

  // oneOf (exactly one) or anyOf (at least one).
  // Each branch is first checked quickly; the problems of every branch are collected (to report
  // the closest) only when none holds and a message is wanted.
  bool alternatives(const json& branches, const json& instance, const std::string& pointer, int depth,
                    bool exactly_one, Founds* out) const {
    std::vector<size_t> passing;
    for (size_t i = 0; i < branches.size(); ++i) {
      if (!validate(branches[i], instance, pointer, depth + 1, nullptr)) continue;
      passing.push_back(i);
      if (!exactly_one || passing.size() > 1) break;
    }
    if (passing.size() == 1 || (!passing.empty() && !exactly_one)) return true;
    if (!out) return false;
    if (!passing.empty()) {
      // oneOf with more than one holding: name them all.
      for (size_t i = passing.back() + 1; i < branches.size(); ++i) {
        if (validate(branches[i], instance, pointer, depth + 1, nullptr)) passing.push_back(i);
      }
      std::string list;
      for (size_t i : passing) list += (list.empty() ? "" : "; ") + branch_name(branches[i], i);
      return fail(out, {pointer, "matches more than one alternative (" + list + "); exactly one must hold", Kind::Other});
    }
    std::vector<Founds> results(branches.size());
    for (size_t i = 0; i < branches.size(); ++i) validate(branches[i], instance, pointer, depth + 1, &results[i]);
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
      return fail(out, {pointer, "expected " + join_alternatives(names) + ", found " + kind_of(instance), Kind::Type});
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
      return fail(out, {pointer, "needs one of: " + text, kind});
    }
    out->insert(out->end(), results[best].begin(), results[best].end());
    return false;
  }

  const json root_;
  std::unordered_map<std::string, std::optional<SchemaPattern>> patterns_;  // every pattern of the schema, compiled
  std::unordered_map<const json*, Keywords> keywords_;          // every schema object of root_
};

}  // namespace

struct SchemaValidator::Compiled {
  explicit Compiled(json schema) : validator(std::move(schema)) {}
  Validator validator;
};

SchemaValidator::SchemaValidator(const nlohmann::json& schema) {
  try {
    auto compiled = std::make_shared<Compiled>(schema);
    compiled->validator.check_schema(compiled->validator.root(), "#", 0, schema_problems_);
    if (schema_problems_.empty()) compiled_ = std::move(compiled);
  } catch (const std::exception& e) {
    schema_problems_.push_back({"", std::string("schema: could not be read: ") + e.what()});
  }
}

std::vector<SchemaProblem> SchemaValidator::validate(const nlohmann::json& instance, const std::string& definition) const {
  if (!compiled_) return schema_problems_;
  std::vector<SchemaProblem> problems;
  try {
    const Validator& validator = compiled_->validator;
    const json* schema = definition.empty() ? &validator.root() : validator.resolve("#/$defs/" + definition);
    if (!schema) return {{"", "schema: no definition \"" + definition + "\" in $defs"}};
    if (validator.validate(*schema, instance, "", 0, nullptr)) return problems;
    Founds found;
    validator.validate(*schema, instance, "", 0, &found);
    // The same problem can come from two routes (e.g. allOf); report each once, in order.
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& f : found) {
      if (seen.emplace(f.pointer, f.reason).second) problems.push_back({std::move(f.pointer), std::move(f.reason)});
    }
    if (problems.empty()) problems.push_back({"", "does not match the schema"});  // never a silent pass
  } catch (const std::exception& e) {
    problems.push_back({"", std::string("schema validation failed: ") + e.what()});
  } catch (...) {
    problems.push_back({"", "schema validation failed"});
  }
  return problems;
}

std::vector<SchemaProblem> validate_against_schema(const nlohmann::json& schema, const nlohmann::json& instance) {
  return SchemaValidator(schema).validate(instance);
}

}  // namespace blobconform::cases
