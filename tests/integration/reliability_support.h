// Helpers shared by the reliability tests (tests/integration/reliability_*_test.cpp and
// tests/disruptive/reliability_*_test.cpp): generated files whose content checksum is known in advance,
// the target table's checksum, and running s3load while measuring its peak memory.
#pragma once

#include <openssl/evp.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "support/child_command.h"
#include "support/stack.h"

namespace s3load::testing {

// The table the reliability tests load: every row says which file and line it came from, so a row
// loaded twice or lost shows in the checksum.
inline constexpr const char* LINES_COLUMNS =
    "file_no integer NOT NULL, line_no integer NOT NULL, payload text NOT NULL, PRIMARY KEY (file_no, "
    "line_no)";

struct GeneratedFile {
  std::string csv;                // header line, then one line per row
  std::vector<std::string> rows;  // each row as PostgreSQL prints it as a record: "(7,1,p-1a2b…)"
};

// `rows` rows for file `file_no`, payloads drawn from a generator seeded with `seed` (reproducible).
inline GeneratedFile generate_lines(int file_no, int rows, std::uint32_t seed) {
  static constexpr char HEX[] = "0123456789abcdef";
  std::mt19937 random(seed);
  GeneratedFile file;
  file.csv = "file_no,line_no,payload\n";
  file.rows.reserve(static_cast<std::size_t>(rows));
  for (int line = 1; line <= rows; ++line) {
    std::string payload = "p-";
    for (std::uint32_t bits = random(), i = 0; i < 8; ++i, bits >>= 4)
      payload += HEX[bits & 15];
    const std::string fields = std::to_string(file_no) + "," + std::to_string(line) + "," + payload;
    file.csv += fields + "\n";
    file.rows.push_back("(" + fields + ")");
  }
  return file;
}

inline std::string md5_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("MD5 failed");
  static constexpr char HEX[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += HEX[digest[i] >> 4];
    hex += HEX[digest[i] & 15];
  }
  return hex;
}

// The checksum table_checksum() gives for a table holding exactly `rows` (in file_no, line_no order).
inline std::string expected_checksum(const std::vector<std::string>& rows) {
  std::string joined;
  for (const auto& row : rows)
    joined += (joined.empty() ? "" : ",") + row;
  return rows.empty() ? "" : md5_hex(joined);
}

// md5 of every row of a LINES_COLUMNS table as text, in key order ("" for an empty table).
inline std::string table_checksum(TestDatabase& db, const std::string& table) {
  return db.text("SELECT md5(string_agg(t::text, ',' ORDER BY file_no, line_no)) FROM " + table + " t");
}

struct MeasuredRun {
  RunResult run;
  long peak_rss_kb = 0;  // the child's maximum resident set size (getrusage via wait4)
  double seconds = 0;
};

// Like run_s3load, and also measures the child's peak memory and wall time.
inline MeasuredRun run_s3load_measured(const std::vector<std::string>& args,
                                       const std::map<std::string, std::string>& env,
                                       const std::string& stdin_data = "") {
  ChildCommand command(s3load_command_line(args), environment_with(env));
  // posix_spawn shares this process's memory until exec, and exec keeps the larger of the two peaks:
  // resetting this process's peak to its current size keeps the test's own past allocations out of the
  // child's figure (Linux: /proc/PID/clear_refs, "5").
  if (FILE* clear_refs = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", clear_refs);
    std::fclose(clear_refs);
  }
  const auto start = std::chrono::steady_clock::now();
  PipedChild child = spawn_piped(command);
  MeasuredRun measured;
  exchange(child, stdin_data, measured.run.out, measured.run.err);
  int status = 0;
  rusage usage{};
  wait4(child.pid, &status, 0, &usage);
  measured.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  measured.peak_rss_kb = usage.ru_maxrss;
  measured.run.exit_code = exit_code_of(status);
  return measured;
}

// One object version's row in s3load.ingestions (status "" when there is none).
struct LedgerRow {
  std::string status;
  int attempts = 0;
  std::string error_class;
  std::string error_code;
  std::string error_message;
  std::int64_t rows_loaded = 0;
};

inline LedgerRow ledger_row(TestDatabase& db, const std::string& bucket, const std::string& key) {
  const auto result = db.exec(
      "SELECT status, attempts, coalesce(error_class, ''), coalesce(error_code, ''), "
      "coalesce(error_message, ''), rows_loaded FROM s3load.ingestions WHERE bucket = $1 AND key = $2",
      {bucket, key});
  if (result.rows() > 1) throw std::runtime_error("more than one ledger row for " + key);
  LedgerRow row;
  if (result.rows() == 0) return row;
  row.status = result.text(0, 0);
  row.attempts = static_cast<int>(result.integer(0, 1));
  row.error_class = result.text(0, 2);
  row.error_code = result.text(0, 3);
  row.error_message = result.text(0, 4);
  row.rows_loaded = result.integer(0, 5);
  return row;
}

// An object in the unversioned bucket ($S3LOAD_TEST_PLAIN_BUCKET), deleted however the test ends: large
// objects must not pile up in the RAM-backed gateway (a versioned bucket would keep every version).
class PlainObject {
 public:
  PlainObject(const std::string& key, std::string_view body)
      : m_bucket(environment("S3LOAD_TEST_PLAIN_BUCKET")), m_key(key) {
    const auto put = put_object(m_bucket, m_key, body);
    m_record = record_for(m_bucket, m_key, put, static_cast<std::int64_t>(body.size()));
  }
  ~PlainObject() {
    try {
      delete_object(m_bucket, m_key);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "could not delete %s/%s: %s\n", m_bucket.c_str(), m_key.c_str(), error.what());
    }
  }
  PlainObject(const PlainObject&) = delete;
  PlainObject& operator=(const PlainObject&) = delete;

  // The event record for the version uploaded (no version id: reads are pinned by If-Match).
  const EventRecord& record() const { return m_record; }

 private:
  std::string m_bucket;
  std::string m_key;
  EventRecord m_record;
};

// The first outcome line (the object's), or an empty object when there is none.
inline nlohmann::json first_outcome(const RunResult& run) {
  const auto lines = run.json_lines();
  return lines.empty() ? nlohmann::json::object() : lines.front();
}

}  // namespace s3load::testing
