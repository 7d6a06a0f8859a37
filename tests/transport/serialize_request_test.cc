#include <gtest/gtest.h>

#include "harness/transport/raw_client.h"

namespace blobconform::transport {
namespace {

TEST(SerializeRequest, WritesExactlyWhatIsGiven) {
  Request request;
  request.method = "PUT";
  request.target = "/c/a%20b?comp=block&blockid=QUJD";
  request.headers = {{"Host", "acct.blob"}, {"x-ms-meta-A", " spaced "}, {"x-ms-meta-A", "dup"},
                     {"Odd", std::string("\x01\xff", 2)}, {"Content-Length", "3"}};
  request.body = "abc";
  EXPECT_EQ(serialize_request(request),
            "PUT /c/a%20b?comp=block&blockid=QUJD HTTP/1.1\r\n"
            "Host: acct.blob\r\n"
            "x-ms-meta-A:  spaced \r\n"
            "x-ms-meta-A: dup\r\n"
            "Odd: \x01\xff\r\n"
            "Content-Length: 3\r\n"
            "\r\n"
            "abc");
}

TEST(SerializeRequest, NoHeadersNoBodyNothingAdded) {
  Request request;
  request.method = "GET";
  request.target = "/";
  EXPECT_EQ(serialize_request(request), "GET / HTTP/1.1\r\n\r\n");
}

TEST(SerializeRequest, TheRequestLineCarriesTheRequestsHttpVersion) {
  Request request;
  request.method = "PUT";
  request.target = "/c/b?comp=copy";
  request.http_version = "HTTP/1.0";
  EXPECT_EQ(serialize_request(request), "PUT /c/b?comp=copy HTTP/1.0\r\n\r\n");
}

}  // namespace
}  // namespace blobconform::transport
