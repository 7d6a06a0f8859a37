#include "harness/cases/named_setups.h"

#include <functional>
#include <optional>

namespace blobconform::cases {
namespace {

using nlohmann::json;

// Calls on_param(name, begin, end) for every {{with.<name>}} of `text` ([begin, end) spans it).
// Returns false on an unterminated placeholder.
bool each_placeholder(const std::string& text, const std::function<void(const std::string&, size_t, size_t)>& on_param) {
  for (size_t at = text.find(kParamPrefix); at != std::string::npos; at = text.find(kParamPrefix, at)) {
    size_t close = text.find("}}", at);
    if (close == std::string::npos) return false;
    on_param(text.substr(at + kParamPrefix.size(), close - at - kParamPrefix.size()), at, close + 2);
    at = close + 2;
  }
  return true;
}

// Every string of `j`, with its JSON pointer below `pointer`.
void each_string(const json& j, const std::string& pointer,
                 const std::function<void(const std::string&, const std::string&)>& on_string) {
  if (j.is_string()) {
    on_string(j.get_ref<const std::string&>(), pointer);
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) each_string(value, pointer + "/" + key, on_string);
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) each_string(j[i], pointer + "/" + std::to_string(i), on_string);
  }
}

// `j` with its placeholders filled from `values`; `removed` is set when `j` itself becomes nothing
// (it was exactly a placeholder whose value is null).
Result<json> fill(const json& j, const json& values, const std::string& setup, bool& removed) {
  removed = false;
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    std::string out;
    size_t copied = 0;
    std::string problem;
    std::optional<json> whole;
    each_placeholder(text, [&](const std::string& name, size_t begin, size_t end) {
      const json& value = values.at(name);  // read_named_setups checked every name
      if (begin == 0 && end == text.size()) {
        whole = value;
        return;
      }
      if (!value.is_string() && problem.empty()) {
        problem = "param \"" + name + "\" of setup \"" + setup + "\" is " + (value.is_null() ? "not given" : "an object") +
                  ", so it cannot stand inside the text \"" + text + "\"";
      }
      out += text.substr(copied, begin - copied);
      if (value.is_string()) out += value.get<std::string>();
      copied = end;
    });
    if (!problem.empty()) return fail(problem);
    if (whole) {
      removed = whole->is_null();
      return *whole;
    }
    return json(out + text.substr(copied));
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [key, value] : j.items()) {
      bool gone = false;
      auto filled = fill(value, values, setup, gone);
      if (!filled) return filled;
      if (!gone) out[key] = std::move(*filled);
    }
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& item : j) {
      bool gone = false;
      auto filled = fill(item, values, setup, gone);
      if (!filled) return filled;
      if (gone) return fail("setup \"" + setup + "\": a list item cannot be left out (its param is not given)");
      out.push_back(std::move(*filled));
    }
    return out;
  }
  return j;
}

}  // namespace

void read_named_setups(const json& setups, const std::string& file, NamedSetups& into, Problems& problems) {
  if (!setups.is_object()) {
    problems.push_back({file, "/setups", "must be an object of named setups"});
    return;
  }
  for (const auto& item : setups.items()) {
    const std::string name = item.key();  // a plain variable: the lambdas below capture it
    const json& body = item.value();
    NamedSetup setup;
    setup.name = name;
    setup.file = file;
    setup.pointer = "/setups/" + name;
    if (!body.is_object() || !body.contains("steps") || !body["steps"].is_array()) {
      problems.push_back({file, setup.pointer, "must be an object with \"steps\", a list of steps"});
      continue;
    }
    if (body.contains("params")) setup.params = body["params"];
    setup.steps = body["steps"];
    bool good = setup.params.is_object();
    if (!good) problems.push_back({file, setup.pointer + "/params", "must be an object of param names and defaults"});
    each_string(setup.steps, setup.pointer + "/steps", [&](const std::string& text, const std::string& pointer) {
      bool terminated = each_placeholder(text, [&](const std::string& param, size_t, size_t) {
        if (good && !setup.params.contains(param)) {
          problems.push_back({file, pointer, "{{with." + param + "}} names no param of setup \"" + name + "\"" +
                                                 " (declare it under params)"});
          good = false;
        }
      });
      if (!terminated) {
        problems.push_back({file, pointer, "an unterminated {{with. placeholder"});
        good = false;
      }
    });
    if (!good) continue;
    auto existing = into.find(name);
    if (existing != into.end()) {
      problems.push_back({file, setup.pointer, "setup \"" + name + "\" is already defined in " + existing->second.file});
      continue;
    }
    into.emplace(name, std::move(setup));
  }
}

Result<json> instantiate_setup(const NamedSetup& setup, const json& with) {
  json values = setup.params;
  if (!with.is_null()) {
    if (!with.is_object()) return fail("\"with\" must be an object of param values");
    for (const auto& [name, value] : with.items()) {
      if (!values.contains(name)) {
        std::string known;
        for (const auto& [param, unused] : setup.params.items()) known += (known.empty() ? "" : ", ") + param;
        return fail("setup \"" + setup.name + "\" has no param \"" + name + "\"" +
                    (known.empty() ? " (it takes none)" : " (its params: " + known + ")"));
      }
      values[name] = value;
    }
  }
  bool removed = false;
  return fill(setup.steps, values, setup.name, removed);
}

}  // namespace blobconform::cases
