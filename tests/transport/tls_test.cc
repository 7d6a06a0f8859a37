// HTTPS: a self-signed certificate for 127.0.0.1 served by httplib::SSLServer. Verification is on
// by default (refused), the certificate as ca_file is accepted, verify=false accepts anything.
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "harness/transport/http_client.h"
#include "harness/transport/raw_client.h"

namespace blobconform::transport {
namespace {

using namespace std::chrono_literals;

class Tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/blobconform-tls-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " + dir_ + "/key.pem -out " + dir_ +
        "/cert.pem >" + dir_ + "/openssl.log 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    server_ = std::make_unique<httplib::SSLServer>((dir_ + "/cert.pem").c_str(), (dir_ + "/key.pem").c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("secure", "text/plain"); });
    port_ = static_cast<uint16_t>(server_->bind_to_any_port("127.0.0.1"));
    thread_ = std::thread([] { server_->listen_after_bind(); });
    for (int i = 0; i < 500 && !server_->is_running(); ++i) std::this_thread::sleep_for(2ms);
  }
  static void TearDownTestSuite() {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  static Endpoint endpoint() { return Endpoint{"https", "127.0.0.1", port_}; }
  static Timeouts timeouts() {
    Timeouts t;
    t.connect = 3000ms;
    t.read = 3000ms;
    t.total = 6000ms;
    return t;
  }
  static Request get() {
    Request request;
    request.method = "GET";
    request.target = "/";
    request.headers = {{"Host", "127.0.0.1"}};
    return request;
  }
  static std::string ca_file() { return dir_ + "/cert.pem"; }

  static inline std::string dir_;
  static inline std::unique_ptr<httplib::SSLServer> server_;
  static inline std::thread thread_;
  static inline uint16_t port_ = 0;
};

TEST_F(Tls, RawRefusesAnUnknownCertificateByDefault) {
  Exchange exchange = send_raw(endpoint(), TlsOptions{}, timeouts(), get());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_NE(exchange.transport_error.find("TLS certificate verification failed: self-signed certificate"),
            std::string::npos) << exchange.transport_error;
}

TEST_F(Tls, RawAcceptsTheCertificateAsCaFile) {
  Exchange exchange = send_raw(endpoint(), TlsOptions{true, ca_file()}, timeouts(), get());
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "secure");
}

TEST_F(Tls, RawChecksTheAddressAgainstTheCertificate) {
  Endpoint other = endpoint();
  other.host = "localhost";  // resolves to the server, but the certificate names 127.0.0.1 only
  Exchange exchange = send_raw(other, TlsOptions{true, ca_file()}, timeouts(), get());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_NE(exchange.transport_error.find("TLS certificate verification failed"), std::string::npos)
      << exchange.transport_error;
}

TEST_F(Tls, RawAcceptsAnythingWithoutVerification) {
  Exchange exchange = send_raw(endpoint(), TlsOptions{false, ""}, timeouts(), get());
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "secure");
}

TEST_F(Tls, HttpClientRefusesAnUnknownCertificateByDefault) {
  HttpClient client(endpoint(), TlsOptions{}, timeouts());
  Exchange exchange = client.send(get());
  EXPECT_FALSE(exchange.response.has_value());
  EXPECT_NE(exchange.transport_error.find("TLS certificate verification failed: self-signed certificate"),
            std::string::npos) << exchange.transport_error;
}

TEST_F(Tls, HttpClientAcceptsTheCertificateAsCaFile) {
  HttpClient client(endpoint(), TlsOptions{true, ca_file()}, timeouts());
  Exchange exchange = client.send(get());
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "secure");
  Exchange again = client.send(get());
  ASSERT_TRUE(again.response.has_value()) << again.transport_error;
}

TEST_F(Tls, HttpClientAcceptsAnythingWithoutVerification) {
  HttpClient client(endpoint(), TlsOptions{false, ""}, timeouts());
  Exchange exchange = client.send(get());
  ASSERT_TRUE(exchange.response.has_value()) << exchange.transport_error;
  EXPECT_EQ(exchange.response->body, "secure");
}

TEST_F(Tls, MissingCaFileIsReported) {
  Exchange raw = send_raw(endpoint(), TlsOptions{true, dir_ + "/absent.pem"}, timeouts(), get());
  EXPECT_NE(raw.transport_error.find("cannot load CA file"), std::string::npos) << raw.transport_error;
  HttpClient client(endpoint(), TlsOptions{true, dir_ + "/absent.pem"}, timeouts());
  Exchange exchange = client.send(get());
  EXPECT_NE(exchange.transport_error.find("cannot load CA file"), std::string::npos) << exchange.transport_error;
}

}  // namespace
}  // namespace blobconform::transport
