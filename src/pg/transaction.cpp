#include "pg/transaction.h"

namespace s3load::pg {

Transaction::Transaction(Connection& connection) : m_connection(&connection) {
  m_connection->exec("BEGIN");
}

Transaction::~Transaction() {
  rollback();
}

void Transaction::commit() {
  if (m_state != State::open)
    throw CommitError(
        DatabaseError(permanent_error("transaction_not_open", "COMMIT of a transaction that already ended"),
                      {}),
        CommitOutcome::rolled_back);
  try {
    const QueryResult result = m_connection->exec("COMMIT");
    // COMMIT of a transaction that had already failed "succeeds" with the tag ROLLBACK.
    if (result.command_status() == "ROLLBACK") {
      m_state = State::rolled_back;
      throw CommitError(DatabaseError(transient_error("transaction_aborted",
                                                      "COMMIT found the transaction already failed: "
                                                      "the server rolled it back"),
                                      {}),
                        CommitOutcome::rolled_back);
    }
    m_state = State::committed;
  } catch (const CommitError&) {
    throw;
  } catch (const DatabaseError& error) {
    // An answer with a SQLSTATE on a connection still up means the server ended the transaction (a
    // failed COMMIT always rolls back). Without one, the request or its answer was lost on the way.
    const bool answered = !error.fields().sqlstate.empty() && m_connection->usable();
    if (answered) {
      m_state = State::rolled_back;
      throw CommitError(error, CommitOutcome::rolled_back);
    }
    m_state = State::discarded;
    throw CommitError(error, CommitOutcome::unknown);
  }
}

void Transaction::rollback() noexcept {
  if (m_state != State::open) return;
  m_state = State::rolled_back;
  if (!m_connection->usable() || !m_connection->in_transaction()) return;
  try {
    m_connection->exec("ROLLBACK");
  } catch (const Failure&) {
    // The connection is gone; the server rolls back on its own.
  }
}

}  // namespace s3load::pg
