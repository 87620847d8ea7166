// Database credentials from Secrets Manager through the (fake) Parameters and Secrets extension: the
// merge with S3LOAD_DATABASE_URL, the cold-start retry, rotation, and that the password never appears in
// any output of the runtime nor in anything it posts.
#include <gtest/gtest.h>

#include "../lambda/fake_secrets_extension.h"
#include "../lambda/lambda_test.h"

namespace s3load::testing {
namespace {

constexpr const char* SESSION_TOKEN = "test-session-token";

class LambdaSecrets : public LambdaTest {
 protected:
  void SetUp() override {
    LambdaTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    m_password = environment("PGPASSWORD");  // the stack's real password, served only by the secret
    m_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + m_prefix + "/db-AbCdEf";
  }

  // The runtime with credentials only in the secret: no password in the URL, no PG* variables.
  void start_with_secret(FakeSecretsExtension& extension, const std::string& database_url) {
    start_runtime({{"S3LOAD_DB_SECRET_ARN", m_arn},
                   {"AWS_SESSION_TOKEN", SESSION_TOKEN},
                   {"PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", std::to_string(extension.port())},
                   {"S3LOAD_DATABASE_URL", database_url},
                   {"PGPASSWORD", ""},
                   {"PGUSER", ""},
                   {"PGHOST", ""},
                   {"PGPORT", ""},
                   {"PGDATABASE", ""}});
  }

  nlohmann::json rds_secret(const std::string& password) const {
    return {{"engine", "postgres"},
            {"username", environment("PGUSER")},
            {"password", password},
            {"host", "127.0.0.1"},
            {"port", std::stoi(environment("PGPORT"))},
            {"dbname", environment("PGDATABASE")},
            {"dbInstanceIdentifier", "s3load-db"}};
  }

  // Every byte the runtime wrote and posted.
  std::string everything() const {
    std::string text = m_runtime->all();
    for (const auto& answer : m_api.answers())
      text += "\n" + answer.body;
    return text;
  }

  std::string m_password;
  std::string m_arn;
};

TEST_F(LambdaSecrets, AFullRdsSecretOverridesTheUrlAndThePasswordIsNeverWritten) {
  FakeSecretsExtension extension(m_arn, SESSION_TOKEN, rds_secret(m_password));
  // Every field of this URL is wrong: the secret's host, port, database and user win.
  start_with_secret(extension, "postgresql://nobody@127.0.0.1:9/nowhere");
  const auto first = invoke_lambda(s3_event({upload("one.csv", ORDERS_CSV)}));
  EXPECT_EQ(first.kind, "response") << first.body << m_runtime->all();
  const auto second = invoke_lambda(s3_event({upload("two.csv", "order_id,customer\n4,Barbara\n")}));
  EXPECT_EQ(second.kind, "response") << second.body;
  EXPECT_EQ(ledger_rows("loaded"), 2);
  EXPECT_EQ(target_rows(), 4);
  EXPECT_EQ(extension.served(), 1);  // cached for the life of the process
  wait_for_invocation_log(second.request_id);
  EXPECT_EQ(everything().find(m_password), std::string::npos) << everything();
}

TEST_F(LambdaSecrets, ACredentialsOnlySecretTakesHostPortAndDatabaseFromTheUrl) {
  FakeSecretsExtension extension(m_arn, SESSION_TOKEN,
                                 {{"username", environment("PGUSER")}, {"password", m_password}});
  start_with_secret(extension,
                    "postgresql://127.0.0.1:" + environment("PGPORT") + "/" + environment("PGDATABASE"));
  const auto answer = invoke_lambda(s3_event({upload("orders.csv", ORDERS_CSV)}));
  EXPECT_EQ(answer.kind, "response") << answer.body << m_runtime->all();
  EXPECT_EQ(target_rows(), 3);
  wait_for_invocation_log(answer.request_id);
  EXPECT_EQ(everything().find(m_password), std::string::npos) << everything();
}

TEST_F(LambdaSecrets, TheExtensionIsAskedAgainUntilItIsReady) {
  FakeSecretsExtension extension(m_arn, SESSION_TOKEN, rds_secret(m_password));
  extension.set_not_ready(3);
  start_with_secret(extension, "");
  const auto answer = invoke_lambda(s3_event({upload("orders.csv", ORDERS_CSV)}));
  EXPECT_EQ(answer.kind, "response") << answer.body << m_runtime->all();
  EXPECT_EQ(extension.requests(), 4);
  EXPECT_EQ(extension.served(), 1);
}

TEST_F(LambdaSecrets, ARotatedPasswordIsFetchedAgainAndNeitherPasswordIsWritten) {
  const std::string stale = "stale-" + m_prefix;
  FakeSecretsExtension extension(m_arn, SESSION_TOKEN, rds_secret(stale));
  start_with_secret(extension, "");
  const auto record = upload("orders.csv", ORDERS_CSV);
  const auto refused = invoke_lambda(s3_event({record}));
  ASSERT_EQ(refused.kind, "error") << refused.body;  // authentication failed: transient, retried
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(extension.served(), 1);

  extension.set_secret(rds_secret(m_password));
  const auto retried = invoke_lambda(s3_event({record}));
  EXPECT_EQ(retried.kind, "response") << retried.body << m_runtime->all();
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(extension.served(), 2);
  wait_for_invocation_log(retried.request_id);
  EXPECT_EQ(everything().find(m_password), std::string::npos) << everything();
  EXPECT_EQ(everything().find(stale), std::string::npos) << everything();
}

TEST_F(LambdaSecrets, AWrongTokenIsATransientErrorNamingTheSecret) {
  FakeSecretsExtension extension(m_arn, "another-token", rds_secret(m_password));
  start_with_secret(extension, "");
  const auto answer = invoke_lambda(s3_event({upload("orders.csv", ORDERS_CSV)}));
  ASSERT_EQ(answer.kind, "error") << answer.body;
  const std::string message = nlohmann::json::parse(answer.body)["errorMessage"];
  EXPECT_NE(
      message.find("database secret " + m_arn + ": the Parameters and Secrets extension answered HTTP 401"),
      std::string::npos)
      << message;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(everything().find(m_password), std::string::npos) << everything();
}

TEST_F(LambdaSecrets, ASecretWithoutASessionTokenIsAnInitError) {
  start_runtime({{"S3LOAD_DB_SECRET_ARN", m_arn}, {"AWS_SESSION_TOKEN", ""}});
  const auto error = m_api.wait_init_error();
  ASSERT_TRUE(error) << m_runtime->all();
  EXPECT_EQ(nlohmann::json::parse(error->body)["errorMessage"],
            "S3LOAD_DB_SECRET_ARN is set but AWS_SESSION_TOKEN is not: the Parameters and Secrets extension "
            "authenticates requests with it");
  EXPECT_EQ(m_runtime->wait_exit(std::chrono::seconds(30)), 1);
}

}  // namespace
}  // namespace s3load::testing
