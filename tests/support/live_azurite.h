// A real Azurite for a test suite: started once on a free loopback port before the suite's first
// test and stopped after its last; the program under test gets only its connection string.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

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
  // Starts Azurite over HTTPS with a self-signed certificate for 127.0.0.1 that openssl makes in
  // `folder` (cert.pem, key.pem), and `extra_args`.
  static void start_https(const std::string& folder, std::vector<std::string> extra_args = {}) {
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " + folder + "/key.pem -out " + folder +
        "/cert.pem >" + folder + "/openssl.log 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    target::AzuriteOptions options;
    options.cert_file = folder + "/cert.pem";
    options.key_file = folder + "/key.pem";
    options.extra_args = std::move(extra_args);
    start(options);
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
