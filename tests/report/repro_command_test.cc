// The commands the reports print: complete (the program as invoked, the target's variable), pasted
// as they are into a shell; the curl line keeps signatures as variables.
#include <gtest/gtest.h>

#include "harness/report/repro_command.h"
#include "tests/support/command.h"

namespace blobconform::report {
namespace {

TEST(ReproCommand, TheProgramAsInvokedAndTheTargetsVariable) {
  RunRecord record;
  EXPECT_EQ(repro_command(record, "", "g/a"), "blobconform repro results.json g/a");
  record.program = "build/blobconform";
  record.target_argument = kTargetFromEnvironment;
  EXPECT_EQ(repro_command(record, "reports/run 1/results.json", "g/it's"),
            "build/blobconform repro 'reports/run 1/results.json' 'g/it'\\''s' --target \"$AZURE_STORAGE_CONNECTION_STRING\"");
}

TEST(ReproCommand, CurlKeepsTheSignaturesAsVariables) {
  transport::Request request;
  request.method = "PUT";
  request.target = "/acct/c/b?comp=copy&copyid=1&sig=REDACTED";
  request.headers = {{"Host", "127.0.0.1:10000"},
                     {"x-ms-copy-action", "abort"},
                     {"x-ms-client-request-id", "it's $HOME"},
                     {"Authorization", "SharedKey acct:REDACTED"}};
  std::string line = curl_command(request, "http://127.0.0.1:10000");
  EXPECT_EQ(line,
            "curl -i -X PUT \"http://127.0.0.1:10000/acct/c/b?comp=copy&copyid=1&sig=${SIG}\" -H 'x-ms-copy-action: abort' "
            "-H 'x-ms-client-request-id: it'\\''s $HOME' -H \"Authorization: SharedKey acct:${SIGNATURE}\"");
  // What a shell makes of it: the variables expanded, nothing else.
  auto echoed = testing::run_command("/bin/bash", {"-c", "SIG=s1 SIGNATURE=k2; set -- " + line.substr(5) + "; printf '%s\\n' \"$@\""});
  EXPECT_EQ(echoed.output,
            "-i\n-X\nPUT\nhttp://127.0.0.1:10000/acct/c/b?comp=copy&copyid=1&sig=s1\n-H\nx-ms-copy-action: abort\n-H\n"
            "x-ms-client-request-id: it's $HOME\n-H\nAuthorization: SharedKey acct:k2\n");
}

TEST(ReproCommand, CurlSendsAnHttp10RequestAsHttp10) {
  transport::Request request;
  request.method = "PUT";
  request.target = "/acct/c/b";
  request.http_version = "HTTP/1.0";
  EXPECT_EQ(curl_command(request, "http://h"), "curl -i --http1.0 -X PUT http://h/acct/c/b");
}

TEST(ReproCommand, CurlSendsARequestOverPlainHttpWhereItWent) {
  transport::Request request;
  request.method = "PUT";
  request.target = "/c/b";
  request.endpoint = transport::Endpoint{"http", "acct.blob.core.windows.net", 80};
  EXPECT_EQ(curl_command(request, "https://acct.blob.core.windows.net"), "curl -i -X PUT http://acct.blob.core.windows.net/c/b");
}

}  // namespace
}  // namespace blobconform::report
