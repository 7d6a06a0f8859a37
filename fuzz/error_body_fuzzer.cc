// check::parse_error_body and check::xml_text on a response body.
// Oracles: the two readers agree. For a parsed <Error>, xml_text("Code") is the code and
// xml_text("Message") is the message (both take the first such child of the root); a RequestId
// is one trimmed line of the message; no detail is the <Code> element itself. And xml_text refuses
// a body parse_error_body refuses as XML (too large or not well-formed) for any path.
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "harness/check/error_body.h"

namespace {

using namespace blobconform;
using blobconform::fuzz::require;

// Paths the cases use (`body.xml`, `save: xml:<path>`), and malformed ones.
constexpr std::string_view kPaths[] = {"Code", "Message", "AuthenticationErrorDetail", "Properties/Etag",
                                       "Code/Code", "", "Code/", "/Code", "Blobs/Blob/Name"};

bool is_xml_level_error(const std::string& message) {
  return message.rfind("not well-formed XML", 0) == 0 || message.rfind("XML body of ", 0) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml = blobconform::fuzz::as_text(data, size);
  auto body = check::parse_error_body(xml);
  for (std::string_view path : kPaths) {
    auto text = check::xml_text(xml, path);
    if (!body && is_xml_level_error(body.error().message)) {
      // The same document loader: a body that is not XML has no element at any path.
      require(!text.ok(), "xml_text refuses what parse_error_body refuses as XML");
    }
  }
  if (!body) return 0;

  auto code = check::xml_text(xml, "Code");
  require(code.ok() && *code == body->code, "parse_error_body's code is xml_text(\"Code\")");
  auto message = check::xml_text(xml, "Message");
  require(message.ok() ? *message == body->message : body->message.empty(),
          "parse_error_body's message is xml_text(\"Message\")");
  require(body->request_id.find('\n') == std::string::npos, "a RequestId is one line");
  require(body->request_id.empty() || (body->request_id.front() != ' ' && body->request_id.back() != ' '),
          "a RequestId is trimmed");
  require(body->message.find("RequestId:") != std::string::npos || body->request_id.empty(),
          "a RequestId comes from a RequestId: line of the message");
  return 0;
}
