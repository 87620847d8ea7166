// `s3load lambda` against the fake Runtime API, real PostgreSQL and Ceph RGW, exactly as Lambda runs
// it: outcomes become /response or /error, SQS batches always respond with batchItemFailures, the JSON
// log and the EMF metrics carry the request id and the outcome, and bad settings are init errors.
#include <gtest/gtest.h>

#include "../lambda/lambda_test.h"

namespace s3load::testing {
namespace {

constexpr const char* ERROR_TYPE_HEADER = "lambda-runtime-function-error-type";

// The EMF documents among stdout's lines.
std::vector<nlohmann::json> emf_documents(const std::string& out) {
  std::vector<nlohmann::json> documents;
  for (auto& line : json_objects(out)) {
    if (line.contains("_aws")) documents.push_back(std::move(line));
  }
  return documents;
}

class LambdaRuntime : public LambdaTest {
 protected:
  void SetUp() override {
    LambdaTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }
};

TEST_F(LambdaRuntime, AnEventLoadsAndTheResponseLogAndMetricsSayWhat) {
  const auto record = upload("orders.csv", ORDERS_CSV);
  start_runtime();
  const QueuedInvocation invocation{.payload = s3_event({record})};
  const std::string id = m_api.enqueue(invocation);
  const auto answer = m_api.wait_answer(id);
  ASSERT_TRUE(answer) << m_runtime->all();
  EXPECT_EQ(answer->kind, "response") << answer->body;
  const auto response = nlohmann::json::parse(answer->body);
  EXPECT_EQ(response["loaded"], 1);
  EXPECT_EQ(response["failed"], 0);
  ASSERT_EQ(response["outcomes"].size(), 1u) << answer->body;
  EXPECT_EQ(response["outcomes"][0]["status"], "loaded");
  EXPECT_EQ(response["outcomes"][0]["key"], key("orders.csv"));
  EXPECT_EQ(response["outcomes"][0]["rows_loaded"], 3);
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_rows("loaded"), 1);
  EXPECT_EQ(m_db.text("SELECT request_id FROM s3load.ingestions WHERE key = $1", {key("orders.csv")}), id);

  // One log line per invocation and one per object, both with the Lambda request id.
  const auto finished = wait_for_invocation_log(id);
  EXPECT_EQ(finished["level"], "info");
  EXPECT_EQ(finished["items"], 1);
  EXPECT_EQ(finished["outcomes"]["loaded"], 1);
  EXPECT_EQ(finished["outcomes"]["failed"], 0);
  EXPECT_EQ(finished["result"], "response");
  EXPECT_EQ(finished["trace_id"], invocation.trace_id);
  EXPECT_EQ(finished["db_connection_reused"], false);
  EXPECT_TRUE(finished["duration_ms"].is_number());
  const auto objects = log_lines(m_runtime->err(), "object loaded");
  ASSERT_EQ(objects.size(), 1u) << m_runtime->err();
  EXPECT_EQ(objects[0]["request_id"], id);
  EXPECT_EQ(objects[0]["status"], "loaded");
  EXPECT_EQ(objects[0]["bucket"], m_bucket);
  EXPECT_EQ(objects[0]["key"], key("orders.csv"));
  EXPECT_EQ(objects[0]["version_id"], record.version_id);
  EXPECT_EQ(objects[0]["feed"], m_prefix);
  EXPECT_EQ(objects[0]["rows_loaded"], 3);
  EXPECT_EQ(objects[0]["bytes_read"], std::string(ORDERS_CSV).size());

  // stdout holds the EMF documents and nothing else.
  const auto documents = emf_documents(m_runtime->out());
  ASSERT_EQ(documents.size(), 1u) << m_runtime->out();
  EXPECT_EQ(json_objects(m_runtime->out()).size(), 1u) << m_runtime->out();
  const auto& emf = documents[0];
  ASSERT_EQ(emf["_aws"]["CloudWatchMetrics"].size(), 1u);
  const auto& directive = emf["_aws"]["CloudWatchMetrics"][0];
  EXPECT_EQ(directive["Namespace"], "s3load");
  EXPECT_EQ(directive["Dimensions"], nlohmann::json::parse(R"([["Feed"]])"));
  EXPECT_TRUE(emf["_aws"]["Timestamp"].is_number_integer());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"FilesLoaded", "Count"}, {"FilesRejected", "Count"},        {"FilesDuplicate", "Count"},
      {"FilesFailed", "Count"}, {"RowsLoaded", "Count"},           {"RowsRejected", "Count"},
      {"BytesRead", "Bytes"},   {"LoadDurationMs", "Milliseconds"}};
  ASSERT_EQ(directive["Metrics"].size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(directive["Metrics"][i]["Name"], expected[i].first);
    EXPECT_EQ(directive["Metrics"][i]["Unit"], expected[i].second);
    EXPECT_TRUE(emf[expected[i].first].is_number()) << expected[i].first;
  }
  EXPECT_EQ(emf["Feed"], m_prefix);
  EXPECT_EQ(emf["FilesLoaded"], 1);
  EXPECT_EQ(emf["FilesRejected"], 0);
  EXPECT_EQ(emf["RowsLoaded"], 3);
  EXPECT_EQ(emf["BytesRead"], std::string(ORDERS_CSV).size());

  // The next invocation reuses the connection; the same object again is a duplicate.
  const std::string again = m_api.enqueue(s3_event({record}));
  const auto second = m_api.wait_answer(again);
  ASSERT_TRUE(second) << m_runtime->all();
  EXPECT_EQ(nlohmann::json::parse(second->body)["duplicate"], 1) << second->body;
  EXPECT_EQ(wait_for_invocation_log(again)["db_connection_reused"], true);
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(emf_documents(m_runtime->out()).back()["FilesDuplicate"], 1);
}

TEST_F(LambdaRuntime, ABadFileIsReportedInTheResponseNotRaised) {
  const auto record = upload("bad.csv",
                             "order_id,customer,amount\n"
                             "1,Ada,10.50\n"
                             "2,Grace,ten\n");
  start_runtime();
  const auto answer = invoke_lambda(s3_event({record}));
  EXPECT_EQ(answer.kind, "response") << answer.body;
  const auto response = nlohmann::json::parse(answer.body);
  EXPECT_EQ(response["rejected"], 1);
  EXPECT_EQ(response["outcomes"][0]["status"], "rejected");
  EXPECT_EQ(response["outcomes"][0]["error_class"], "permanent");
  EXPECT_EQ(response["outcomes"][0]["line"], 3);
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("rejected"), 1);
  const auto finished = wait_for_invocation_log(answer.request_id);
  EXPECT_EQ(finished["outcomes"]["rejected"], 1);
  const auto documents = emf_documents(m_runtime->out());
  ASSERT_EQ(documents.size(), 1u) << m_runtime->out();
  EXPECT_EQ(documents[0]["FilesRejected"], 1);
  EXPECT_EQ(documents[0]["Feed"], m_prefix);
}

TEST_F(LambdaRuntime, ATransientFaultIsPostedToErrorSoLambdaRetries) {
  const auto record = upload("later.csv", ORDERS_CSV);
  start_runtime({{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"}});
  const auto answer = invoke_lambda(s3_event({record}));
  ASSERT_EQ(answer.kind, "error") << answer.body;
  EXPECT_EQ(answer.headers.at(ERROR_TYPE_HEADER), "S3Load.TransientFailure");
  const auto document = nlohmann::json::parse(answer.body);
  EXPECT_EQ(document["errorType"], "S3Load.TransientFailure");
  EXPECT_EQ(document["stackTrace"], nlohmann::json::array());
  const std::string message = document["errorMessage"];
  EXPECT_EQ(message.rfind("1 of 1 object failed transiently and will be retried: ", 0), 0u) << message;
  EXPECT_NE(message.find("later.csv"), std::string::npos) << message;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("failed"), 1);
  const auto finished = wait_for_invocation_log(answer.request_id);
  EXPECT_EQ(finished["result"], "error");
  EXPECT_EQ(finished["outcomes"]["failed"], 1);
  const auto failed = log_lines(m_runtime->err(), "object failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["request_id"], answer.request_id);
  EXPECT_EQ(failed[0]["error_code"], "s3_unreachable");
  EXPECT_EQ(emf_documents(m_runtime->out()).at(0)["FilesFailed"], 1);
}

TEST_F(LambdaRuntime, SqsBatchesAlwaysRespondWithTheFailedMessages) {
  const auto good = upload("good.csv", ORDERS_CSV);
  const auto bad = upload("bad.csv", "order_id,customer\nx,y\n");
  start_runtime();
  const auto mixed = invoke_lambda(sqs_event({s3_event({good}), s3_event({bad})}));
  EXPECT_EQ(mixed.kind, "response");
  EXPECT_EQ(nlohmann::json::parse(mixed.body), nlohmann::json::parse(R"({"batchItemFailures":[]})"));
  EXPECT_EQ(target_rows(), 3);
  m_runtime->stop();

  const auto later_one = upload("later1.csv", ORDERS_CSV);
  const auto later_two = upload("later2.csv", ORDERS_CSV);
  start_runtime({{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"}});
  const auto down = invoke_lambda(sqs_event({s3_event({later_one}), s3_event({later_two})}));
  EXPECT_EQ(down.kind, "response");
  EXPECT_EQ(nlohmann::json::parse(down.body),
            nlohmann::json::parse(
                R"({"batchItemFailures":[{"itemIdentifier":"msg-1"},{"itemIdentifier":"msg-2"}]})"));
  EXPECT_EQ(ledger_rows("failed"), 2);
}

TEST_F(LambdaRuntime, StartsWithoutArgumentsAsBootstrapDoes) {
  const auto record = upload("orders.csv", ORDERS_CSV);
  start_runtime({}, {s3load_binary()});
  const auto answer = invoke_lambda(s3_event({record}));
  EXPECT_EQ(answer.kind, "response") << answer.body;
  EXPECT_EQ(nlohmann::json::parse(answer.body)["loaded"], 1);
}

TEST_F(LambdaRuntime, ATestEventIsANoOpSuccess) {
  start_runtime();
  const auto answer =
      invoke_lambda(R"({"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-27T10:00:00.000Z",)"
                    R"("Bucket":"example-bucket","RequestId":"R","HostId":"H"})");
  EXPECT_EQ(answer.kind, "response");
  const auto response = nlohmann::json::parse(answer.body);
  EXPECT_EQ(response["ignored"], 1);
  EXPECT_EQ(response["failed"], 0);
  wait_for_invocation_log(answer.request_id);
  EXPECT_TRUE(emf_documents(m_runtime->out()).empty());
}

TEST_F(LambdaRuntime, ATooLargeResponseFallsBackToAnErrorAndTheLoopGoesOn) {
  const auto record = upload("orders.csv", ORDERS_CSV);
  start_runtime();
  m_api.set_response_status(413);
  const auto refused = invoke_lambda(s3_event({record}));
  ASSERT_EQ(refused.kind, "error") << refused.body;
  EXPECT_EQ(refused.headers.at(ERROR_TYPE_HEADER), "S3Load.ResponseTooLarge");
  EXPECT_EQ(target_rows(), 3);  // loaded before the answer was refused

  m_api.set_response_status(202);
  const auto next = invoke_lambda(s3_event({record}));
  EXPECT_EQ(next.kind, "response");
  EXPECT_EQ(nlohmann::json::parse(next.body)["duplicate"], 1);
}

TEST_F(LambdaRuntime, A500OnResponseMakesTheRuntimeExit) {
  start_runtime();
  m_api.set_response_status(500);
  m_api.enqueue(s3_event({upload("orders.csv", ORDERS_CSV)}));
  const auto code = m_runtime->wait_exit(std::chrono::seconds(60));
  ASSERT_TRUE(code) << m_runtime->all();
  EXPECT_EQ(*code, 1);
  EXPECT_EQ(log_lines(m_runtime->err(), "the Runtime API asks the runtime to exit").size(), 1u)
      << m_runtime->err();
}

class LambdaInit : public LambdaTest {
 protected:
  void SetUp() override {
    LambdaTest::SetUp();
    write_config();
  }

  // Starts the runtime, expects an init error and exit 1 before any GET /next; returns the message.
  std::string expect_init_error(const std::map<std::string, std::string>& overrides) {
    start_runtime(overrides);
    const auto error = m_api.wait_init_error();
    EXPECT_TRUE(error) << m_runtime->all();
    if (!error) return "";
    EXPECT_EQ(error->headers.at(ERROR_TYPE_HEADER), "S3Load.InitError");
    const auto document = nlohmann::json::parse(error->body);
    EXPECT_EQ(document["errorType"], "S3Load.InitError");
    EXPECT_EQ(document["stackTrace"], nlohmann::json::array());
    EXPECT_EQ(m_runtime->wait_exit(std::chrono::seconds(30)), 1) << m_runtime->all();
    EXPECT_EQ(m_api.next_calls(), 0);
    const auto logged = log_lines(m_runtime->err(), "initialisation failed");
    EXPECT_EQ(logged.size(), 1u) << m_runtime->err();
    if (!logged.empty()) {
      EXPECT_EQ(logged[0]["error_message"], document["errorMessage"]);
    }
    return document["errorMessage"];
  }
};

TEST_F(LambdaInit, AnUnknownConfigKeyIsAnInitErrorNamingFileLineAndKey) {
  write_config("colour = \"blue\"");
  EXPECT_EQ(expect_init_error({}), m_config_path + ":5: unknown key \"colour\" in [[feed]]");
}

TEST_F(LambdaInit, AMissingConfigFileIsAnInitError) {
  const std::string message =
      expect_init_error({{"S3LOAD_CONFIG", temp_dir() + "/" + m_prefix + "-none.toml"}});
  EXPECT_NE(message.find(m_prefix + "-none.toml"), std::string::npos) << message;
}

TEST_F(LambdaInit, MissingAwsCredentialsAreAnInitError) {
  const std::string message = expect_init_error({{"AWS_ACCESS_KEY_ID", ""}});
  EXPECT_NE(message.find("AWS_ACCESS_KEY_ID"), std::string::npos) << message;
}

TEST_F(LambdaInit, ABadDeadlineMarginIsAnInitError) {
  EXPECT_EQ(expect_init_error({{"S3LOAD_DEADLINE_MARGIN_MS", "soon"}}),
            "S3LOAD_DEADLINE_MARGIN_MS must be a whole number of milliseconds (0 or more), not \"soon\"");
}

TEST_F(LambdaInit, ABadDatabaseUrlIsAnInitErrorThatNeverRepeatsIt) {
  const std::string password = "hunter2-" + m_prefix;
  const std::string message =
      expect_init_error({{"S3LOAD_DATABASE_URL", "host=127.0.0.1 password=" + password + " port"}});
  EXPECT_EQ(message.rfind("S3LOAD_DATABASE_URL is not a valid libpq connection string or URI", 0), 0u)
      << message;
  EXPECT_EQ(m_runtime->all().find(password), std::string::npos) << m_runtime->all();
  for (const auto& answer : m_api.answers())
    EXPECT_EQ(answer.body.find(password), std::string::npos) << answer.body;
}

}  // namespace
}  // namespace s3load::testing
