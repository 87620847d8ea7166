// Operator faults are not vendor faults: S3 refusing the credentials (wrong secret, unknown key, a user
// without access), an expired session token or a skewed clock make the load `failed` (transient) with
// codes access_denied / expired_credentials / clock_skew, never `rejected`: the CLI exits 1, the Lambda
// handler raises, serve answers 503, so the event comes back once the operator has fixed the cause. The
// real gateway produces the refusals; a fault proxy in front of it answers the ones it cannot (canned
// ExpiredToken and RequestTimeTooSkewed documents).
#include <cstdlib>

#include "reliability_support.h"
#include "s3/s3_client.h"
#include "serve_test_support.h"
#include "support/fault_proxy.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

// A second gateway user that owns nothing: the test bucket's ACL does not let it read.
struct Stranger {
  std::string access_key = "S3LOADSTRANGERKEY000";
  std::string secret_key = "s3load-stranger-secret-0000000000000000";
};

const Stranger& stranger() {
  static const Stranger user = [] {
    Stranger created;
    const std::string conf = environment("S3LOAD_STACK_DIR") + "/ceph/ceph.conf";
    const std::string admin = "radosgw-admin -c '" + conf + "' ";
    const std::string command =
        admin + "user info --uid s3load-stranger >/dev/null 2>&1 || " + admin +
        "user create --uid s3load-stranger --display-name s3load-stranger --access-key " +
        created.access_key + " --secret " + created.secret_key + " >/dev/null";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("could not create the RGW user: " + command);
    return created;
  }();
  return user;
}

std::size_t requests_seen(const FaultProxy& proxy) {
  std::size_t requests = 0;
  for (const auto& record : proxy.records())
    requests += record.request_heads.size();
  return requests;
}

class OperatorFaults : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    const auto s3 = host_port_of(environment("AWS_ENDPOINT_URL_S3"));
    m_proxy = std::make_unique<FaultProxy>(s3.host, s3.port, Protocol::http);
  }

  std::string url_of(const EventRecord& record) const { return "s3://" + record.bucket + "/" + record.key; }

  // What every operator fault must look like, from the outcome line to the ledger.
  void expect_failed(const RunResult& run, const EventRecord& record, const std::string& code,
                     const std::string& s3_code) {
    EXPECT_EQ(run.exit_code, 1) << run.all();
    const auto outcome = first_outcome(run);
    EXPECT_EQ(outcome["status"], "failed") << run.all();
    EXPECT_EQ(outcome["error_class"], "transient");
    EXPECT_EQ(outcome["error_code"], code);
    const std::string message = outcome.value("error_message", "");
    EXPECT_NE(message.find(url_of(record)), std::string::npos) << message;
    EXPECT_NE(message.find(s3_code), std::string::npos) << message;
    EXPECT_EQ(target_rows(), 0);
    EXPECT_EQ(ledger_rows("rejected"), 0);
    EXPECT_EQ(ledger_rows("failed"), 1);
    const auto ledger =
        m_db.exec("SELECT error_class, error_code FROM s3load.ingestions WHERE key = $1", {record.key});
    ASSERT_EQ(ledger.rows(), 1);
    EXPECT_EQ(ledger.text(0, 0), "transient");
    EXPECT_EQ(ledger.text(0, 1), code);
  }

  std::map<std::string, std::string> via_proxy(std::map<std::string, std::string> env = {}) const {
    env["AWS_ENDPOINT_URL_S3"] = m_proxy->url();
    return env;
  }

  std::unique_ptr<FaultProxy> m_proxy;
};

TEST_F(OperatorFaults, WrongSecretKeyFailsTheIngestWithoutRetryingInProcess) {
  const auto record = upload("wrong_secret.csv", ORDERS_CSV);
  const auto run = ingest({url_of(record)}, via_proxy({{"AWS_SECRET_ACCESS_KEY", "not-the-secret"}}));
  expect_failed(run, record, "access_denied", "SignatureDoesNotMatch");
  // Backoff cannot fix a signature: one request, then the failure (the environment had nothing newer).
  EXPECT_EQ(requests_seen(*m_proxy), 1u);
}

TEST_F(OperatorFaults, UnknownAccessKeyRaisesInTheHandlerAndTheFixedRetryLoadsOnce) {
  const auto record = upload("unknown_key.csv", ORDERS_CSV);
  const std::string event = s3_event({record});
  const auto run = invoke(event, {{"AWS_ACCESS_KEY_ID", "AKIANOSUCHKEY0000000"}});
  expect_failed(run, record, "access_denied", "InvalidAccessKeyId");
  EXPECT_NE(run.err.find("InvalidAccessKeyId"), std::string::npos) << run.all();

  const auto fixed = invoke(event);  // Lambda's retry, after the operator fixed the key
  ASSERT_EQ(fixed.exit_code, 0) << fixed.all();
  EXPECT_EQ(first_outcome(fixed)["status"], "loaded") << fixed.all();
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_row(m_db, record.bucket, record.key).attempts, 2);
}

TEST_F(OperatorFaults, AUserWithoutAccessToTheBucketIsAccessDenied) {
  const auto record = upload("stranger.csv", ORDERS_CSV);
  const auto run = ingest({url_of(record)}, {{"AWS_ACCESS_KEY_ID", stranger().access_key},
                                             {"AWS_SECRET_ACCESS_KEY", stranger().secret_key}});
  expect_failed(run, record, "access_denied", "AccessDenied");
}

TEST_F(OperatorFaults, ExpiredSessionTokenIsExpiredCredentials) {
  const auto record = upload("expired.csv", ORDERS_CSV);
  m_proxy->script({Fault{
      .kind = FaultKind::answer,
      .answer = s3_error_answer(400, "Bad Request", "ExpiredToken", "The provided token has expired.")}});
  const auto run = ingest({url_of(record)}, via_proxy({{"AWS_SESSION_TOKEN", "an-expired-session-token"}}));
  expect_failed(run, record, "expired_credentials", "ExpiredToken");
  EXPECT_NE(first_outcome(run).value("error_message", "").find("AWS_SESSION_TOKEN"), std::string::npos);
  EXPECT_EQ(m_proxy->connections(), 1u);
}

TEST_F(OperatorFaults, SkewedClockIsClockSkewInTheHandler) {
  const auto record = upload("skewed.csv", ORDERS_CSV);
  m_proxy->script({Fault{.kind = FaultKind::answer,
                         .answer = s3_error_answer(
                             403, "Forbidden", "RequestTimeTooSkewed",
                             "The difference between the request time and the current time is too large.")}});
  const auto run = invoke(s3_event({record}), via_proxy());
  expect_failed(run, record, "clock_skew", "RequestTimeTooSkewed");
  EXPECT_EQ(m_proxy->connections(), 1u);
}

TEST_F(OperatorFaults, ServeAnswers503SoTheGatewayRetriesUntilTheOperatorFixesIt) {
  const std::string token = new_token();
  auto serve = std::make_unique<ServeProcess>(
      std::vector<std::string>{"--listen", "127.0.0.1:0"},
      std::map<std::string, std::string>{{"S3LOAD_CONFIG", m_config_path},
                                         {"S3LOAD_SERVE_TOKEN", token},
                                         {"AWS_SECRET_ACCESS_KEY", "not-the-secret"}});
  const auto record = upload("serve.csv", ORDERS_CSV);
  const auto answer =
      http_post(serve->url("/events"), s3_event({record}), {"Authorization: Bearer " + token});
  ASSERT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.json()["failed"], 1) << answer.body;
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_rows("rejected"), 0);
  EXPECT_EQ(ledger_row(m_db, record.bucket, record.key).error_code, "access_denied");
}

// In process: a client whose credentials were rotated in its environment after it started.
std::string read_all(S3Client& client, const EventRecord& record) {
  ObjectRef object{.bucket = record.bucket, .key = record.key, .version_id = record.version_id};
  auto source = client.open(object, nullptr);
  std::string body;
  char buffer[4096];
  while (const std::size_t n = source->read(buffer, sizeof buffer))
    body.append(buffer, n);
  return body;
}

TEST_F(OperatorFaults, RotatedCredentialsAreReReadAndTheRequestSentOnceMore) {
  const auto record = upload("rotated.csv", ORDERS_CSV);
  auto settings = s3_settings_from_environment().value();
  settings.endpoint = m_proxy->url();
  settings.secret_access_key = "the-secret-before-rotation";
  int lookups = 0;
  S3Client client(settings, [&](const std::string& name) {
    ++lookups;
    return process_environment(name);  // holds the current secret
  });
  EXPECT_EQ(read_all(client, record), ORDERS_CSV);
  EXPECT_EQ(requests_seen(*m_proxy), 2u);  // refused, then signed with the re-read credentials
  EXPECT_GT(lookups, 0);

  // Nothing new in the environment: the refusal is the answer, after one request.
  auto stale = settings;
  stale.access_key_id = "AKIANOSUCHKEY0000000";
  S3Client stuck(stale, [&](const std::string& name) -> std::optional<std::string> {
    if (name == "AWS_ACCESS_KEY_ID") return stale.access_key_id;
    if (name == "AWS_SECRET_ACCESS_KEY") return stale.secret_access_key;
    return std::nullopt;
  });
  const std::size_t before = requests_seen(*m_proxy);
  try {
    read_all(stuck, record);
    ADD_FAILURE() << "the read succeeded with an unknown key";
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.error().code, "access_denied");
    EXPECT_TRUE(failure.error().is_transient());
  }
  EXPECT_EQ(requests_seen(*m_proxy) - before, 1u);
}

}  // namespace
}  // namespace s3load::testing
