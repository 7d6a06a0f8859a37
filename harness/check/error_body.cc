#include "harness/check/error_body.h"

#include <optional>

#include <pugixml.hpp>

#include "harness/wire/encoding.h"

namespace blobconform::check {

namespace {

// Loads the document; the error, if any.
std::optional<Error> parse_into(pugi::xml_document& doc, std::string_view xml) {
  if (xml.size() > kMaxXmlBytes) {
    return fail("XML body of " + std::to_string(xml.size()) + " bytes exceeds the limit of " +
                std::to_string(kMaxXmlBytes) + " bytes");
  }
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    return fail(std::string("not well-formed XML: ") + parsed.description() + " at offset " +
                std::to_string(parsed.offset));
  }
  if (!doc.document_element()) return fail("not well-formed XML: no root element");
  return std::nullopt;
}

void append_text(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    } else if (child.type() == pugi::node_element) {
      append_text(child, out);
    }
  }
}

std::string text_of(const pugi::xml_node& node) {
  std::string out;
  append_text(node, out);
  return out;
}

// First element in document order below `node` that follows segments[index..].
pugi::xml_node find_path(const pugi::xml_node& node, const std::vector<std::string>& segments,
                         size_t index) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element || segments[index] != child.name()) continue;
    if (index + 1 == segments.size()) return child;
    pugi::xml_node found = find_path(child, segments, index + 1);
    if (found) return found;
  }
  return pugi::xml_node();
}

std::string request_id_of(std::string_view message) {
  static constexpr std::string_view kPrefix = "RequestId:";
  size_t pos = 0;
  while (pos <= message.size()) {
    size_t end = message.find('\n', pos);
    if (end == std::string_view::npos) end = message.size();
    std::string_view line = wire::trim(message.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line = wire::trim(line.substr(0, line.size() - 1));
    if (line.substr(0, kPrefix.size()) == kPrefix) {
      return std::string(wire::trim(line.substr(kPrefix.size())));
    }
    pos = end + 1;
  }
  return {};
}

}  // namespace

Result<ErrorBody> parse_error_body(std::string_view xml) {
  pugi::xml_document doc;
  if (auto e = parse_into(doc, xml)) return *e;
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "Error") {
    return fail(std::string("error body: root element is <") + root.name() + ">, not <Error>");
  }
  pugi::xml_node code = root.child("Code");
  if (!code) return fail("error body: <Error> has no <Code>");
  ErrorBody body;
  body.code = text_of(code);
  bool have_message = false;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view name = child.name();
    if (child == code) continue;
    if (name == "Message" && !have_message) {
      have_message = true;
      body.message = text_of(child);
      body.request_id = request_id_of(body.message);
      continue;
    }
    body.details.emplace_back(std::string(name), text_of(child));
  }
  return body;
}

Result<std::string> xml_text(std::string_view xml, std::string_view path) {
  std::vector<std::string> segments;
  size_t pos = 0;
  while (true) {
    size_t slash = path.find('/', pos);
    std::string_view segment =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (segment.empty()) {
      return fail("XML path \"" + std::string(path) + "\": empty element name");
    }
    segments.emplace_back(segment);
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  pugi::xml_document doc;
  if (auto e = parse_into(doc, xml)) return *e;
  pugi::xml_node found = find_path(doc.document_element(), segments, 0);
  if (!found) {
    return fail("no element at XML path \"" + std::string(path) + "\" below <" +
                doc.document_element().name() + ">");
  }
  return text_of(found);
}

}  // namespace blobconform::check
