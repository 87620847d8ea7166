// `s3load serve` answered over plain HTTP: start-up refusals, the token in each of its three places,
// status codes per outcome, the size limit, and request logs that never carry the token.
#include "serve_test_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

std::string minio_event(const std::vector<EventRecord>& records) {
  std::string event = s3_event(records);
  // MinIO sends the same S3 format with its own event source; keys are form-encoded as AWS does.
  for (auto at = event.find("\"aws:s3\""); at != std::string::npos; at = event.find("\"aws:s3\""))
    event.replace(at, 8, "\"minio:s3\"");
  return event;
}

class ServeEndpoint : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    m_token = new_token();
  }

  std::unique_ptr<ServeProcess> start(const std::vector<std::string>& args = {"--listen", "127.0.0.1:0"},
                                      std::map<std::string, std::string> env = {}) {
    env.emplace("S3LOAD_CONFIG", m_config_path);
    env.emplace("S3LOAD_SERVE_TOKEN", m_token);
    return std::make_unique<ServeProcess>(args, env);
  }

  std::string bearer() const { return "Authorization: Bearer " + m_token; }

  std::string m_token;
};

TEST_F(ServeEndpoint, RefusesToStartWithoutToken) {
  const auto run = run_s3load({"serve", "--listen", "127.0.0.1:0"},
                              {{"S3LOAD_CONFIG", m_config_path}, {"S3LOAD_SERVE_TOKEN", ""}});
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_EQ(run.err,
            "s3load serve: S3LOAD_SERVE_TOKEN is not set: serve accepts only pushes that present this token "
            "(generate one with: openssl rand -hex 32)\n");
}

TEST_F(ServeEndpoint, RefusesAShortToken) {
  const auto run = run_s3load({"serve", "--listen", "127.0.0.1:0"},
                              {{"S3LOAD_CONFIG", m_config_path}, {"S3LOAD_SERVE_TOKEN", "short"}});
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_EQ(run.err,
            "s3load serve: S3LOAD_SERVE_TOKEN has 5 characters; use at least 16 (generate one with: openssl "
            "rand -hex 32)\n");
}

TEST_F(ServeEndpoint, RefusesANonLoopbackAddressWithoutAllowRemote) {
  const auto run = run_s3load({"serve", "--listen", "0.0.0.0:0"},
                              {{"S3LOAD_CONFIG", m_config_path}, {"S3LOAD_SERVE_TOKEN", m_token}});
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_EQ(run.err,
            "s3load serve: --listen 0.0.0.0:0 is not a loopback address; other machines could reach it. Pass "
            "--allow-remote to listen there anyway (behind TLS termination)\n");
}

TEST_F(ServeEndpoint, RefusesAMalformedListenAddress) {
  const auto run = run_s3load({"serve", "--listen", "localhost"},
                              {{"S3LOAD_CONFIG", m_config_path}, {"S3LOAD_SERVE_TOKEN", m_token}});
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_EQ(
      run.err,
      "s3load serve: --listen \"localhost\": missing :PORT; expected ADDR:PORT such as 127.0.0.1:8089 or "
      "[::1]:8089\n");
}

TEST_F(ServeEndpoint, ListensOnIpv6Loopback) {
  auto serve = start({"--listen", "[::1]:0"});
  const auto answer = http_request("GET", "http://[::1]:" + std::to_string(serve->port()) + "/healthz");
  EXPECT_EQ(answer.status, 200) << answer.curl_error;
  EXPECT_EQ(answer.body, "{\"status\":\"ok\"}\n");
  const auto listening = serve->log_lines();
  bool found = false;
  for (const auto& line : listening)
    found |= line.value("message", "") == "listening" &&
             line.value("listen", "") == "[::1]:" + std::to_string(serve->port());
  EXPECT_TRUE(found) << serve->log();
}

TEST_F(ServeEndpoint, HealthzNeedsNoToken) {
  auto serve = start();
  const auto answer = http_request("GET", serve->url("/healthz"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "{\"status\":\"ok\"}\n");
}

TEST_F(ServeEndpoint, PushWithoutOrWithAWrongTokenIsRefusedAndLoadsNothing) {
  auto serve = start();
  const auto record = upload("orders.csv", ORDERS_CSV);
  const std::string event = s3_event({record});
  const std::string wrong = "wrong-" + m_token;

  std::vector<HttpAnswer> answers = {
      http_post(serve->url("/events"), event),
      http_post(serve->url("/events"), event, {"Authorization: Bearer " + wrong}),
      http_post(serve->url("/events?token=" + wrong), event),
      http_post(serve->url("/"), event, {"Authorization: Basic " + m_token}),
      http_post(serve->url("/events"),
                ceph_event(m_bucket, key("orders.csv"), {200, record.version_id, record.etag},
                           static_cast<std::int64_t>(std::string_view(ORDERS_CSV).size()), wrong)),
  };
  for (const auto& answer : answers) {
    EXPECT_EQ(answer.status, 401) << answer.body;
    EXPECT_EQ(answer.json()["error"], "unauthorized") << answer.body;
  }
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.ingestions WHERE key LIKE $1", {m_prefix + "/%"}), 0);
  const auto requests = serve->request_lines();
  ASSERT_EQ(requests.size(), answers.size()) << serve->log();
  for (const auto& line : requests) {
    EXPECT_EQ(line["status"], 401);
    EXPECT_EQ(line["method"], "POST");
  }
  EXPECT_EQ(serve->log().find(wrong), std::string::npos) << "a presented token reached the log";
  EXPECT_EQ(serve->log().find(m_token), std::string::npos) << "the token reached the log";

  // The same event with the token loads: the refusals were about the token only.
  const auto accepted = http_post(serve->url("/events"), event, {bearer()});
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(target_rows(), 3);
}

TEST_F(ServeEndpoint, TokenAsBearerHeaderLoadsAndAnswersTheHandlerResponse) {
  auto serve = start();
  const auto record = upload("vendor upload Q1.csv", ORDERS_CSV);
  const auto answer = http_post(serve->url("/events"), s3_event({record}), {bearer()});
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto json = answer.json();
  EXPECT_EQ(json["loaded"], 1);
  EXPECT_EQ(json["failed"], 0);
  ASSERT_EQ(json["outcomes"].size(), 1u);
  EXPECT_EQ(json["outcomes"][0]["status"], "loaded");
  EXPECT_EQ(json["outcomes"][0]["key"], key("vendor upload Q1.csv"));
  EXPECT_EQ(json["outcomes"][0]["rows_loaded"], 3);
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_rows("loaded"), 1);

  // One JSON line per outcome on stdout, and a request line with the outcome counts (no body, no token).
  const auto out = json_lines_of(serve->out());
  ASSERT_EQ(out.size(), 1u) << serve->out();
  EXPECT_EQ(out[0]["status"], "loaded");
  const auto requests = serve->request_lines();
  ASSERT_EQ(requests.size(), 1u) << serve->log();
  EXPECT_EQ(requests[0]["path"], "/events");
  EXPECT_EQ(requests[0]["status"], 200);
  EXPECT_EQ(requests[0]["outcomes"], nlohmann::json({{"loaded", 1}}));
  EXPECT_TRUE(requests[0]["duration_ms"].is_number());
  EXPECT_TRUE(requests[0]["request_id"].get<std::string>().starts_with("serve-"));
  EXPECT_EQ(serve->log().find(m_token), std::string::npos);
  EXPECT_EQ(serve->log().find("Grace, Admiral"), std::string::npos) << "file content reached the log";

  // A second delivery of the same version is a duplicate, still 200.
  const auto again = http_post(serve->url("/"), s3_event({record}), {bearer()});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["duplicate"], 1);
  EXPECT_EQ(target_rows(), 3);
}

TEST_F(ServeEndpoint, TokenInTheQueryStringLoadsAMinioWebhookEvent) {
  auto serve = start();
  const auto record = upload("a+b c.csv", ORDERS_CSV);
  const std::string event = minio_event({record});
  ASSERT_NE(event.find("a%2Bb+c.csv"), std::string::npos);
  const auto answer = http_post(serve->url("/events?token=" + m_token), event);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json()["outcomes"][0]["key"], key("a+b c.csv"));
  EXPECT_EQ(answer.json()["loaded"], 1);
  EXPECT_EQ(target_rows(), 3);
}

TEST_F(ServeEndpoint, TokenAsOpaqueDataLoadsACephRecord) {
  auto serve = start();
  const auto put = put_object(m_bucket, key("vendor file+plus é.csv"), ORDERS_CSV);
  const auto answer =
      http_post(serve->url("/"),
                ceph_event(m_bucket, key("vendor file+plus é.csv"), put,
                           static_cast<std::int64_t>(std::string_view(ORDERS_CSV).size()), m_token),
                {"Content-Type: application/json"});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json()["outcomes"][0]["key"], key("vendor file+plus é.csv"));
  EXPECT_EQ(answer.json()["loaded"], 1);
  EXPECT_EQ(target_rows(), 3);
}

TEST_F(ServeEndpoint, RejectedFileIsAnswered200SoTheSenderStopsRetrying) {
  auto serve = start();
  const auto record = upload("bad.csv", "order_id,customer\nnot-a-number,x\n");
  const auto answer = http_post(serve->url("/events"), s3_event({record}), {bearer()});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json()["rejected"], 1);
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("rejected"), 1);
}

TEST_F(ServeEndpoint, MalformedBodyWithTheTokenIsAcknowledgedAsRejected) {
  auto serve = start();
  const auto answer = http_post(serve->url("/events"), "{not json", {bearer()});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.json()["rejected"], 1);
}

TEST_F(ServeEndpoint, TransientFailureIsAnswered503SoTheSenderRetries) {
  // S3 refuses connections: the object cannot be read now, which is worth retrying.
  auto serve = start({"--listen", "127.0.0.1:0"}, {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"}});
  const auto record = upload("orders.csv", ORDERS_CSV);
  const auto answer = http_post(serve->url("/events"), s3_event({record}), {bearer()});
  ASSERT_EQ(answer.status, 503) << answer.body;
  const auto json = answer.json();
  EXPECT_EQ(json["failed"], 1);
  EXPECT_EQ(json["errorType"], "S3Load.TransientFailure");
  EXPECT_TRUE(json["errorMessage"].get<std::string>().starts_with("1 of 1 object failed transiently"))
      << answer.body;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("failed"), 1);
  const auto requests = serve->request_lines();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["status"], 503);
  EXPECT_EQ(requests[0]["outcomes"], nlohmann::json({{"failed", 1}}));
}

TEST_F(ServeEndpoint, RequestLargerThanTheLimitIs413AndNotRead) {
  auto serve = start();
  const std::string body(1u << 20, ' ');  // exactly the limit: read, then rejected as an event
  const auto at_limit = http_post(serve->url("/events"), body, {bearer()});
  EXPECT_EQ(at_limit.status, 200) << at_limit.body;
  const auto over = http_post(serve->url("/events"), body + " ", {bearer()});
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_EQ(over.body,
            "{\"error\":\"request_too_large\",\"message\":\"the request body exceeds 1048576 bytes\"}\n");
  // Without a declared length (chunked), the limit holds as the body arrives.
  const auto chunked = http_post(serve->url("/events"), body + " ", {bearer(), "Transfer-Encoding: chunked"});
  EXPECT_EQ(chunked.status, 413) << chunked.body << chunked.curl_error;
}

TEST_F(ServeEndpoint, ASmallerLimitCanBeConfigured) {
  auto serve = start({"--listen", "127.0.0.1:0", "--max-request-bytes", "100"});
  const auto answer = http_post(serve->url("/events"), std::string(101, ' '), {bearer()});
  EXPECT_EQ(answer.status, 413);
  EXPECT_EQ(answer.json()["message"], "the request body exceeds 100 bytes");
}

TEST_F(ServeEndpoint, OnlyTheDocumentedRoutesAnswer) {
  auto serve = start();
  const auto get_events = http_request("GET", serve->url("/events"));
  EXPECT_EQ(get_events.status, 405);
  EXPECT_EQ(get_events.json()["error"], "method_not_allowed");
  const auto post_health = http_post(serve->url("/healthz"), "{}", {bearer()});
  EXPECT_EQ(post_health.status, 405);
  const auto other = http_post(serve->url("/other"), "{}", {bearer()});
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.json()["error"], "not_found");
}

}  // namespace
}  // namespace s3load::testing
