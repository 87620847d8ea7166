// Faults between s3load and S3, injected by a proxy in front of the local Ceph RGW: a connection reset
// mid-body, a body cut short of its Content-Length, a stalled stream, and 500/503 answers. In every case
// the target holds either nothing or exactly the file (same checksum), the ledger says what happened,
// and a fault that outlives the in-process retries loads exactly once on the next delivery.
#include <charconv>
#include <cstdio>

#include "reliability_support.h"
#include "support/fault_proxy.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

constexpr std::uint64_t KIB = 1024;

// The offset of "Range: bytes=N-" in a request head, or -1 when the request has no Range.
long long range_start(const std::string& head) {
  const std::string marker = "\r\nRange: bytes=";
  const auto at = head.find(marker);
  if (at == std::string::npos) return -1;
  long long start = -1;
  const char* begin = head.data() + at + marker.size();
  std::from_chars(begin, head.data() + head.size(), start);
  return start;
}

std::string request_line(const std::string& head) {
  return head.substr(0, head.find("\r\n"));
}

class S3Faults : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(LINES_COLUMNS);
    write_config();
    const auto s3 = host_port_of(environment("AWS_ENDPOINT_URL_S3"));
    m_proxy = std::make_unique<FaultProxy>(s3.host, s3.port, Protocol::http);
  }

  RunResult invoke_via_proxy(const std::string& event, std::map<std::string, std::string> env = {}) {
    env["AWS_ENDPOINT_URL_S3"] = m_proxy->url();
    return invoke(event, env);
  }

  // Uploads to the unversioned bucket: reads are then pinned by If-Match on the ETag.
  EventRecord upload_plain(const std::string& name, std::string_view body) {
    const std::string bucket = environment("S3LOAD_TEST_PLAIN_BUCKET");
    const auto put = put_object(bucket, key(name), body);
    return record_for(bucket, key(name), put, static_cast<std::int64_t>(body.size()));
  }

  void expect_loaded_exactly_once(const RunResult& run, const GeneratedFile& file, const EventRecord& record,
                                  int attempts) {
    ASSERT_EQ(run.exit_code, 0) << run.all();
    const auto outcome = first_outcome(run);
    EXPECT_EQ(outcome["status"], "loaded") << run.all();
    EXPECT_EQ(outcome["rows_loaded"], file.rows.size());
    EXPECT_EQ(outcome["bytes_read"], file.csv.size()) << run.all();
    EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
    const auto ledger = ledger_row(m_db, record.bucket, record.key);
    EXPECT_EQ(ledger.status, "loaded");
    EXPECT_EQ(ledger.attempts, attempts);
    EXPECT_EQ(ledger.rows_loaded, static_cast<std::int64_t>(file.rows.size()));
  }

  void expect_failed_with_nothing_loaded(const RunResult& run, const EventRecord& record,
                                         const std::string& code, const std::string& message) {
    EXPECT_EQ(run.exit_code, 1) << run.all();  // raised: Lambda retries it
    const auto outcome = first_outcome(run);
    EXPECT_EQ(outcome["status"], "failed") << run.all();
    EXPECT_EQ(outcome["error_class"], "transient");
    EXPECT_EQ(outcome["error_code"], code);
    EXPECT_EQ(outcome["error_message"], message);
    EXPECT_EQ(target_rows(), 0);
    const auto ledger = ledger_row(m_db, record.bucket, record.key);
    EXPECT_EQ(ledger.status, "failed");
    EXPECT_EQ(ledger.attempts, 1);
    EXPECT_EQ(ledger.error_class, "transient");
    EXPECT_EQ(ledger.error_code, code);
    EXPECT_EQ(ledger.rows_loaded, 0);
  }

  std::string what(const EventRecord& record) const { return "s3://" + record.bucket + "/" + record.key; }

  std::unique_ptr<FaultProxy> m_proxy;
};

TEST_F(S3Faults, ConnectionResetMidBodyResumesWithARangePinnedToTheVersion) {
  const auto file = generate_lines(1, 60000, 11);  // about 2 MiB
  const auto record = upload("reset.csv", file.csv);
  m_proxy->script({Fault{.kind = FaultKind::reset, .after_bytes = 700 * KIB, .after_http_head = true}});

  const auto run = invoke_via_proxy(s3_event({record}));
  expect_loaded_exactly_once(run, file, record, 1);
  const auto records = m_proxy->records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].fired);
  ASSERT_EQ(records[1].request_heads.size(), 1u);
  const auto& resumed = records[1].request_heads[0];
  // Bytes in flight when the reset arrived are lost, so the resume starts at or before the cut.
  EXPECT_GT(range_start(resumed), 0) << resumed;
  EXPECT_LE(range_start(resumed), static_cast<long long>(700 * KIB)) << resumed;
  EXPECT_NE(request_line(resumed).find("versionId=" + record.version_id), std::string::npos) << resumed;
  std::printf("[ measured ] reset after 700 KiB: resumed at byte %lld, %zu connections\n",
              range_start(resumed), records.size());
}

TEST_F(S3Faults, BodyCutShortOfItsContentLengthResumesWithARangePinnedToTheETag) {
  const auto file = generate_lines(2, 60000, 12);
  const auto record = upload_plain("truncated.csv", file.csv);
  m_proxy->script({Fault{.kind = FaultKind::close, .after_bytes = 500 * KIB, .after_http_head = true}});

  const auto run = invoke_via_proxy(s3_event({record}));
  expect_loaded_exactly_once(run, file, record, 1);
  const auto records = m_proxy->records();
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(records[1].request_heads.size(), 1u);
  const auto& resumed = records[1].request_heads[0];
  EXPECT_EQ(range_start(resumed), static_cast<long long>(500 * KIB)) << resumed;
  EXPECT_NE(resumed.find("\r\nIf-Match: \"" + record.etag + "\""), std::string::npos) << resumed;
}

TEST_F(S3Faults, StalledStreamIsAbandonedAfterTheStallTimeoutAndResumed) {
  const auto file = generate_lines(3, 60000, 13);
  const auto record = upload("stalled.csv", file.csv);
  m_proxy->script({Fault{.kind = FaultKind::stall, .after_bytes = 300 * KIB, .after_http_head = true}});

  const auto run = invoke_via_proxy(s3_event({record}), {{"S3LOAD_S3_STALL_TIMEOUT_MS", "1000"}});
  expect_loaded_exactly_once(run, file, record, 1);
  const auto records = m_proxy->records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(range_start(records[1].request_heads.at(0)), static_cast<long long>(300 * KIB));
  const double duration_ms = first_outcome(run)["duration_ms"];
  EXPECT_GE(duration_ms, 1000.0);  // it waited for the stall timeout, not less
  std::printf("[ measured ] stall timeout 1 s: loaded in %.0f ms\n", duration_ms);
}

TEST_F(S3Faults, AStallOnEveryAttemptFailsTransientlyAndTheNextDeliveryLoadsOnce) {
  const auto file = generate_lines(4, 2000, 14);
  const auto record = upload("always_stalled.csv", file.csv);
  const Fault stall{.kind = FaultKind::stall, .after_bytes = 0, .after_http_head = true};
  m_proxy->script({stall, stall, stall, stall});
  const std::string event = s3_event({record});

  const auto run = invoke_via_proxy(event, {{"S3LOAD_S3_STALL_TIMEOUT_MS", "1000"}});
  expect_failed_with_nothing_loaded(run, record, "s3_stalled",
                                    "no data from S3 for 1 s while reading " + what(record) + " (version " +
                                        record.version_id + ") (after 4 attempts)");
  EXPECT_EQ(m_proxy->faults_fired(), 4u);

  const auto again = invoke_via_proxy(event);  // the script is used up: the gateway answers normally
  expect_loaded_exactly_once(again, file, record, 2);
}

TEST_F(S3Faults, SlowDownForTheFirstTwoRequestsIsRetriedWithBackoff) {
  const auto file = generate_lines(5, 2000, 15);
  const auto record = upload("slowdown.csv", file.csv);
  const Fault slow_down{
      .kind = FaultKind::answer,
      .answer = s3_error_answer(503, "Slow Down", "SlowDown", "Please reduce your request rate.")};
  m_proxy->script({slow_down, slow_down});

  const auto run = invoke_via_proxy(s3_event({record}));
  expect_loaded_exactly_once(run, file, record, 1);
  EXPECT_EQ(m_proxy->connections(), 3u);
  EXPECT_EQ(m_proxy->faults_fired(), 2u);
}

TEST_F(S3Faults, ResetsBeforeAnyAnswerAreRetried) {
  const auto file = generate_lines(6, 2000, 16);
  const auto record = upload("reset_early.csv", file.csv);
  const Fault reset{.kind = FaultKind::reset, .after_bytes = 0};
  m_proxy->script({reset, reset});

  const auto run = invoke_via_proxy(s3_event({record}));
  expect_loaded_exactly_once(run, file, record, 1);
  EXPECT_EQ(m_proxy->faults_fired(), 2u);
}

TEST_F(S3Faults, InternalErrorOnEveryAttemptFailsTransientlyAndTheNextDeliveryLoadsOnce) {
  const auto file = generate_lines(7, 2000, 17);
  const auto record = upload("internal_error.csv", file.csv);
  const Fault internal_error{
      .kind = FaultKind::answer,
      .answer = s3_error_answer(500, "Internal Server Error", "InternalError",
                                "We encountered an internal error. Please try again.")};
  m_proxy->script({internal_error, internal_error, internal_error, internal_error});
  const std::string event = s3_event({record});

  const auto run = invoke_via_proxy(event);
  expect_failed_with_nothing_loaded(
      run, record, "s3_unavailable",
      "S3 answered InternalError (HTTP 500) for " + what(record) + " (version " + record.version_id +
          "): We encountered an internal error. Please try again. (after 4 attempts)");
  EXPECT_EQ(m_proxy->faults_fired(), 4u);
  EXPECT_EQ(first_outcome(run)["rows_loaded"], 0);

  const auto again = invoke_via_proxy(event);
  expect_loaded_exactly_once(again, file, record, 2);
  EXPECT_EQ(m_proxy->connections(), 5u);
}

}  // namespace
}  // namespace s3load::testing
