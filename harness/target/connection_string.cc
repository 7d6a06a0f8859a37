#include "harness/target/connection_string.h"

#include <map>

#include "harness/wire/encoding.h"

namespace blobconform::target {
namespace {

bool is_ip_or_localhost(const std::string& host) {
  if (host == "localhost" || (!host.empty() && host.front() == '[')) return true;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

struct Url {
  transport::Endpoint endpoint;
  std::string path;  // without trailing slashes
};

// scheme://host[:port][/path]; errors start with `field`.
Result<Url> split_url(const std::string& url, const std::string& field) {
  Url out;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return fail(field + ": not a URL (scheme://host[:port]/path)");
  out.endpoint.scheme = wire::to_lower(url.substr(0, scheme_end));
  if (out.endpoint.scheme != "http" && out.endpoint.scheme != "https") {
    return fail(field + ": unsupported scheme (http or https)");
  }
  std::string rest = url.substr(scheme_end + 3);
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  std::string host = authority, port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return fail(field + ": unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return fail(field + ": junk after the IPv6 address");
      port_text = authority.substr(close + 2);
    }
  } else if (auto colon = authority.find(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  }
  if (host.empty()) return fail(field + ": no host");
  out.endpoint.host = host;
  out.endpoint.port = out.endpoint.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5) return fail(field + ": the port is not a number from 1 to 65535");
    unsigned long port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return fail(field + ": the port is not a number from 1 to 65535");
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) return fail(field + ": the port is not a number from 1 to 65535");
    out.endpoint.port = static_cast<uint16_t>(port);
  }
  return out;
}

Result<Target> from_blob_endpoint(const std::string& url) {
  auto split = split_url(url, "BlobEndpoint");
  if (!split) return split.error();
  Target t;
  t.endpoint = split->endpoint;
  const std::string& host = t.endpoint.host;
  const std::string& path = split->path;
  t.path_style = is_ip_or_localhost(host);
  t.base_path = path;
  if (t.path_style && path.size() > 1) {
    auto second = path.find('/', 1);
    t.account = path.substr(1, second == std::string::npos ? std::string::npos : second - 1);
  }
  return t;
}

// A field's name as a message may show it: only a plain name (letters, at most 32), never text that
// could be part of a key pasted in the wrong place; else its position.
std::string field_name(const std::string& name, size_t field) {
  bool plain = !name.empty() && name.size() <= 32;
  for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  return plain ? name : "field " + std::to_string(field);
}

}  // namespace

std::string Target::describe() const {
  std::string text = transport::origin(endpoint) +
                     base_path + (path_style ? " (path-style" : " (host-style") + ", account " + account + ")";
  return text;
}

Result<Target> parse_connection_string(std::string_view text) {
  if (text.size() > kMaxConnectionStringLength) return fail("the connection string is longer than 4096 characters");
  static const std::map<std::string, std::string> kKnown = {
      {"usedevelopmentstorage", "UseDevelopmentStorage"}, {"defaultendpointsprotocol", "DefaultEndpointsProtocol"},
      {"accountname", "AccountName"}, {"accountkey", "AccountKey"}, {"endpointsuffix", "EndpointSuffix"},
      {"blobendpoint", "BlobEndpoint"}, {"queueendpoint", "QueueEndpoint"}, {"tableendpoint", "TableEndpoint"},
      {"fileendpoint", "FileEndpoint"}, {"sharedaccesssignature", "SharedAccessSignature"}};
  std::map<std::string, std::string> fields;
  size_t at = 0, field = 0;
  while (at <= text.size()) {
    size_t end = text.find(';', at);
    std::string_view segment = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? text.size() + 1 : end + 1;
    segment = wire::trim(segment);
    if (segment.empty()) continue;
    auto eq = segment.find('=');
    ++field;
    if (eq == std::string_view::npos) return fail("field " + std::to_string(field) + ": no '=' (a field is Name=value)");
    std::string name = std::string(wire::trim(segment.substr(0, eq)));
    auto known = kKnown.find(wire::to_lower(name));
    if (known == kKnown.end()) return fail(field_name(name, field) + ": unknown field");
    if (fields.count(known->second)) return fail(known->second + ": given twice");
    fields[known->second] = std::string(wire::trim(segment.substr(eq + 1)));
  }
  if (fields.empty()) return fail("the connection string is empty");
  if (fields.count("SharedAccessSignature")) return fail("SharedAccessSignature: not supported yet (give AccountName and AccountKey)");

  Target t;
  if (fields.count("UseDevelopmentStorage")) {
    if (wire::to_lower(fields["UseDevelopmentStorage"]) != "true") return fail("UseDevelopmentStorage: only \"true\" is meaningful");
    if (fields.size() > 1) return fail("UseDevelopmentStorage: stands alone (other fields were given too)");
    t.endpoint = {"http", "127.0.0.1", 10000};
    t.path_style = true;
    t.account = kDevelopmentAccount;
    t.base_path = std::string("/") + kDevelopmentAccount;
    t.key = kDevelopmentKey;
    t.development_storage = true;
    t.http_endpoint = t.endpoint;
    return t;
  }
  if (fields.count("BlobEndpoint")) {
    auto parsed = from_blob_endpoint(fields["BlobEndpoint"]);
    if (!parsed) return parsed.error();
    t = *parsed;
    if (t.account.empty()) t.account = fields["AccountName"];
    if (t.path_style && t.base_path.empty() && !t.account.empty()) t.base_path = "/" + t.account;
  } else {
    if (!fields.count("AccountName")) return fail("AccountName: missing (needed without BlobEndpoint)");
    std::string protocol = wire::to_lower(fields.count("DefaultEndpointsProtocol") ? fields["DefaultEndpointsProtocol"] : "https");
    if (protocol != "http" && protocol != "https") return fail("DefaultEndpointsProtocol: must be http or https");
    std::string suffix = fields.count("EndpointSuffix") ? fields["EndpointSuffix"] : "core.windows.net";
    if (suffix.empty()) return fail("EndpointSuffix: empty");
    t.account = fields["AccountName"];
    t.endpoint = {protocol, t.account + ".blob." + suffix, static_cast<uint16_t>(protocol == "https" ? 443 : 80)};
  }
  if (t.account.empty()) return fail("AccountName: missing (the account cannot be read from BlobEndpoint)");
  if (fields.count("AccountName") && fields["AccountName"] != t.account && t.path_style) {
    return fail("AccountName: differs from the account in BlobEndpoint's path");
  }
  if (fields.count("AccountKey")) {
    if (!wire::base64_decode(fields["AccountKey"]).ok()) return fail("AccountKey: not Base64");
    t.key = fields["AccountKey"];
  }
  // Where the account answers plain HTTP: its own endpoint when that is http://; port 80 of an
  // Azure host (the service answers there, with 400 AccountRequiresHttps when secure transfer is
  // required); else unknown until --http-endpoint names it.
  if (t.endpoint.scheme == "http") {
    t.http_endpoint = t.endpoint;
  } else if (t.endpoint.port == 443 && t.endpoint.host.find(".blob.core.") != std::string::npos) {
    t.http_endpoint = transport::Endpoint{"http", t.endpoint.host, 80};
  }
  return t;
}

Result<transport::Endpoint> parse_http_endpoint(std::string_view url) {
  if (url.size() > kMaxConnectionStringLength) return fail("--http-endpoint: longer than 4096 characters");
  auto split = split_url(std::string(url), "--http-endpoint");
  if (!split) return split.error();
  if (split->endpoint.scheme != "http") return fail("--http-endpoint: must be an http:// URL (the account's plain-HTTP endpoint)");
  if (!split->path.empty()) {
    return fail("--http-endpoint: give scheme://host[:port] only (the requests' paths are the target's)");
  }
  return split->endpoint;
}

}  // namespace blobconform::target
