#include "harness/netfuzz/mutation.h"

#include <algorithm>
#include <cctype>

#include "harness/cases/request_builder.h"
#include "harness/wire/encoding.h"

namespace blobconform::netfuzz {
namespace {

constexpr Kind kKinds[] = {
    Kind::QueryNameCase,   Kind::QueryDuplicate,  Kind::QueryDrop,     Kind::QueryEmptyValue, Kind::QueryHugeValue,
    Kind::QueryBadEscape,  Kind::QueryReorder,    Kind::QueryExtra,    Kind::PathOddity,      Kind::CopyActionValue,
    Kind::HeaderDuplicate, Kind::HeaderRemove,    Kind::HeaderNameCase, Kind::VersionValue,   Kind::DateValue,
    Kind::LeaseIdValue,    Kind::ClientRequestId, Kind::ContentLength, Kind::Whitespace,      Kind::ObsFold,
    Kind::BareLineFeed,    Kind::ManyHeaders,     Kind::HugeHeaderName, Kind::QueryNameEncoding, Kind::QueryHugeName,
    Kind::QueryValueCase,  Kind::HeaderValueCase, Kind::HeaderValueEncoding, Kind::HeaderValueLength,
    Kind::HeaderNameEncoding, Kind::HeaderReorder,
};

const std::vector<std::string> kBadEscapes = {"%zz", "%4", "%", "%00", "%2541", "%C0%AF", "\xC3\xA9", "\xFF", "%u0041"};
const std::vector<std::string> kCopyActions = {"ABORT", "Abort", " abort", "abort,abort", "", "cancel", "abort\t",
                                               std::string("ab\0ort", 6)};
const std::vector<std::string> kVersions = {"2099-01-01", "garbage", "", "2011-08-18", "2009-09-19", "2012-2-12",
                                            "2021-13-45"};
const std::vector<std::string> kDates = {"garbage", "", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                                         "Mon, 32 Foo 2020 25:61:61 GMT"};
const std::vector<std::string> kLeaseIds = {"not-a-guid", "", "00000000-0000-0000-0000-000000000000",
                                            "{00000000-0000-0000-0000-000000000000}", "0123456789abcdef0123456789abcdef"};
const std::vector<std::string> kContentLengths = {"00", "+0", "-1", "abc", "0x0", "0, 0"};
const std::vector<std::string> kRemovable = {"x-ms-version", "x-ms-date", "x-ms-copy-action", "Content-Length"};
const std::vector<std::string> kExtraQuery[] = {{"comp", "lease"}, {"x-ms-fuzz", "1"}, {"copyid", ""},
                                                {"restype", "container"}, {"timeout", "-5"}};

std::string repeat_to(const std::string& unit, size_t size) {
  std::string out;
  while (out.size() < size) out += unit.empty() ? "a" : unit;
  out.resize(size);
  return out;
}

// A header's value wherever the step keeps it: raw_headers first, else the builder's own
// headers are overridden (removed) and the field is sent raw instead.
void set_header(cases::Step& step, const std::string& name, const std::string& value) {
  for (auto& [field, text] : step.raw_headers) {
    if (wire::iequals(field, name)) {
      text = value;
      return;
    }
  }
  step.headers.emplace_back(name, std::nullopt);
  step.raw_headers.emplace_back(name, value);
}

// The header's current value, if the step sends it itself.
std::optional<std::string> raw_header(const cases::Step& step, const std::string& name) {
  for (const auto& [field, text] : step.raw_headers) {
    if (wire::iequals(field, name)) return text;
  }
  return std::nullopt;
}

void remove_header(cases::Step& step, const std::string& name) {
  auto& raw = step.raw_headers;
  raw.erase(std::remove_if(raw.begin(), raw.end(), [&](const auto& f) { return wire::iequals(f.first, name); }),
            raw.end());
  step.headers.emplace_back(name, std::nullopt);
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// A value in upper case, its {{variables}} through their |upper filter.
std::string upper_value(const std::string& value) {
  std::string out;
  size_t done = 0;
  for (size_t open = value.find("{{"); open != std::string::npos; open = value.find("{{", done)) {
    size_t close = value.find("}}", open);
    if (close == std::string::npos) break;
    std::string name = value.substr(open + 2, close - open - 2);
    out += upper(value.substr(done, open - done)) + "{{" + name.substr(0, name.find('|')) + "|upper}}";
    done = close + 2;
  }
  return out + upper(value.substr(done));
}

// The first literal letter of `text` (outside {{variables}}) as a %-escape; nullopt when it has none.
std::optional<std::string> escape_a_letter(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "{{") == 0) {
      size_t close = text.find("}}", i);
      if (close == std::string::npos) return std::nullopt;
      i = close + 1;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(text[i]))) {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(text[i]));
      return text.substr(0, i) + escaped + text.substr(i + 1);
    }
  }
  return std::nullopt;
}

// The headers a generic header mutation may pick: the step's own, then x-ms-version (which the
// builder adds, promoted to the step's own with its {{version}}).
std::vector<std::pair<std::string, std::string>> pickable_headers(const cases::Step& step) {
  std::vector<std::pair<std::string, std::string>> out(step.raw_headers.begin(), step.raw_headers.end());
  if (!raw_header(step, "x-ms-version")) out.emplace_back("x-ms-version", "{{version}}");
  return out;
}

}  // namespace

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::QueryNameCase: return "QueryNameCase";
    case Kind::QueryDuplicate: return "QueryDuplicate";
    case Kind::QueryDrop: return "QueryDrop";
    case Kind::QueryEmptyValue: return "QueryEmptyValue";
    case Kind::QueryHugeValue: return "QueryHugeValue";
    case Kind::QueryBadEscape: return "QueryBadEscape";
    case Kind::QueryReorder: return "QueryReorder";
    case Kind::QueryExtra: return "QueryExtra";
    case Kind::PathOddity: return "PathOddity";
    case Kind::CopyActionValue: return "CopyActionValue";
    case Kind::HeaderDuplicate: return "HeaderDuplicate";
    case Kind::HeaderRemove: return "HeaderRemove";
    case Kind::HeaderNameCase: return "HeaderNameCase";
    case Kind::VersionValue: return "VersionValue";
    case Kind::DateValue: return "DateValue";
    case Kind::LeaseIdValue: return "LeaseIdValue";
    case Kind::ClientRequestId: return "ClientRequestId";
    case Kind::ContentLength: return "ContentLength";
    case Kind::Whitespace: return "Whitespace";
    case Kind::ObsFold: return "ObsFold";
    case Kind::BareLineFeed: return "BareLineFeed";
    case Kind::ManyHeaders: return "ManyHeaders";
    case Kind::HugeHeaderName: return "HugeHeaderName";
    case Kind::QueryNameEncoding: return "QueryNameEncoding";
    case Kind::QueryHugeName: return "QueryHugeName";
    case Kind::QueryValueCase: return "QueryValueCase";
    case Kind::HeaderValueCase: return "HeaderValueCase";
    case Kind::HeaderValueEncoding: return "HeaderValueEncoding";
    case Kind::HeaderValueLength: return "HeaderValueLength";
    case Kind::HeaderNameEncoding: return "HeaderNameEncoding";
    case Kind::HeaderReorder: return "HeaderReorder";
  }
  return "Unknown";
}

std::string describe(const Mutation& mutation) {
  std::string text = std::string(kind_name(mutation.kind)) + "#" + std::to_string(mutation.variant);
  if (mutation.size) text += "(" + std::to_string(mutation.size) + ")";
  return text;
}

const char* base_op_name(BaseOp op) {
  switch (op) {
    case BaseOp::Abort: return "abort_copy";
    case BaseOp::CopyBlob: return "copy_blob";
    case BaseOp::LeaseBlob: return "lease_blob";
    case BaseOp::GetProperties: return "get_blob_properties";
    case BaseOp::GetBlob: return "get_blob";
    case BaseOp::SetMetadata: return "set_blob_metadata";
    case BaseOp::PutBlob: return "put_blob";
    case BaseOp::Snapshot: return "snapshot_blob";
    case BaseOp::ListContainers: return "list_containers";
  }
  return "abort_copy";
}

cases::Step base_operation(BaseOp op, bool pending) {
  cases::Step step;
  step.pointer = "/request";
  step.op = base_op_name(op);
  switch (op) {
    case BaseOp::Abort:
      step.args = {{"blob", pending ? "pending" : "dst"}, {"copy_id", pending ? "{{pending_copy_id}}" : "{{copy_id}}"}};
      break;
    case BaseOp::CopyBlob: step.args = {{"blob", "scratch"}, {"source_blob", "src"}}; break;
    case BaseOp::LeaseBlob: step.args = {{"blob", "scratch"}, {"action", "acquire"}, {"duration", "15"}}; break;
    case BaseOp::GetProperties:
    case BaseOp::GetBlob: step.args = {{"blob", "dst"}}; break;
    case BaseOp::SetMetadata: step.args = {{"blob", "scratch"}, {"metadata", {{"fuzz", "1"}}}}; break;
    case BaseOp::PutBlob: step.args = {{"blob", "scratch"}, {"body", "scratch"}}; break;
    case BaseOp::Snapshot: step.args = {{"blob", "scratch"}}; break;
    case BaseOp::ListContainers: step.args = {{"prefix", "{{container}}"}}; break;
  }
  return step;
}

Result<cases::Step> base_step(BaseOp op, bool pending, const cases::Catalog& catalog) {
  return cases::raw_form(base_operation(op, pending), catalog);
}

static void apply_to(const Mutation& m, cases::Step& step, cases::NamedValues& query) {
  size_t param = query.empty() ? 0 : m.variant % query.size();
  auto pick = [&](const auto& list) -> const auto& { return list[m.variant % list.size()]; };
  switch (m.kind) {
    case Kind::QueryNameCase:
      if (!query.empty()) query[param].first = upper(query[param].first);
      break;
    case Kind::QueryDuplicate:
      if (!query.empty()) query.insert(query.begin() + static_cast<long>(param) + 1, query[param]);
      break;
    case Kind::QueryDrop:
      if (!query.empty()) query.erase(query.begin() + static_cast<long>(param));
      break;
    case Kind::QueryEmptyValue:
      if (!query.empty()) query[param].second.clear();
      break;
    case Kind::QueryHugeValue:
      if (!query.empty()) query[param].second = repeat_to("0123456789abcdef", m.size);
      break;
    case Kind::QueryBadEscape:
      if (!query.empty()) query[param].second += pick(kBadEscapes);
      break;
    case Kind::QueryReorder:
      std::reverse(query.begin(), query.end());
      break;
    case Kind::QueryExtra: {
      const auto& extra = kExtraQuery[m.variant % std::size(kExtraQuery)];
      query.emplace_back(extra[0], extra[1]);
      break;
    }
    case Kind::PathOddity: {
      std::string blob = step.path.substr(step.path.rfind('/') + 1);
      const std::string container = "/{{container}}";
      const std::vector<std::string> paths = {container + "//" + blob,          container + "/./" + blob,
                                              container + "/x/../" + blob,      container + "/" + blob + "/",
                                              container + "%2F" + blob,         container + "/" + blob + "\xC3\xA9",
                                              container + "/" + blob + repeat_to("x", std::clamp<size_t>(m.size, 1024, kMaxPathSegment))};
      step.path = pick(paths);
      break;
    }
    case Kind::CopyActionValue:
      set_header(step, "x-ms-copy-action", m.size ? repeat_to("abort", m.size) : pick(kCopyActions));
      break;
    case Kind::HeaderDuplicate: {
      const std::vector<std::string> names = {"x-ms-copy-action", "x-ms-version", "x-ms-date", "x-ms-lease-id"};
      const std::string& name = pick(names);
      auto value = raw_header(step, name);
      if (!value) {
        if (name == "x-ms-lease-id") value = "00000000-0000-0000-0000-000000000000";
        else if (name == "x-ms-copy-action") value = "abort";
        else break;  // builder headers: a second copy is HeaderRemove's and VersionValue's business
      }
      step.raw_headers.emplace_back(name, *value);
      break;
    }
    case Kind::HeaderRemove:
      remove_header(step, pick(kRemovable));
      break;
    case Kind::HeaderNameCase:
      for (auto& [name, value] : step.raw_headers) name = upper(name);
      break;
    case Kind::VersionValue:
      set_header(step, "x-ms-version", m.size ? repeat_to("2021-", m.size) : pick(kVersions));
      break;
    case Kind::DateValue:
      set_header(step, "x-ms-date", pick(kDates));
      break;
    case Kind::LeaseIdValue:
      set_header(step, "x-ms-lease-id", m.size ? repeat_to("0", m.size) : pick(kLeaseIds));
      break;
    case Kind::ClientRequestId:
      set_header(step, "x-ms-client-request-id", m.variant % 2 ? repeat_to("r", m.size ? m.size : 8192) : "id\x01\x7f");
      break;
    case Kind::ContentLength:
      set_header(step, "Content-Length", pick(kContentLengths));
      break;
    case Kind::Whitespace:
      if (!step.raw_headers.empty()) {
        auto& value = step.raw_headers[m.variant % step.raw_headers.size()].second;
        value = (m.variant % 2 ? "\t" : "   ") + value + (m.variant % 3 ? " " : "\t ");
      }
      break;
    case Kind::ObsFold:
      if (!step.raw_headers.empty()) step.raw_headers.front().second += "\r\n continued";
      break;
    case Kind::BareLineFeed:
      if (!step.raw_headers.empty()) step.raw_headers.front().second += "\nx-ms-fuzz-injected: 1";
      break;
    case Kind::ManyHeaders:
      for (size_t i = 0; i < kManyHeaders; ++i) step.raw_headers.emplace_back("x-ms-fuzz-" + std::to_string(i), "v");
      break;
    case Kind::HugeHeaderName:
      step.raw_headers.emplace_back("x-ms-" + repeat_to("n", std::max<size_t>(m.size, 1024)), "v");
      break;
    case Kind::QueryNameEncoding:
      if (!query.empty()) {
        auto escaped = m.variant % 2 ? std::optional<std::string>(query[param].first + "\xC3\xA9")
                                     : escape_a_letter(query[param].first);
        if (escaped) query[param].first = *escaped;
      }
      break;
    case Kind::QueryHugeName:
      if (!query.empty()) query[param].first = repeat_to(query[param].first, std::max<size_t>(m.size, 1024));
      break;
    case Kind::QueryValueCase:
      if (!query.empty()) query[param].second = upper_value(query[param].second);
      break;
    case Kind::HeaderValueCase:
    case Kind::HeaderValueEncoding:
    case Kind::HeaderValueLength:
    case Kind::HeaderNameEncoding: {
      auto headers = pickable_headers(step);
      auto [name, value] = headers[m.variant % headers.size()];
      if (m.kind == Kind::HeaderValueCase) {
        set_header(step, name, upper_value(value));
      } else if (m.kind == Kind::HeaderValueEncoding) {
        const std::vector<std::string> endings = {"\xC3\xA9", "\x01", "%00"};
        auto escaped = escape_a_letter(value);
        set_header(step, name, m.variant % 4 == 0 && escaped ? *escaped : value + endings[m.variant % endings.size()]);
      } else if (m.kind == Kind::HeaderValueLength) {
        // A value with a {{variable}} is repeated whole, never cut inside one.
        size_t size = std::max<size_t>(m.size, 1024);
        std::string unit = value.empty() ? "v" : value, longer = unit;
        while (longer.size() < size) longer += unit;
        set_header(step, name, value.find("{{") == std::string::npos ? repeat_to(unit, size) : longer);
      } else {
        std::string renamed = name;
        if (m.variant % 3 == 0) std::replace(renamed.begin(), renamed.end(), '-', '_');
        else if (m.variant % 3 == 1) renamed = escape_a_letter(name).value_or(name);
        else renamed += " ";
        remove_header(step, name);
        step.raw_headers.emplace_back(renamed, value);
      }
      break;
    }
    case Kind::HeaderReorder:
      std::reverse(step.raw_headers.begin(), step.raw_headers.end());
      break;
  }
}

void apply(const Mutation& m, cases::Step& step) {
  // A step without a query gets one only when the mutation adds a parameter.
  bool had_query = step.raw_query.has_value();
  if (!had_query) step.raw_query.emplace();
  apply_to(m, step, *step.raw_query);
  if (!had_query && step.raw_query->empty()) step.raw_query.reset();
}

Draw draw(uint64_t seed, uint64_t index) {
  // A splitmix64 stream seeded from (seed, index): the same on every platform, unlike the standard
  // distributions.
  uint64_t state = seed * 0x9E3779B97F4A7C15ull + index + 1;
  auto next = [&state]() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  Draw out;
  // Aborts more than half the time; the rest spread over the other operations.
  uint64_t op = next() % 20;
  out.op = op < 12 ? BaseOp::Abort : static_cast<BaseOp>(1 + (op - 12) % (kBaseOps - 1));
  out.after_signing = next() % 4 == 0;
  out.second_destination = next() % 2 == 0;
  size_t count = 1 + next() % kMaxMutationsPerRequest;
  for (size_t i = 0; i < count; ++i) {
    Mutation m;
    m.kind = kKinds[next() % std::size(kKinds)];
    m.variant = static_cast<uint32_t>(next() % 64);
    bool sized = m.kind == Kind::QueryHugeValue || m.kind == Kind::HugeHeaderName || m.kind == Kind::QueryHugeName ||
                 m.kind == Kind::HeaderValueLength ||
                 ((m.kind == Kind::CopyActionValue || m.kind == Kind::VersionValue || m.kind == Kind::LeaseIdValue ||
                   m.kind == Kind::ClientRequestId || m.kind == Kind::PathOddity) &&
                  next() % 4 == 0);
    if (sized) m.size = kHugeSizes[next() % std::size(kHugeSizes)];
    out.mutations.push_back(m);
  }
  return out;
}

}  // namespace blobconform::netfuzz
