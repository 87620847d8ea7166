// Database credentials from a secret: parsing the extension's answer, merging with the URL, quoting
// for libpq, and when the secret is fetched again.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <nlohmann/json.hpp>

#include "lambda/conninfo.h"
#include "lambda/lambda_settings.h"
#include "lambda/secrets.h"
#include "pg/connection.h"

namespace s3load::lambda {
namespace {

constexpr const char* ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";

std::string extension_answer(const nlohmann::json& secret) {
  return nlohmann::json{{"ARN", ARN}, {"Name", "db"}, {"SecretString", secret.dump()}}.dump();
}

// What libpq itself reads back from a keyword/value string.
std::map<std::string, std::string> libpq_reads(const std::string& conninfo) {
  auto parsed = parse_conninfo(conninfo, "test");
  EXPECT_TRUE(parsed) << conninfo;
  return parsed ? *parsed : std::map<std::string, std::string>{};
}

TEST(LambdaConninfo, ValuesAreQuotedSoLibpqReadsThemBackExactly) {
  EXPECT_EQ(quote_conninfo_value("plain"), "'plain'");
  EXPECT_EQ(quote_conninfo_value(R"(it's a \ test)"), R"('it\'s a \\ test')");
  EXPECT_EQ(quote_conninfo_value(""), "''");
  const ConnSettings settings = {
      {"password", R"(p a'ss\ word= host=evil)"}, {"user", "o'neil"}, {"host", "db"}};
  const std::string text = to_conninfo(settings);
  EXPECT_EQ(text, R"(host='db' password='p a\'ss\\ word= host=evil' user='o\'neil')");
  EXPECT_EQ(libpq_reads(text), settings);
}

TEST(LambdaConninfo, ParsesUrisAndKeywordStringsToWhatTheySet) {
  EXPECT_EQ(libpq_reads("postgresql://loader@db.example.com:6432/sales?sslmode=require"),
            (ConnSettings{{"dbname", "sales"},
                          {"host", "db.example.com"},
                          {"port", "6432"},
                          {"sslmode", "require"},
                          {"user", "loader"}}));
  EXPECT_EQ(libpq_reads("host=db port=5433"), (ConnSettings{{"host", "db"}, {"port", "5433"}}));
  EXPECT_TRUE(libpq_reads("").empty());
}

TEST(LambdaConninfo, AParseErrorNamesTheVariableButNeverRepeatsTheText) {
  const auto parsed = parse_conninfo("host=db password=hunter2 port", "S3LOAD_DATABASE_URL");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "bad_database_url");
  EXPECT_EQ(parsed.error().message.rfind("S3LOAD_DATABASE_URL is not a valid libpq connection string", 0),
            0u);
  EXPECT_EQ(parsed.error().message.find("hunter2"), std::string::npos);
}

TEST(LambdaConninfo, SecretFieldsOverrideTheUrlAndTheUrlFillsTheRest) {
  const ConnSettings url = {{"host", "url-host"}, {"hostaddr", "10.0.0.1"}, {"port", "5432"},
                            {"dbname", "url-db"}, {"user", "url-user"},     {"sslmode", "verify-full"}};
  DatabaseSecret full{.username = "u", .password = "p", .host = "secret-host", .port = "6543", .dbname = "d"};
  EXPECT_EQ(merge_secret(url, full), (ConnSettings{{"dbname", "d"},
                                                   {"host", "secret-host"},
                                                   {"password", "p"},
                                                   {"port", "6543"},
                                                   {"sslmode", "verify-full"},
                                                   {"user", "u"}}));
  DatabaseSecret credentials_only{.username = "u", .password = "p"};
  EXPECT_EQ(merge_secret(url, credentials_only), (ConnSettings{{"dbname", "url-db"},
                                                               {"host", "url-host"},
                                                               {"hostaddr", "10.0.0.1"},
                                                               {"password", "p"},
                                                               {"port", "5432"},
                                                               {"sslmode", "verify-full"},
                                                               {"user", "u"}}));
}

TEST(LambdaSecrets, ParsesTheRdsSecretFormat) {
  const auto secret = parse_secret_response(extension_answer({{"engine", "postgres"},
                                                              {"username", "loader"},
                                                              {"password", "pw"},
                                                              {"host", "db.example.com"},
                                                              {"port", 5432},
                                                              {"dbname", "sales"},
                                                              {"dbInstanceIdentifier", "db-1"}}),
                                            ARN);
  ASSERT_TRUE(secret) << secret.error().message;
  EXPECT_EQ(secret->username, "loader");
  EXPECT_EQ(secret->password, "pw");
  EXPECT_EQ(secret->host, "db.example.com");
  EXPECT_EQ(secret->port, "5432");
  EXPECT_EQ(secret->dbname, "sales");
  const auto minimal = parse_secret_response(extension_answer({{"username", "u"}, {"password", "p"}}), ARN);
  ASSERT_TRUE(minimal);
  EXPECT_FALSE(minimal->host);
  EXPECT_EQ(parse_secret_response(extension_answer({{"port", "6432"}, {"password", "p"}}), ARN)->port,
            "6432");
}

TEST(LambdaSecrets, BadSecretsAreTransientErrorsThatNeverQuoteTheSecret) {
  const std::string prefix = std::string("database secret ") + ARN + ": ";
  const auto not_json = parse_secret_response("<html>password=hunter2</html>", ARN);
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, "db_secret_unavailable");
  EXPECT_TRUE(not_json.error().is_transient());
  EXPECT_EQ(not_json.error().message,
            prefix + "the Parameters and Secrets extension answered something that is not JSON");
  const auto binary = parse_secret_response(R"({"ARN":"x","SecretBinary":"aHVudGVyMg=="})", ARN);
  EXPECT_EQ(binary.error().message,
            prefix + "the secret has no SecretString (binary secrets are not supported)");
  const auto plain = parse_secret_response(R"({"SecretString":"hunter2"})", ARN);
  EXPECT_EQ(plain.error().message,
            prefix + "SecretString is not a JSON object; store {\"username\":…,\"password\":…}");
  const auto no_password = parse_secret_response(extension_answer({{"username", "hunter2"}}), ARN);
  EXPECT_EQ(no_password.error().message, prefix + "SecretString has no \"password\" string");
}

TEST(LambdaSecrets, OnlyNotReadyThrottledAndServerErrorsAreRetried) {
  EXPECT_TRUE(extension_status_is_retryable(400));
  EXPECT_TRUE(extension_status_is_retryable(429));
  EXPECT_TRUE(extension_status_is_retryable(500));
  EXPECT_TRUE(extension_status_is_retryable(503));
  EXPECT_FALSE(extension_status_is_retryable(401));
  EXPECT_FALSE(extension_status_is_retryable(403));
  EXPECT_FALSE(extension_status_is_retryable(404));
}

class ScriptedSecrets : public SecretSource {
 public:
  std::deque<Result<DatabaseSecret>> answers;
  Result<DatabaseSecret> fetch() override {
    auto answer = std::move(answers.front());
    if (answers.size() > 1) answers.pop_front();
    return answer;
  }
};

DatabaseSecret with_password(const std::string& password) {
  return {.username = "loader", .password = password};
}

TEST(LambdaSecrets, TheSecretIsCachedOnceAConnectionWorks) {
  ScriptedSecrets source;
  source.answers.push_back(with_password("one"));
  SecretConninfo conninfo(source, {{"host", "db"}});
  conninfo.begin_invocation();
  EXPECT_EQ(conninfo.conninfo(), "host='db' password='one' user='loader'");
  conninfo.confirm();
  for (int invocation = 0; invocation < 3; ++invocation) {
    conninfo.begin_invocation();
    EXPECT_EQ(conninfo.conninfo(), "host='db' password='one' user='loader'");  // a reconnect
    conninfo.confirm();
  }
  EXPECT_EQ(conninfo.fetches(), 1);
}

TEST(LambdaSecrets, AnUnconfirmedSecretIsFetchedAgainOncePerInvocation) {
  ScriptedSecrets source;
  source.answers.push_back(with_password("old"));
  source.answers.push_back(with_password("rotated"));
  SecretConninfo conninfo(source, {});
  // Invocation 1: the first fetch; its connections fail, and the retries use the same secret.
  conninfo.begin_invocation();
  EXPECT_EQ(conninfo.conninfo(), "password='old' user='loader'");
  EXPECT_EQ(conninfo.conninfo(), "password='old' user='loader'");
  EXPECT_EQ(conninfo.fetches(), 1);
  // Invocation 2: still unconfirmed, so fetched again once.
  conninfo.begin_invocation();
  EXPECT_EQ(conninfo.conninfo(), "password='rotated' user='loader'");
  EXPECT_EQ(conninfo.conninfo(), "password='rotated' user='loader'");
  EXPECT_EQ(conninfo.fetches(), 2);
}

TEST(LambdaSecrets, AReconnectAfterAWorkingConnectionFailsThenFetchesAgain) {
  ScriptedSecrets source;
  source.answers.push_back(with_password("old"));
  source.answers.push_back(with_password("rotated"));
  SecretConninfo conninfo(source, {});
  conninfo.begin_invocation();
  conninfo.conninfo();
  conninfo.confirm();
  // Later the connection breaks: the reconnect tries the cache, fails, and the retry fetches anew.
  conninfo.begin_invocation();
  EXPECT_EQ(conninfo.conninfo(), "password='old' user='loader'");
  EXPECT_EQ(conninfo.conninfo(), "password='rotated' user='loader'");
  EXPECT_EQ(conninfo.fetches(), 2);
}

TEST(LambdaSecrets, AnUnavailableSecretIsATransientDatabaseError) {
  ScriptedSecrets source;
  source.answers.push_back(transient_error("db_secret_unavailable", "database secret x: not reachable"));
  SecretConninfo conninfo(source, {});
  conninfo.begin_invocation();
  try {
    conninfo.conninfo();
    FAIL() << "no error";
  } catch (const pg::DatabaseError& error) {
    EXPECT_TRUE(error.error().is_transient());
    EXPECT_EQ(error.error().code, "db_secret_unavailable");
  }
}

LambdaSettings settings_from(const std::map<std::string, std::string>& variables) {
  auto settings =
      lambda_settings_from_environment([&](const std::string& name) -> std::optional<std::string> {
        const auto found = variables.find(name);
        if (found == variables.end()) return std::nullopt;
        return found->second;
      });
  EXPECT_TRUE(settings) << settings.error().message;
  return settings ? *settings : LambdaSettings{};
}

std::string settings_error(const std::map<std::string, std::string>& variables) {
  auto settings =
      lambda_settings_from_environment([&](const std::string& name) -> std::optional<std::string> {
        const auto found = variables.find(name);
        if (found == variables.end()) return std::nullopt;
        return found->second;
      });
  EXPECT_FALSE(settings);
  return settings ? "" : settings.error().message;
}

TEST(LambdaSettings, ReadsTheRuntimeApiMarginDatabaseAndSecret) {
  const auto plain =
      settings_from({{"AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"}, {"DATABASE_URL", "postgresql://u@db/x"}});
  EXPECT_EQ(plain.runtime_api, "127.0.0.1:9001");
  EXPECT_FALSE(plain.deadline_margin);
  EXPECT_EQ(plain.database_url, "postgresql://u@db/x");
  EXPECT_EQ(plain.database_settings.at("host"), "db");
  EXPECT_FALSE(plain.secret);

  const auto with_secret = settings_from({{"AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"},
                                          {"S3LOAD_DEADLINE_MARGIN_MS", "2500"},
                                          {"S3LOAD_DB_SECRET_ARN", ARN},
                                          {"AWS_SESSION_TOKEN", "token"},
                                          {"PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "2999"}});
  EXPECT_EQ(with_secret.deadline_margin, std::chrono::milliseconds(2500));
  ASSERT_TRUE(with_secret.secret);
  EXPECT_EQ(with_secret.secret->secret_id, ARN);
  EXPECT_EQ(with_secret.secret->port, 2999);
  EXPECT_EQ(with_secret.secret->session_token, "token");
  EXPECT_EQ(
      settings_from(
          {{"AWS_LAMBDA_RUNTIME_API", "a:1"}, {"S3LOAD_DB_SECRET_ARN", ARN}, {"AWS_SESSION_TOKEN", "t"}})
          .secret->port,
      2773);
}

TEST(LambdaSettings, MistakesAreNamed) {
  EXPECT_EQ(settings_error({}).rfind("AWS_LAMBDA_RUNTIME_API is not set", 0), 0u);
  EXPECT_EQ(settings_error({{"AWS_LAMBDA_RUNTIME_API", "a:1"}, {"S3LOAD_DEADLINE_MARGIN_MS", "-5"}}),
            "S3LOAD_DEADLINE_MARGIN_MS must be a whole number of milliseconds (0 or more), not \"-5\"");
  EXPECT_EQ(settings_error({{"AWS_LAMBDA_RUNTIME_API", "a:1"}, {"S3LOAD_DB_SECRET_ARN", ARN}}),
            "S3LOAD_DB_SECRET_ARN is set but AWS_SESSION_TOKEN is not: the Parameters and Secrets extension "
            "authenticates requests with it");
  EXPECT_EQ(settings_error({{"AWS_LAMBDA_RUNTIME_API", "a:1"},
                            {"S3LOAD_DB_SECRET_ARN", ARN},
                            {"AWS_SESSION_TOKEN", "t"},
                            {"PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "70000"}}),
            "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must be a port number, not \"70000\"");
  EXPECT_EQ(settings_error({{"AWS_LAMBDA_RUNTIME_API", "a:1"}, {"DATABASE_URL", "postgresql://["}})
                .rfind("DATABASE_URL is not a valid libpq connection string or URI", 0),
            0u);
}

}  // namespace
}  // namespace s3load::lambda
