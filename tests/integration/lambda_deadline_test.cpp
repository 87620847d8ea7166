// The invocation deadline: a load still running `margin` before Lambda's deadline is cancelled, rolls
// back, is recorded as failed and reported through /error (transient), before the deadline.
#include <gtest/gtest.h>

#include "../lambda/lambda_test.h"

namespace s3load::testing {
namespace {

class LambdaDeadline : public LambdaTest {
 protected:
  void SetUp() override {
    LambdaTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }
};

TEST_F(LambdaDeadline, ALoadWaitingOnALockIsCancelledAndRolledBackBeforeTheDeadline) {
  const auto record = upload("orders.csv", ORDERS_CSV);
  // Another session holds the table: the COPY waits for the lock until the deadline watch cancels it.
  TestDatabase locker;
  locker.exec("BEGIN");
  locker.exec("LOCK TABLE " + m_table + " IN ACCESS EXCLUSIVE MODE");
  start_runtime({{"S3LOAD_DEADLINE_MARGIN_MS", "1000"}});
  const std::int64_t deadline = epoch_ms_now() + 3000;
  const auto answer = invoke_lambda(QueuedInvocation{.payload = s3_event({record}), .deadline_ms = deadline});
  locker.exec("ROLLBACK");

  ASSERT_EQ(answer.kind, "error") << answer.body << m_runtime->all();
  EXPECT_EQ(answer.headers.at("lambda-runtime-function-error-type"), "S3Load.TransientFailure");
  // Answered between the abort time (deadline - margin) and the deadline itself.
  EXPECT_GE(answer.received_ms, deadline - 1000);
  EXPECT_LT(answer.received_ms, deadline);
  EXPECT_EQ(target_rows(), 0);
  const auto ledger =
      m_db.exec("SELECT status, error_class, error_code, request_id FROM s3load.ingestions WHERE key = $1",
                {key("orders.csv")});
  ASSERT_EQ(ledger.rows(), 1);
  EXPECT_EQ(ledger.text(0, 0), "failed");
  EXPECT_EQ(ledger.text(0, 1), "transient");
  EXPECT_EQ(ledger.text(0, 2), "query_canceled");
  EXPECT_EQ(ledger.text(0, 3), answer.request_id);

  const auto finished = wait_for_invocation_log(answer.request_id);
  EXPECT_EQ(finished["deadline_reached"], true);
  EXPECT_EQ(finished["result"], "error");
  const auto warned =
      log_lines(m_runtime->err(), "the invocation deadline is near: cancelling the load in progress");
  ASSERT_EQ(warned.size(), 1u) << m_runtime->err();
  EXPECT_EQ(warned[0]["request_id"], answer.request_id);
  const auto failed = log_lines(m_runtime->err(), "object failed");
  ASSERT_EQ(failed.size(), 1u) << m_runtime->err();
  EXPECT_EQ(failed[0]["error_class"], "transient");
  EXPECT_EQ(failed[0]["error_code"], "query_canceled");

  // Lambda retries the event: with the lock gone, it loads once.
  const auto retried = invoke_lambda(s3_event({record}));
  EXPECT_EQ(retried.kind, "response") << retried.body;
  EXPECT_EQ(target_rows(), 3);
  EXPECT_EQ(ledger_rows("loaded"), 1);
}

TEST_F(LambdaDeadline, AnInvocationArrivingWithinTheMarginFailsFastAsTransient) {
  const auto record = upload("orders.csv", ORDERS_CSV);
  start_runtime({{"S3LOAD_DEADLINE_MARGIN_MS", "2000"}});
  const std::int64_t deadline = epoch_ms_now() + 1500;
  const auto answer = invoke_lambda(QueuedInvocation{.payload = s3_event({record}), .deadline_ms = deadline});
  ASSERT_EQ(answer.kind, "error") << answer.body << m_runtime->all();
  EXPECT_LT(answer.received_ms, deadline);
  EXPECT_EQ(target_rows(), 0);
  const auto ledger = m_db.exec(
      "SELECT status, error_class, error_code FROM s3load.ingestions WHERE key = $1", {key("orders.csv")});
  ASSERT_EQ(ledger.rows(), 1);
  EXPECT_EQ(ledger.text(0, 0), "failed");
  EXPECT_EQ(ledger.text(0, 1), "transient");
  // Cancelled wherever the flag or the cancel request caught it: in the S3 read, in the loader, or in
  // the statement running at that moment.
  const std::string code(ledger.text(0, 2));
  EXPECT_TRUE(code == "cancelled" || code == "deadline" || code == "query_canceled") << code;
}

}  // namespace
}  // namespace s3load::testing
