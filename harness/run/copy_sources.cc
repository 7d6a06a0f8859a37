#include "harness/run/copy_sources.h"

#include "harness/run/pending_source.h"

namespace blobconform::run {
namespace {

constexpr const char* kNoControl = "pending-copy-control";
constexpr const char* kBlobTypes = "pending-copy-blob-types";

std::string choose_method(const CopySourceOptions& options, const std::string& server, bool loopback,
                          TargetContext& context) {
  if (options.method != "auto") return options.method;
  if (server.rfind("Azurite-Blob/", 0) == 0) {
    context.lacking["pending-copy"] =
        "Azurite completes every copy at once and never copies from a URL outside itself (azurite-3.37.0.md §5, §6.12)";
    return "none";
  }
  if (loopback) return "gated";
  if (options.second_target) return "large";
  context.lacking["pending-copy"] =
      "a remote target cannot reach this machine's gated source unless --pending-copy gated with --source-listen and "
      "--source-advertise says how; or give --second-target for --pending-copy large";
  return "none";
}

Result<std::unique_ptr<source::GatedSource>> start_gated(const CopySourceOptions& options) {
  source::GatedSourceOptions gated;
  auto colon = options.listen.rfind(':');
  char* end = nullptr;
  long port = colon == std::string::npos ? -1 : std::strtol(options.listen.c_str() + colon + 1, &end, 10);
  if (colon == std::string::npos || colon == 0 || *end != '\0' || port < 0 || port > 65535) {
    return fail("--source-listen: \"" + options.listen + "\" is not HOST:PORT");
  }
  gated.listen_host = options.listen.substr(0, colon);
  gated.listen_port = static_cast<uint16_t>(port);
  gated.advertise = options.advertise;
  return source::GatedSource::start(gated);
}

}  // namespace

Result<void> check_copy_source_options(const CopySourceOptions& options) {
  if (options.method == "large" && !options.second_target) return fail("--pending-copy large needs --second-target");
  if (auto checked = source::check_large_source_size(options.large_size); !checked) return checked.error();
  auto colon = options.listen.rfind(':');
  char* end = nullptr;
  long port = colon == std::string::npos ? -1 : std::strtol(options.listen.c_str() + colon + 1, &end, 10);
  if (colon == std::string::npos || colon == 0 || *end != '\0' || port < 0 || port > 65535) {
    return fail("--source-listen: \"" + options.listen + "\" is not HOST:PORT");
  }
  return {};
}

Result<CopySources> start_copy_sources(const CopySourceOptions& options, const std::string& server, bool loopback,
                                       TargetContext& context, Fixtures& fixtures) {
  CopySources sources;
  // The method first: the large source is uploaded only for the method that copies it.
  std::string method = choose_method(options, server, loopback, context);
  if (method == "large" && !options.second_target) return fail("--pending-copy large needs --second-target");
  if (options.second_target) {
    source::AccountSourceOptions account;
    account.target = *options.second_target;
    account.tls = options.tls;
    account.container = options.container;
    account.large_size = options.large_size;
    account.large = method == "large";
    account.version = options.version;
    account.keep = options.keep;
    account.catalog = options.catalog;
    auto created = source::AccountSource::create(account);
    if (!created) return created.error();
    sources.second_account = std::move(*created);
    for (const auto& signature : sources.second_account->signatures()) context.secrets.push_back(signature);
    context.capabilities["second-account"] = "--second-target: " + sources.second_account->describe();
  } else {
    context.lacking["second-account"] = "no --second-target";
  }

  if (method == "none") {
    if (!context.lacking.count("pending-copy")) context.lacking["pending-copy"] = "--pending-copy none";
    context.lacking[kNoControl] = "no copy is held pending";
    context.lacking[kBlobTypes] = "no copy is held pending";
  } else if (method == "gated") {
    auto started = start_gated(options);
    if (!started) return started.error();
    sources.gated = std::move(*started);
    add_pending_source(fixtures, *sources.gated);
    context.capabilities["pending-copy"] = "the gated copy source at " + sources.gated->base_url();
    context.capabilities[kNoControl] = "the gated copy source sends, releases and fails transfers on command";
    context.capabilities[kBlobTypes] = "the gated copy source answers as a page or an append blob too";
  } else {  // large
    const auto& account = *sources.second_account;
    fixtures.add(
        "pending_source",
        // The copy moves by itself: progress asks for nothing more; nothing else can be done.
        [](const cases::Step& step, const std::string&) -> Result<void> {
          if (step.action == "progress") return {};
          return fail(step.pointer + ": a large source in another account cannot be sent, released or failed on command");
        },
        std::map<std::string, std::string>{{"pending_source_url", account.large_url()},
                                           {"pending_page_source_url", account.large_page_url()},
                                           {"pending_append_source_url", account.large_append_url()},
                                           {"pending_source_size", std::to_string(options.large_size)}});
    context.capabilities["pending-copy"] = "a cross-account copy of the large source (" + account.describe() +
                                           "), a race checked at each verdict";
    context.lacking[kNoControl] = "a cross-account copy from a real account cannot be paused or broken on command";
    context.capabilities[kBlobTypes] = "the large source in the second account is a page and an append blob too";
    context.pending_copy_races = true;
  }
  if (sources.second_account) {
    fixtures.add_variables({{"second_account_source_url", sources.second_account->small_url()}});
  }
  return sources;
}

}  // namespace blobconform::run
