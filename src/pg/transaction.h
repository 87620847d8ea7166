// One database transaction with an explicit end. The constructor sends BEGIN; commit() reports how the
// transaction ended, including "unknown" when the connection broke before the server's answer came back;
// the destructor rolls back whatever was neither committed nor handed over. Once the connection is known
// to be broken, or its owner is about to free it, discard() makes sure nothing here touches it again.
#pragma once

#include "pg/connection.h"

namespace s3load::pg {

enum class CommitOutcome {
  committed,
  rolled_back,  // the server answered the COMMIT with an error (or the transaction had failed): nothing kept
  unknown,      // the connection broke before the answer: the server may or may not have committed
};

// Thrown by Transaction::commit(). The error is the server's (SQLSTATE and message) for rolled_back,
// the lost connection's (transient, no SQLSTATE) for unknown.
class CommitError : public DatabaseError {
 public:
  CommitError(const DatabaseError& error, CommitOutcome outcome) : DatabaseError(error), m_outcome(outcome) {}
  CommitOutcome outcome() const { return m_outcome; }

 private:
  CommitOutcome m_outcome;
};

class Transaction {
 public:
  // Sends BEGIN (throws DatabaseError when it fails).
  explicit Transaction(Connection& connection);
  // Rolls back when still open and the connection is still ours; never throws.
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Sends COMMIT. Returns when the server confirmed it; throws CommitError otherwise. After an
  // `unknown` outcome the transaction is discarded: the connection must be dropped, never reused.
  void commit();
  // Rolls back now (best effort: a broken connection rolls back on the server by itself). Never throws.
  void rollback() noexcept;
  // The connection is broken or about to be freed: neither commit, rollback nor the destructor touches
  // it from now on.
  void discard() noexcept { m_state = State::discarded; }

  bool open() const { return m_state == State::open; }

 private:
  enum class State { open, committed, rolled_back, discarded };

  Connection* m_connection;
  State m_state = State::open;
};

}  // namespace s3load::pg
