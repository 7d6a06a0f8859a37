// A real Azurite for a test suite: started once on a free loopback port before the suite's first
// test and stopped after its last; the program under test gets only its connection string.
#pragma once

#include <gtest/gtest.h>

#include "harness/auth/shared_key.h"
#include "harness/target/azurite.h"
#include "harness/transport/http_client.h"
#include "harness/wire/http_date.h"
#include "tests/support/command.h"

namespace blobconform::testing {

class AzuriteSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { start({}); }
  // Starts Azurite with `options`, from the project's node_modules on a free port.
  static void start(target::AzuriteOptions options) {
    options.azurite_dir = BLOBCONFORM_SOURCE_DIR;
    options.port = target::free_loopback_port();
    auto started = target::EmbeddedAzurite::start(options);
    ASSERT_TRUE(started.ok()) << started.error().message;
    azurite_ = started->release();
  }
  static void TearDownTestSuite() {
    if (azurite_) (void)azurite_->stop();
    delete azurite_;
    azurite_ = nullptr;
  }
  static std::string connection_string() { return azurite_connection_string(azurite_->port()); }

  // One request to the account's Azurite at `target` (path-style, "/devstoreaccount1/..."), signed
  // with Shared Key unless `sign` is false (e.g. when the target carries a SAS).
  static transport::Exchange send(const std::string& method, const std::string& target, bool sign = true,
                                  bool tamper = false) {
    transport::Request request;
    request.method = method;
    request.target = target;
    request.headers = {{"Host", "127.0.0.1:" + std::to_string(azurite_->port())},
                       {"x-ms-version", "2021-12-02"},
                       {"x-ms-date", wire::format_rfc1123(wire::Clock::now())},
                       {"Content-Length", "0"}};
    if (method == "PUT" && target.find('?') == std::string::npos) request.headers.push_back({"x-ms-blob-type", "BlockBlob"});
    if (sign) {
      auto key = auth::make_account_key("devstoreaccount1", kDevstoreKey);
      EXPECT_TRUE(key.ok());
      auto signature = auth::sign_request(request, *key, auth::SharedKeyScheme::SharedKey, "devstoreaccount1", tamper);
      EXPECT_TRUE(signature.ok());
    }
    transport::HttpClient client({"http", "127.0.0.1", azurite_->port()}, {}, {});
    return client.send(request);
  }

  static inline target::EmbeddedAzurite* azurite_ = nullptr;
};

}  // namespace blobconform::testing
