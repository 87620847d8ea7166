// A test fixture with its own target table, its own key prefix in the versioned test bucket and its
// own feeds config, so integration tests can run in parallel without seeing each other.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "support/stack.h"

namespace s3load::testing {

class LoadTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // CREATE TABLE <table> (…) with the given column definitions.
  void create_table(const std::string& columns);
  // Writes the feeds config; `extra` is appended to the feed (more keys or sub-tables).
  void write_config(const std::string& extra = "");

  std::string key(const std::string& name) const { return m_prefix + "/" + name; }
  // Uploads to the versioned bucket and returns the event record for it.
  EventRecord upload(const std::string& name, std::string_view body);

  RunResult invoke(const std::string& event_json, const std::map<std::string, std::string>& env = {});
  RunResult ingest(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

  std::int64_t target_rows() { return m_db.count("SELECT count(*) FROM " + m_table); }
  std::int64_t ledger_rows(const std::string& status) {
    return m_db.count("SELECT count(*) FROM s3load.ingestions WHERE key LIKE $1 AND status = $2",
                      {m_prefix + "/%", status});
  }
  std::map<std::string, std::string> base_env() const { return {{"S3LOAD_CONFIG", m_config_path}}; }

  TestDatabase m_db;
  std::string m_bucket;
  std::string m_prefix;
  std::string m_table;
  std::string m_config_path;
};

// The orders table most tests use, and a valid file for it.
inline constexpr const char* ORDERS_COLUMNS =
    "order_id integer PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), ordered_at date";
inline constexpr const char* ORDERS_CSV =
    "order_id,customer,amount,ordered_at\n"
    "1,Ada,10.50,2026-11-01\n"
    "2,\"Grace, Admiral\",20.00,2026-11-02\n"
    "3,Edsger,,2026-11-03\n";

}  // namespace s3load::testing
