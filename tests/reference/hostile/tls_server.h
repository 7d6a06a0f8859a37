// A hostile HTTPS server for the hostile-target tests: certificates that fail verification in one
// named way each (made with OpenSSL's API, because the openssl command cannot make an expired
// one), and a TLS server on 127.0.0.1 that answers the harness's probe and then only garbage.
// One connection at a time, every socket wait bounded. Header-only: a test fixture.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace blobconform::testing {

// How long the server waits on a client's socket before it gives the connection up. Generous: on
// a loaded 2-core machine under the sanitizers, a client can take seconds between its connect and
// its ClientHello, and a server that gave up first would turn a verification failure into a bare
// handshake failure (seen once as "TLS handshake failed: unknown TLS error" for the expired
// certificate, with the test taking 51 s instead of 1 s).
inline constexpr int kTlsServerSocketTimeoutMs = 30000;
// The most of a request it reads before answering: the harness's requests here are far smaller.
inline constexpr size_t kTlsServerMaxRequestBytes = 1024 * 1024;
// Validity of a good certificate around now, and how long ago an expired one expired.
inline constexpr long kCertificateValiditySeconds = 24 * 3600;

// What is wrong with a certificate, for a client connecting to https://127.0.0.1.
enum class CertificateFlaw {
  SelfSigned,  // names 127.0.0.1 and is valid now, but no trusted authority signed it
  WrongName,   // names wrong.example, not 127.0.0.1 (refused even when trusted)
  Expired,     // names 127.0.0.1, expired yesterday (refused even when trusted)
};

struct TestCertificate {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, &EVP_PKEY_free};
  std::unique_ptr<X509, decltype(&X509_free)> cert{nullptr, &X509_free};

  // The certificate as PEM, for --ca-file.
  bool write_pem(const std::filesystem::path& file) const {
    std::unique_ptr<FILE, decltype(&std::fclose)> out(std::fopen(file.c_str(), "w"), &std::fclose);
    return out && PEM_write_X509(out.get(), cert.get()) == 1;
  }
};

// A self-signed certificate (P-256 key, SHA-256) with `flaw`; empty pointers on failure.
inline TestCertificate make_certificate(CertificateFlaw flaw) {
  TestCertificate made;
  made.key.reset(EVP_EC_gen("P-256"));
  made.cert.reset(X509_new());
  if (!made.key || !made.cert) return {};
  X509* x = made.cert.get();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), static_cast<long>(flaw) + 1);
  const bool expired = flaw == CertificateFlaw::Expired;
  X509_gmtime_adj(X509_getm_notBefore(x), expired ? -2 * kCertificateValiditySeconds : -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), expired ? -kCertificateValiditySeconds : kCertificateValiditySeconds);
  X509_set_pubkey(x, made.key.get());
  const bool wrong_name = flaw == CertificateFlaw::WrongName;
  X509_NAME* name = X509_get_subject_name(x);
  const char* common_name = wrong_name ? "wrong.example" : "127.0.0.1";
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, x, x, nullptr, nullptr, 0);
  // As `openssl req -x509` makes them (tests/live/https_test.cc): a CA that names its host.
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            std::pair{NID_subject_alt_name, wrong_name ? "DNS:wrong.example" : "IP:127.0.0.1"}}) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (!extension) return {};
    X509_add_ext(x, extension, -1);
    X509_EXTENSION_free(extension);
  }
  if (X509_sign(x, made.key.get(), EVP_sha256()) == 0) return {};
  return made;
}

// Accepts TLS connections on 127.0.0.1 and reads one request on each. The harness's probes (a GET
// without x-ms-version, then a signed List Containers) get a plain 200 and an empty listing so
// that the run starts; every other request gets `Garbage`, then the connection ends.
class TlsGarbageServer {
 public:
  enum class Garbage {
    NotHttp,  // well-formed TLS records carrying bytes that are no HTTP response
    NotTls,   // after the handshake, bytes written on the socket outside any TLS record
    Reset,    // after the handshake, the connection is reset (RST)
  };

  TlsGarbageServer(const TestCertificate& certificate, Garbage garbage) : garbage_(garbage) {
    // OpenSSL writes with plain write(): a client that already left must not kill the test.
    std::signal(SIGPIPE, SIG_IGN);
    context_.reset(SSL_CTX_new(TLS_server_method()));
    if (!context_ || SSL_CTX_use_certificate(context_.get(), certificate.cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(context_.get(), certificate.key.get()) != 1) {
      return;
    }
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~TlsGarbageServer() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }
  TlsGarbageServer(const TlsGarbageServer&) = delete;
  TlsGarbageServer& operator=(const TlsGarbageServer&) = delete;

  uint16_t port() const { return port_; }  // 0 when it could not start
  int garbage_answers() const { return garbage_answers_; }

 private:
  void run() {
    while (!stopping_) {
      pollfd waiting{listen_fd_, POLLIN, 0};
      if (::poll(&waiting, 1, 50) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      timeval limit{kTlsServerSocketTimeoutMs / 1000, (kTlsServerSocketTimeoutMs % 1000) * 1000};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
      serve(fd);
    }
  }

  void serve(int fd) {
    SSL* ssl = SSL_new(context_.get());
    SSL_set_fd(ssl, fd);
    bool reset = false;
    if (SSL_accept(ssl) == 1) {
      auto request = read_request(ssl);
      if (is_probe(request)) {
        write_tls(ssl, "HTTP/1.1 200 OK\r\nServer: tls-garbage\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        SSL_shutdown(ssl);
      } else if (is_credentials_probe(request)) {
        const std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Containers/></EnumerationResults>";
        write_tls(ssl, "HTTP/1.1 200 OK\r\nServer: tls-garbage\r\nx-ms-request-id: 1\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        SSL_shutdown(ssl);
      } else if (!request.empty()) {
        ++garbage_answers_;
        switch (garbage_) {
          case Garbage::NotHttp:
            write_tls(ssl, "this is not an HTTP response\r\n\r\n");
            SSL_shutdown(ssl);
            break;
          case Garbage::NotTls: {
            const std::string raw = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
            ::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
            break;
          }
          case Garbage::Reset:
            reset = true;
            break;
        }
      }
    }
    ERR_clear_error();
    SSL_free(ssl);
    if (reset) {
      linger now{1, 0};  // close() then sends an RST instead of a FIN
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
    }
    ::close(fd);
  }

  // The request head and its Content-Length body; empty when the client left first.
  static std::string read_request(SSL* ssl) {
    std::string bytes;
    char buffer[16384];
    while (bytes.size() < kTlsServerMaxRequestBytes) {
      const auto head_end = bytes.find("\r\n\r\n");
      if (head_end != std::string::npos && bytes.size() >= head_end + 4 + content_length(bytes.substr(0, head_end))) {
        return bytes;
      }
      const int n = SSL_read(ssl, buffer, sizeof buffer);
      if (n <= 0) return {};
      bytes.append(buffer, static_cast<size_t>(n));
    }
    return bytes;
  }

  static std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }

  static size_t content_length(const std::string& head) {
    const auto at = lower(head).find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::strtoul(head.c_str() + at + 17, nullptr, 10);
  }

  // The probe is the one GET the harness sends without x-ms-version.
  static bool is_probe(const std::string& request) {
    const auto head = lower(request.substr(0, request.find("\r\n\r\n")));
    return head.rfind("get ", 0) == 0 && head.find("\r\nx-ms-version:") == std::string::npos;
  }

  // The run's signed List Containers before its first instance (cli/common.h verify_credentials).
  static bool is_credentials_probe(const std::string& request) {
    return lower(request).rfind("get /reference1/?comp=list&maxresults=1 ", 0) == 0;
  }

  static void write_tls(SSL* ssl, const std::string& bytes) {
    SSL_write(ssl, bytes.data(), static_cast<int>(bytes.size()));
  }

  Garbage garbage_;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context_{nullptr, &SSL_CTX_free};
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> garbage_answers_{0};
  std::thread thread_;
};

}  // namespace blobconform::testing
