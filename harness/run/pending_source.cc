#include "harness/run/pending_source.h"

namespace blobconform::run {

void add_pending_source(Fixtures& fixtures, source::GatedSource& source) {
  auto handler = [&source](const cases::Step& step, const std::string& instance) -> Result<void> {
    auto url = source.url_for(instance);
    if (!url) return url.error();
    if (step.action == "release") return source.release(instance);
    if (step.action == "fail") return source.fail(instance);
    if (step.action == "send" || step.action == "progress") {
      if (!step.bytes || *step.bytes < 0) return fail(step.pointer + "/bytes: " + step.action + " needs a number of bytes");
      return source.send(instance, static_cast<size_t>(*step.bytes));
    }
    return fail(step.pointer + "/action: unknown pending_source action \"" + step.action + "\"");
  };
  auto variables = [&source](const std::string& instance) {
    std::map<std::string, std::string> out;
    if (auto url = source.url_for(instance)) out["pending_source_url"] = *url;
    if (auto url = source.url_for(instance, source::BlobKind::Page)) out["pending_page_source_url"] = *url;
    if (auto url = source.url_for(instance, source::BlobKind::Append)) out["pending_append_source_url"] = *url;
    out["pending_source_size"] = std::to_string(source.size());
    return out;
  };
  fixtures.add("pending_source", handler, Fixtures::Variables(variables));
}

}  // namespace blobconform::run
