// Hostile input: each file below has a defined outcome (status, error code, message), never a crash, and
// the big ones are refused after reading a bounded prefix, in bounded memory (peak RSS of the s3load
// process, measured with wait4).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "reliability_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

constexpr std::size_t MIB = 1024 * 1024;

// The resource guarantee: s3load stays below this however large or hostile the input. AddressSanitizer
// builds carry shadow memory and a quarantine of freed blocks, hence their own bound.
long rss_bound_kb() {
  return s3load_binary_sanitized() ? 400 * 1024 : 100 * 1024;
}

// gzip (RFC 1952) of `header` followed by `zeros` NUL bytes, compressed as hard as zlib can.
std::string gzip_bomb(std::string_view header, std::size_t zeros) {
  z_stream stream{};
  if (deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  std::vector<unsigned char> buffer(256 * 1024);
  const std::vector<unsigned char> block(MIB, 0);
  const auto pump = [&](const unsigned char* data, std::size_t size, int flush) {
    stream.next_in = const_cast<unsigned char*>(data);
    stream.avail_in = static_cast<uInt>(size);
    do {
      stream.next_out = buffer.data();
      stream.avail_out = static_cast<uInt>(buffer.size());
      deflate(&stream, flush);
      out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - stream.avail_out);
    } while (stream.avail_out == 0);
  };
  pump(reinterpret_cast<const unsigned char*>(header.data()), header.size(), Z_NO_FLUSH);
  for (std::size_t done = 0; done < zeros; done += block.size())
    pump(block.data(), std::min(block.size(), zeros - done), Z_NO_FLUSH);
  pump(nullptr, 0, Z_FINISH);
  deflateEnd(&stream);
  return out;
}

class HostileInput : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table("id integer, name text");
    write_config();
    m_plain_bucket = environment("S3LOAD_TEST_PLAIN_BUCKET");
  }

  MeasuredRun invoke_measured(const std::string& event) {
    return run_s3load_measured({"invoke", "--event", "-"}, child_env(), event);
  }

  MeasuredRun ingest_measured(const std::vector<std::string>& args) {
    std::vector<std::string> full{"ingest"};
    full.insert(full.end(), args.begin(), args.end());
    return run_s3load_measured(full, child_env());
  }

  std::map<std::string, std::string> child_env() const {
    auto env = base_env();
    // A smaller quarantine keeps the sanitizer build's memory meaningful (a no-op in other builds).
    if (s3load_binary_sanitized()) {
      const char* options = std::getenv("ASAN_OPTIONS");
      env["ASAN_OPTIONS"] = std::string(options ? options : "") + ":quarantine_size_mb=16";
    }
    return env;
  }

  // Uploads `body` to the unversioned bucket and delivers its event; the object is deleted afterwards.
  // The body is freed first, so that the peak memory measured is s3load's alone.
  MeasuredRun deliver_plain(const std::string& name, std::string body) {
    const PlainObject object(key(name), body);
    std::string().swap(body);
    return invoke_measured(s3_event({object.record()}));
  }

  void expect_rejected(const MeasuredRun& measured, const std::string& code, const std::string& message) {
    const auto& run = measured.run;
    EXPECT_EQ(run.exit_code, 0) << run.all();  // permanent: recorded and acknowledged, not retried
    const auto outcome = first_outcome(run);
    EXPECT_EQ(outcome["status"], "rejected") << run.all();
    EXPECT_EQ(outcome["error_class"], "permanent");
    EXPECT_EQ(outcome["error_code"], code) << run.all();
    EXPECT_EQ(outcome["error_message"], message) << run.all();
    EXPECT_EQ(target_rows(), 0);
    const auto ledger = ledger_row(m_db, outcome.value("bucket", ""), outcome.value("key", ""));
    EXPECT_EQ(ledger.status, "rejected");
    EXPECT_EQ(ledger.error_code, code);
    EXPECT_EQ(ledger.error_message, message);
    EXPECT_EQ(ledger.attempts, 1);
  }

  void report(const char* what, const MeasuredRun& measured) {
    const auto outcome = first_outcome(measured.run);
    std::printf("[ measured ] %s: %s, read %s bytes, peak RSS %.1f MiB, %.2f s\n", what,
                outcome.value("error_code", outcome.value("status", "?")).c_str(),
                outcome.contains("bytes_read") ? outcome["bytes_read"].dump().c_str() : "-",
                static_cast<double>(measured.peak_rss_kb) / 1024.0, measured.seconds);
  }

  std::string m_plain_bucket;
};

TEST_F(HostileInput, AHundredMebibyteFieldIsRefusedAfterReadingLittleOfIt) {
  std::string body = "id,name\n1,";
  body.append(100 * MIB, 'x');
  body += "\n";
  const auto measured = deliver_plain("field.csv", std::move(body));
  report("100 MiB field", measured);
  expect_rejected(
      measured, "bad_csv",
      "line 2: field 2 is larger than the limit of 8388608 bytes; check the file for a quote that is "
      "never closed, or raise the field size limit");
  EXPECT_LT(first_outcome(measured.run)["bytes_read"].get<std::uint64_t>(), 16 * MIB);
  EXPECT_LT(measured.peak_rss_kb, rss_bound_kb());
}

TEST_F(HostileInput, AGibibyteLineIsRefusedAfterReadingLittleOfIt) {
  // A sparse local file: header, then one line of 1 GiB (NUL bytes, a comma every MiB) without a break.
  const std::string path = temp_dir() + "/" + m_prefix + "-line.csv";
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  const std::string header = "id,name\n";
  ASSERT_EQ(::pwrite(fd, header.data(), header.size(), 0), static_cast<ssize_t>(header.size()));
  for (off_t at = static_cast<off_t>(MIB); at < static_cast<off_t>(1024 * MIB); at += static_cast<off_t>(MIB))
    ASSERT_EQ(::pwrite(fd, ",", 1, at), 1);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(1024 * MIB + header.size())), 0);
  ::close(fd);
  struct FileCleanup {
    std::string path;
    ~FileCleanup() { std::filesystem::remove(path); }
  } cleanup{path};

  const auto measured = ingest_measured({path, "--feed", m_prefix});
  report("1 GiB line", measured);
  EXPECT_EQ(measured.run.exit_code, 2) << measured.run.all();  // ingest: 2 = rejected
  const auto outcome = first_outcome(measured.run);
  EXPECT_EQ(outcome["status"], "rejected") << measured.run.all();
  EXPECT_EQ(outcome["error_code"], "bad_csv");
  EXPECT_EQ(
      outcome["error_message"],
      "line 2: the record is larger than the limit of 16777216 bytes (reached in field 17); check the file "
      "for a quote that is never closed, or raise the record size limit");
  EXPECT_LT(outcome["bytes_read"].get<std::uint64_t>(), 32 * MIB);
  EXPECT_LT(measured.peak_rss_kb, rss_bound_kb());
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(HostileInput, AGzipBombIsStoppedByTheDecompressionRatioLimit) {
  const std::string bomb = gzip_bomb("id,name\n", 1024 * MIB);  // 1 GiB of NUL bytes after the header
  std::printf("[ measured ] gzip bomb: %zu compressed bytes for 1 GiB\n", bomb.size());
  const auto measured = deliver_plain("bomb.csv.gz", bomb);
  report("gzip bomb", measured);
  const auto outcome = first_outcome(measured.run);
  EXPECT_EQ(outcome["status"], "rejected") << measured.run.all();
  EXPECT_EQ(outcome["error_code"], "decompression_bomb") << measured.run.all();
  EXPECT_NE(
      outcome["error_message"].get<std::string>().find("more than the feed's max_decompression_ratio = 200"),
      std::string::npos)
      << measured.run.all();
  EXPECT_LT(measured.peak_rss_kb, rss_bound_kb());
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(HostileInput, ANulByteInAValueIsARowErrorWithItsLineAndColumn) {
  const auto measured = deliver_plain("nul.csv", std::string("id,name\n1,fine\n2,ab\0cd\n", 23));
  expect_rejected(measured, "bad_rows",
                  "1 row rejected; first at line 3, column name: contains a NUL byte at byte 3, which "
                  "PostgreSQL text cannot store; remove it");
  EXPECT_EQ(m_db.text("SELECT raw_line FROM s3load.rejected_rows r JOIN s3load.ingestions i ON i.id = "
                      "r.ingestion_id WHERE i.key = $1",
                      {key("nul.csv")}),
            "2,ab\\x00cd");
}

TEST_F(HostileInput, InvalidUtf8IsARowErrorWithItsLineAndColumn) {
  const auto measured = deliver_plain("utf8.csv", "id,name\n1,caf\xC3\xA9\n2,\xC3\x28\n3,\xED\xA0\x80\n");
  expect_rejected(measured, "bad_rows",
                  "2 rows rejected; first at line 3, column name: is not valid UTF-8 at byte 1 (0xC3); "
                  "convert the file to UTF-8 or set the feed's encoding (windows-1252, latin-1)");
}

TEST_F(HostileInput, TenThousandColumnsAreRefused) {
  std::string header;
  for (int i = 1; i <= 10000; ++i)
    header += (i > 1 ? "," : "") + std::string("c") + std::to_string(i);
  const auto measured = deliver_plain("wide.csv", header + "\n");
  expect_rejected(
      measured, "bad_csv",
      "line 1: the record has more than 1600 fields; check that the delimiter is ',' and that fields "
      "containing it are quoted");
}

TEST_F(HostileInput, BinaryGarbageIsRefused) {
  std::mt19937 random(20261127);
  std::string garbage;
  for (std::size_t i = 0; i < MIB / 4; ++i) {
    const std::uint32_t bits = random();
    garbage.append(reinterpret_cast<const char*>(&bits), 4);
  }
  const auto measured = deliver_plain("garbage.csv", garbage);
  report("1 MiB of random bytes", measured);
  // Its first "line" is taken for a header that names no column of the table; the bytes that are not
  // UTF-8 are quoted as \xNN, so the message can be stored and the file is rejected once, not retried.
  const auto message = first_outcome(measured.run).value("error_message", "");
  EXPECT_EQ(message.rfind("line 1: header does not match table", 0), 0u) << message;
  EXPECT_NE(message.find("\\x"), std::string::npos) << message;
  expect_rejected(measured, "header_mismatch", message);
}

TEST_F(HostileInput, AnUnterminatedQuoteAtTheEndIsRefused) {
  const auto measured = deliver_plain("quote.csv", "id,name\n1,\"never closed\n2,b\n");
  expect_rejected(
      measured, "bad_csv",
      "line 2: field 2 starts with a quote that is never closed (reached end of input); quote the "
      "whole field and double any quotes inside it (\"\")");
}

TEST_F(HostileInput, AnEmptyObjectIsRefused) {
  const auto measured = deliver_plain("empty.csv", "");
  expect_rejected(measured, "empty_file", "the file is empty: expected a header line");
}

TEST_F(HostileInput, AHeaderOnlyObjectLoadsNoRows) {
  const auto measured = deliver_plain("header_only.csv", "id,name\n");
  ASSERT_EQ(measured.run.exit_code, 0) << measured.run.all();
  const auto outcome = first_outcome(measured.run);
  EXPECT_EQ(outcome["status"], "loaded") << measured.run.all();
  EXPECT_EQ(outcome["rows_loaded"], 0);
  EXPECT_EQ(ledger_row(m_db, m_plain_bucket, key("header_only.csv")).status, "loaded");
  EXPECT_EQ(target_rows(), 0);
}

TEST_F(HostileInput, AOneMegabyteEventWithThousandsOfRecordsHandlesEachOne) {
  constexpr int FILES = 5;
  constexpr int COPIES = 300;  // deliveries of each file's record
  std::vector<EventRecord> records;
  for (int i = 1; i <= FILES; ++i) {
    const auto record = upload("many" + std::to_string(i) + ".csv", "id,name\n" + std::to_string(i) + ",x\n");
    for (int copy = 0; copy < COPIES; ++copy)
      records.push_back(record);
  }
  auto no_feed = records.front();
  no_feed.key = m_prefix + "-elsewhere/unmatched.csv";
  for (int i = 0; i < 100; ++i)
    records.push_back(no_feed);
  auto event = nlohmann::json::parse(s3_event(records));
  auto& list = event["Records"];
  const auto model = list[0];
  for (int i = 0; i < 500; ++i) {  // deletions: ignored
    auto removed = model;
    removed["eventName"] = "ObjectRemoved:Delete";
    list.push_back(removed);
  }
  for (int i = 0; i < 300; ++i) {  // records without a key: rejected, the others still handled
    auto broken = model;
    broken["s3"]["object"].erase("key");
    list.push_back(broken);
  }
  std::shuffle(list.begin(), list.end(), std::mt19937(7));
  const std::string text = event.dump();
  ASSERT_GE(text.size(), 1000000u);

  const auto measured = invoke_measured(text);
  report("1 MB event", measured);
  std::printf("[ measured ] 1 MB event: %zu bytes, %zu records\n", text.size(), list.size());
  ASSERT_EQ(measured.run.exit_code, 0) << measured.run.err.substr(0, 4000);
  const auto response = measured.run.json_lines().back();
  EXPECT_EQ(response["loaded"], FILES);
  EXPECT_EQ(response["duplicate"], FILES * (COPIES - 1));
  EXPECT_EQ(response["ignored"], 500);
  EXPECT_EQ(response["rejected"], 400);
  EXPECT_EQ(response["failed"], 0);
  EXPECT_EQ(response["superseded"], 0);
  EXPECT_EQ(target_rows(), FILES);
  EXPECT_EQ(ledger_rows("loaded"), FILES);
  EXPECT_LT(measured.peak_rss_kb, rss_bound_kb());
}

}  // namespace
}  // namespace s3load::testing
