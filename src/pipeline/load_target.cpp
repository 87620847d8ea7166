#include "pipeline/load_target.h"

#include <algorithm>

#include "feeds/column_mapping.h"

namespace s3load {

namespace {

constexpr const char* STAGE = "s3load_stage";

std::string column_list(const pg::Connection& connection, const std::vector<std::string>& columns,
                        const std::string& prefix = "") {
  std::string list;
  for (const auto& column : columns) {
    if (!list.empty()) list += ", ";
    list += prefix + connection.quote_identifier(column);
  }
  return list;
}

class AppendTarget : public LoadTarget {
 public:
  explicit AppendTarget(std::string table) : m_table(std::move(table)) {}
  std::string prepare(const std::vector<std::string>&) override { return m_table; }
  void apply(std::int64_t) override {}

 private:
  std::string m_table;
};

void require_key_columns(const std::vector<std::string>& key, const std::vector<std::string>& columns) {
  for (const auto& key_column : key) {
    if (std::find(columns.begin(), columns.end(), key_column) == columns.end())
      throw Failure(permanent_error(
          "header_mismatch",
          "upsert key column \"" + key_column + "\" is not in the file; every key column must be"));
  }
}

// An upsert's optimistic first try: rows go straight into the table, as an append. Any key already in the
// table (or twice in the file) raises unique_violation; the caller then loads the file again through
// UpsertTarget, which merges and names duplicate keys.
class DirectUpsertTarget : public LoadTarget {
 public:
  DirectUpsertTarget(std::string table, std::vector<std::string> key)
      : m_table(std::move(table)), m_key(std::move(key)) {}
  std::string prepare(const std::vector<std::string>& columns) override {
    require_key_columns(m_key, columns);
    return m_table;
  }
  void apply(std::int64_t rows_copied) override { m_inserted += rows_copied; }
  bool wants_staging(const pg::DatabaseError& error) const override {
    return error.fields().sqlstate == "23505";
  }
  std::string summary() const override {
    return "upsert: " + std::to_string(m_inserted) + " inserted or updated, 0 unchanged";
  }

 private:
  std::string m_table;
  std::vector<std::string> m_key;
  std::int64_t m_inserted = 0;
};

// Shared by upsert and replace: a temporary table with exactly the COPY columns and their types.
class StagedTarget : public LoadTarget {
 public:
  StagedTarget(pg::Connection& connection, std::string table)
      : m_connection(connection), m_table(std::move(table)) {}

  std::string prepare(const std::vector<std::string>& columns) override {
    m_columns = columns;
    // Constraints stay on the real table, where the merge meets them; ON COMMIT DROP cleans up.
    m_connection.exec("CREATE TEMPORARY TABLE " + std::string(STAGE) + " ON COMMIT DROP AS SELECT " +
                      column_list(m_connection, columns) + " FROM " + m_table + " WITH NO DATA");
    return STAGE;
  }

 protected:
  void clear_stage() { m_connection.exec("TRUNCATE " + std::string(STAGE)); }

  pg::Connection& m_connection;
  std::string m_table;
  std::vector<std::string> m_columns;
};

class UpsertTarget : public StagedTarget {
 public:
  UpsertTarget(pg::Connection& connection, std::string table, std::vector<std::string> key)
      : StagedTarget(connection, std::move(table)), m_key(std::move(key)) {}

  std::string prepare(const std::vector<std::string>& columns) override {
    require_key_columns(m_key, columns);
    return StagedTarget::prepare(columns);
  }

  void apply(std::int64_t rows_copied) override {
    std::vector<std::string> others;
    for (const auto& column : m_columns) {
      if (std::find(m_key.begin(), m_key.end(), column) == m_key.end()) others.push_back(column);
    }
    std::string sql = "INSERT INTO " + m_table + " AS t (" + column_list(m_connection, m_columns) +
                      ") SELECT " + column_list(m_connection, m_columns) + " FROM " + STAGE +
                      " ON CONFLICT (" + column_list(m_connection, m_key) + ")";
    if (others.empty()) {
      sql += " DO NOTHING";
    } else {
      // Only rows that differ are rewritten: an unchanged row costs a lock, not a dead tuple.
      sql += " DO UPDATE SET (" + column_list(m_connection, others) + ") = ROW(" +
             column_list(m_connection, others, "EXCLUDED.") + ") WHERE (" +
             column_list(m_connection, others, "t.") + ") IS DISTINCT FROM (" +
             column_list(m_connection, others, "EXCLUDED.") + ")";
    }
    // A key twice in the file: DO UPDATE refuses to touch a row twice (SQLSTATE 21000), so the costly
    // GROUP BY that names the keys runs only then. DO NOTHING would silently keep the first: check first.
    if (others.empty()) reject_duplicate_keys();
    m_connection.exec("SAVEPOINT s3load_merge");
    std::int64_t written = 0;
    try {
      written = std::stoll(m_connection.exec(sql).command_tuples());
    } catch (const pg::DatabaseError& error) {
      if (error.fields().sqlstate != "21000") throw;
      m_connection.exec("ROLLBACK TO SAVEPOINT s3load_merge");
      reject_duplicate_keys();
      throw;
    }
    m_connection.exec("RELEASE SAVEPOINT s3load_merge");
    m_written += written;
    m_unchanged += rows_copied - written;  // the stage holds exactly the rows just copied
    clear_stage();
  }

  std::string summary() const override {
    return "upsert: " + std::to_string(m_written) + " inserted or updated, " + std::to_string(m_unchanged) +
           " unchanged";
  }

 private:
  // Two rows with one key would make the result depend on their order: refuse the file instead.
  void reject_duplicate_keys() {
    const auto duplicates =
        m_connection.exec("SELECT " + column_list(m_connection, m_key) + ", count(*) FROM " + STAGE +
                          " GROUP BY " + column_list(m_connection, m_key) + " HAVING count(*) > 1 LIMIT 3");
    if (duplicates.rows() == 0) return;
    std::string keys;
    for (int row = 0; row < duplicates.rows(); ++row) {
      keys += row ? "; " : "";
      for (std::size_t i = 0; i < m_key.size(); ++i) {
        const auto column = static_cast<int>(i);
        keys += (i ? ", " : "") + m_key[i] + "=" +
                (duplicates.is_null(row, column) ? "NULL" : std::string(duplicates.text(row, column)));
      }
      keys += " (" + std::string(duplicates.text(row, static_cast<int>(m_key.size()))) + " times)";
    }
    throw Failure(
        permanent_error("duplicate_key", "the file has more than one row for the same upsert key: " + keys +
                                             "; each key may appear once per file"));
  }

  std::vector<std::string> m_key;
  std::int64_t m_written = 0;
  std::int64_t m_unchanged = 0;
};

class ReplaceTarget : public StagedTarget {
 public:
  ReplaceTarget(pg::Connection& connection, std::string table, ObjectRef object, std::int64_t ingestion_id)
      : StagedTarget(connection, std::move(table)),
        m_object(std::move(object)),
        m_ingestion_id(ingestion_id) {}

  std::string prepare(const std::vector<std::string>& columns) override {
    // The rows every other loaded version of this key brought in go; this version's rows come in.
    const auto deleted = m_connection.exec("DELETE FROM " + m_table + " WHERE " +
                                               m_connection.quote_identifier(INGESTION_ID_COLUMN) +
                                               " IN (SELECT id FROM s3load.ingestions WHERE bucket = $1 AND "
                                               "key = $2 AND status = 'loaded' AND id <> $3)",
                                           {m_object.bucket, m_object.key, std::to_string(m_ingestion_id)});
    m_deleted = std::stoll(deleted.command_tuples());
    return StagedTarget::prepare(columns);
  }

  void apply(std::int64_t) override {
    m_connection.exec("INSERT INTO " + m_table + " (" + column_list(m_connection, m_columns) + ", " +
                      m_connection.quote_identifier(INGESTION_ID_COLUMN) + ") SELECT " +
                      column_list(m_connection, m_columns) + ", " + std::to_string(m_ingestion_id) +
                      " FROM " + STAGE);
    clear_stage();
  }

  std::string summary() const override {
    return "replace: " + std::to_string(m_deleted) + " rows of earlier versions deleted";
  }

 private:
  ObjectRef m_object;
  std::int64_t m_ingestion_id;
  std::int64_t m_deleted = 0;
};

class ValidationTarget : public LoadTarget {
 public:
  std::string prepare(const std::vector<std::string>&) override { return "\"(validation only)\""; }
  void apply(std::int64_t) override {}
};

bool is_unique_key(const TableInfo& table, const std::vector<std::string>& key) {
  std::vector<std::string> wanted = key;
  std::sort(wanted.begin(), wanted.end());
  for (auto candidate : table.unique_keys) {
    std::sort(candidate.begin(), candidate.end());
    if (candidate == wanted) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<LoadTarget> make_load_target(pg::Connection& connection, const FeedConfig& feed,
                                             const TableInfo& table, const ObjectRef& object,
                                             std::int64_t ingestion_id, bool direct_upsert) {
  const std::string quoted = pg::quote_table(connection, table.schema, table.name);
  const std::string name = table.schema + "." + table.name;
  switch (feed.mode) {
    case LoadMode::append:
      return std::make_unique<AppendTarget>(quoted);
    case LoadMode::upsert: {
      if (!is_unique_key(table, feed.key)) {
        std::string key;
        for (const auto& column : feed.key)
          key += (key.empty() ? "" : ", ") + column;
        throw Failure(permanent_error(
            "bad_upsert_key", "feed \"" + feed.name + "\": key (" + key +
                                  ") is not a primary key or unique index of " + name +
                                  "; upsert needs one (CREATE UNIQUE INDEX ON " + name + " (" + key + "))"));
      }
      if (direct_upsert) return std::make_unique<DirectUpsertTarget>(quoted, feed.key);
      return std::make_unique<UpsertTarget>(connection, quoted, feed.key);
    }
    case LoadMode::replace: {
      const bool has_column =
          std::any_of(table.columns.begin(), table.columns.end(),
                      [](const ColumnInfo& column) { return column.name == INGESTION_ID_COLUMN; });
      if (!has_column)
        throw Failure(permanent_error("bad_replace_table",
                                      "feed \"" + feed.name + "\": mode = \"replace\" needs a column " +
                                          std::string(INGESTION_ID_COLUMN) + " bigint in " + name +
                                          " (ALTER TABLE " + name + " ADD COLUMN " +
                                          std::string(INGESTION_ID_COLUMN) + " bigint)"));
      return std::make_unique<ReplaceTarget>(connection, quoted, object, ingestion_id);
    }
  }
  return std::make_unique<AppendTarget>(quoted);
}

std::unique_ptr<LoadTarget> make_validation_target(const TableInfo&) {
  return std::make_unique<ValidationTarget>();
}

}  // namespace s3load
