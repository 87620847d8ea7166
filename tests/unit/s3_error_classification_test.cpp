// How S3's error answers become errors: operator faults (access, credentials, clock) are transient so
// the event is retried until the operator fixes them; a missing or overwritten object stays permanent.
#include <gtest/gtest.h>

#include <map>

#include "observability/metrics.h"
#include "s3/s3_credentials.h"
#include "s3/s3_request.h"

namespace s3load {
namespace {

std::string error_xml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message +
         "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
}

Error classify(long status, const std::string& code, const std::string& message = "m") {
  return classify_http_error(status, error_details(error_xml(code, message), {}), "s3://drop/k.csv");
}

struct Case {
  long status;
  const char* s3_code;
  const char* error_code;
};

TEST(S3ErrorClassification, OperatorFaultsAreTransientWithTheirOwnCode) {
  const Case cases[] = {
      {403, "AccessDenied", "access_denied"},       {403, "SignatureDoesNotMatch", "access_denied"},
      {403, "InvalidAccessKeyId", "access_denied"}, {403, "AllAccessDisabled", "access_denied"},
      {403, "AccountProblem", "access_denied"},     {400, "ExpiredToken", "expired_credentials"},
      {403, "ExpiredToken", "expired_credentials"}, {400, "TokenRefreshRequired", "expired_credentials"},
      {400, "InvalidToken", "expired_credentials"}, {403, "RequestTimeTooSkewed", "clock_skew"},
  };
  for (const auto& c : cases) {
    const Error error = classify(c.status, c.s3_code, "the detail S3 gave");
    EXPECT_TRUE(error.is_transient()) << c.s3_code;
    EXPECT_EQ(error.code, c.error_code) << c.s3_code;
    EXPECT_TRUE(is_operator_fault(error)) << c.s3_code;
    EXPECT_NE(error.message.find("s3://drop/k.csv"), std::string::npos) << error.message;
    EXPECT_NE(error.message.find(std::string(c.s3_code) + " (HTTP " + std::to_string(c.status) +
                                 "): the detail S3 gave"),
              std::string::npos)
        << error.message;
    EXPECT_NE(error.message.find("retried, not rejected"), std::string::npos) << error.message;
  }
}

TEST(S3ErrorClassification, MessagesSayWhatToFix) {
  EXPECT_NE(classify(403, "AccessDenied").message.find("s3:GetObject"), std::string::npos);
  EXPECT_NE(classify(400, "ExpiredToken").message.find("AWS_SESSION_TOKEN"), std::string::npos);
  EXPECT_NE(classify(403, "RequestTimeTooSkewed").message.find("NTP"), std::string::npos);
}

TEST(S3ErrorClassification, ABodilessAnswerIsClassifiedByStatusAndErrorHeaders) {
  // HEAD: no body. A 403 without any code is still an access problem, not the file's.
  const Error bare = classify_http_error(403, error_details("", {}), "s3://drop/k.csv");
  EXPECT_EQ(bare.code, "access_denied");
  EXPECT_TRUE(bare.is_transient());
  EXPECT_NE(bare.message.find("(HTTP 403)"), std::string::npos) << bare.message;
  EXPECT_EQ(classify_http_error(401, error_details("", {}), "s3://drop/k.csv").code, "access_denied");
  const Error from_headers =
      classify_http_error(400, error_details("", {"ExpiredToken", "The provided token has expired."}), "x");
  EXPECT_EQ(from_headers.code, "expired_credentials");
  EXPECT_NE(from_headers.message.find("The provided token has expired."), std::string::npos);
  // The body wins over headers when both are there.
  EXPECT_EQ(error_details(error_xml("RequestTimeTooSkewed", "skew"), {"AccessDenied", "h"}).code,
            "RequestTimeTooSkewed");
  EXPECT_FALSE(classify_http_error(400, error_details("", {}), "x").is_transient());
}

TEST(S3ErrorClassification, MissingArchivedAndOverwrittenObjectsStayPermanent) {
  const std::map<std::pair<long, std::string>, std::string> permanent{
      {{404, "NoSuchKey"}, "object_not_found"},         {{404, "NoSuchVersion"}, "object_not_found"},
      {{404, "NoSuchBucket"}, "bucket_not_found"},      {{412, "PreconditionFailed"}, "superseded"},
      {{403, "InvalidObjectState"}, "object_archived"}, {{301, "PermanentRedirect"}, "wrong_region"},
      {{400, "InvalidArgument"}, "s3_rejected"},
  };
  for (const auto& [answer, code] : permanent) {
    const Error error = classify(answer.first, answer.second);
    EXPECT_FALSE(error.is_transient()) << answer.second;
    EXPECT_EQ(error.code, code) << answer.second;
    EXPECT_FALSE(is_operator_fault(error)) << answer.second;
  }
  const Error throttled = classify(503, "SlowDown");
  EXPECT_EQ(throttled.code, "s3_unavailable");
  EXPECT_TRUE(throttled.is_transient());
  EXPECT_FALSE(is_operator_fault(throttled));  // retried with backoff inside the invocation
}

TEST(S3Credentials, RefreshTakesRotatedCredentialsFromTheEnvironment) {
  std::map<std::string, std::string> env{{"AWS_ACCESS_KEY_ID", "AKIAOLD"}, {"AWS_SECRET_ACCESS_KEY", "old"}};
  CredentialSource source(S3Credentials{"AKIAOLD", "old", std::nullopt},
                          [&](const std::string& name) -> std::optional<std::string> {
                            const auto found = env.find(name);
                            if (found == env.end()) return std::nullopt;
                            return found->second;
                          });
  EXPECT_FALSE(source.refresh());  // the same: nothing to retry with
  env["AWS_SECRET_ACCESS_KEY"] = "new";
  env["AWS_SESSION_TOKEN"] = "token-2";
  EXPECT_TRUE(source.refresh());
  EXPECT_EQ(source.current(), (S3Credentials{"AKIAOLD", "new", "token-2"}));
  env.erase("AWS_ACCESS_KEY_ID");  // half-set while being rotated: keep the last complete ones
  EXPECT_FALSE(source.refresh());
  EXPECT_EQ(source.current().secret_access_key, "new");
}

TEST(Metrics, FilesFailedIsAlsoCountedByErrorCode) {
  Outcome outcome;
  outcome.status = OutcomeStatus::failed;
  outcome.feed = "acme-orders";
  outcome.error = transient_error("expired_credentials", "…");
  const auto document = metrics_document(outcome, 0);
  ASSERT_TRUE(document);
  const auto& directives = (*document)["_aws"]["CloudWatchMetrics"];
  ASSERT_EQ(directives.size(), 2u);
  EXPECT_EQ(directives[0]["Dimensions"], nlohmann::json::parse(R"([["Feed"]])"));  // what the alarms use
  EXPECT_EQ(directives[1]["Namespace"], "s3load");
  EXPECT_EQ(directives[1]["Dimensions"], nlohmann::json::parse(R"([["Feed","ErrorCode"]])"));
  EXPECT_EQ(directives[1]["Metrics"], nlohmann::json::parse(R"([{"Name":"FilesFailed","Unit":"Count"}])"));
  EXPECT_EQ((*document)["ErrorCode"], "expired_credentials");
  EXPECT_EQ((*document)["FilesFailed"], 1.0);

  outcome.status = OutcomeStatus::loaded;
  outcome.error.reset();
  const auto loaded = metrics_document(outcome, 0);
  EXPECT_EQ((*loaded)["_aws"]["CloudWatchMetrics"].size(), 1u);
  EXPECT_FALSE(loaded->contains("ErrorCode"));
}

}  // namespace
}  // namespace s3load
