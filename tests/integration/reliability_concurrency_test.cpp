// Concurrency and ordering: concurrent and duplicated deliveries load each object version once (the
// target's content checksum equals the one computed from the generated files), an older event arriving
// after a newer version loaded is superseded, and so is an event whose object was overwritten before
// it was read.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include "reliability_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

class Concurrency : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(LINES_COLUMNS);
    write_config();
  }

  std::vector<std::string> outcome_statuses(const RunResult& run) {
    std::vector<std::string> statuses;
    for (const auto& line : run.json_lines()) {
      if (line.contains("status")) statuses.push_back(line["status"]);
    }
    return statuses;
  }
};

TEST_F(Concurrency, EightConcurrentDeliveriesOfOneVersionLoadIt) {
  const auto file = generate_lines(1, 30000, 21);
  const std::string event = s3_event({upload("one.csv", file.csv)});

  std::vector<RunResult> runs(8);
  std::vector<std::thread> deliveries;
  for (auto& run : runs)
    deliveries.emplace_back([&] { run = invoke(event); });
  for (auto& delivery : deliveries)
    delivery.join();

  std::map<std::string, int> statuses;
  for (const auto& run : runs) {
    ASSERT_EQ(run.exit_code, 0) << run.all();
    ++statuses[first_outcome(run)["status"].get<std::string>()];
  }
  EXPECT_EQ(statuses, (std::map<std::string, int>{{"duplicate", 7}, {"loaded", 1}}));
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(file.rows));
  const auto ledger = ledger_row(m_db, m_bucket, key("one.csv"));
  EXPECT_EQ(ledger.status, "loaded");
  EXPECT_EQ(ledger.attempts, 1);
}

TEST_F(Concurrency, TwoHundredFilesDeliveredTwiceInShuffledOrderByFourProcessesLoadEachOnce) {
  constexpr int FILES = 200;
  constexpr int PROCESSES = 4;
  std::vector<GeneratedFile> files;
  std::vector<std::string> all_rows;
  for (int i = 1; i <= FILES; ++i) {
    files.push_back(generate_lines(i, 25, 1000 + static_cast<std::uint32_t>(i)));
    all_rows.insert(all_rows.end(), files.back().rows.begin(), files.back().rows.end());
  }
  // Uploads in parallel: set-up, not what is measured.
  std::vector<EventRecord> records(FILES);
  std::vector<std::thread> uploaders;
  for (int t = 0; t < PROCESSES; ++t) {
    uploaders.emplace_back([&, t] {
      for (int i = t; i < FILES; i += PROCESSES)
        records[static_cast<std::size_t>(i)] =
            upload("f" + std::to_string(i + 1) + ".csv", files[static_cast<std::size_t>(i)].csv);
    });
  }
  for (auto& uploader : uploaders)
    uploader.join();

  std::vector<EventRecord> deliveries;
  for (const auto& record : records) {
    deliveries.push_back(record);
    deliveries.push_back(record);
  }
  const unsigned seed = std::random_device{}();
  std::printf("[ seed ] shuffle seed %u\n", seed);
  std::shuffle(deliveries.begin(), deliveries.end(), std::mt19937(seed));

  const auto start = std::chrono::steady_clock::now();
  std::vector<RunResult> runs(PROCESSES);
  std::vector<std::thread> processes;
  const std::size_t per_process = deliveries.size() / PROCESSES;
  for (std::size_t p = 0; p < PROCESSES; ++p) {
    const std::vector<EventRecord> share(
        deliveries.begin() + static_cast<std::ptrdiff_t>(p * per_process),
        deliveries.begin() + static_cast<std::ptrdiff_t>((p + 1) * per_process));
    processes.emplace_back([&runs, p, event = s3_event(share), this] { runs[p] = invoke(event); });
  }
  for (auto& process : processes)
    process.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::map<std::string, int> statuses;
  std::map<std::string, int> loads_per_key;
  for (const auto& run : runs) {
    ASSERT_EQ(run.exit_code, 0) << "seed " << seed << "\n" << run.all();
    for (const auto& line : run.json_lines()) {
      if (!line.contains("status")) continue;  // the handler's response
      ++statuses[line["status"].get<std::string>()];
      if (line["status"] == "loaded") ++loads_per_key[line["key"].get<std::string>()];
    }
  }
  EXPECT_EQ(statuses, (std::map<std::string, int>{{"duplicate", FILES}, {"loaded", FILES}}))
      << "seed " << seed;
  EXPECT_EQ(loads_per_key.size(), static_cast<std::size_t>(FILES));
  for (const auto& [loaded_key, loads] : loads_per_key)
    EXPECT_EQ(loads, 1) << loaded_key;
  std::sort(all_rows.begin(), all_rows.end(), [](const std::string& a, const std::string& b) {
    // Record text "(file,line,payload)": order by the numbers, as the checksum query does.
    const auto numbers = [](const std::string& row) {
      const auto comma = row.find(',');
      return std::pair(std::stoi(row.substr(1, comma - 1)), std::stoi(row.substr(comma + 1)));
    };
    return numbers(a) < numbers(b);
  });
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(all_rows)) << "seed " << seed;
  EXPECT_EQ(target_rows(), FILES * 25);
  EXPECT_EQ(ledger_rows("loaded"), FILES);
  EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.ingestions WHERE key LIKE $1 AND attempts <> 1",
                       {m_prefix + "/%"}),
            0);
  std::printf("[ measured ] %d deliveries of %d files by %d processes: %.1f s\n", FILES * 2, FILES, PROCESSES,
              seconds);
}

TEST_F(Concurrency, AnOlderEventArrivingAfterANewerVersionLoadedIsSuperseded) {
  const auto old_file = generate_lines(1, 10, 31);
  const auto new_file = generate_lines(2, 10, 32);
  auto old_record = upload("daily.csv", old_file.csv);
  auto new_record = upload("daily.csv", new_file.csv);
  // Sequencers of different lengths compare as hexadecimal integers: 0x55AED6DCD9028200 > 0x55AED6DCD90281E5.
  old_record.sequencer = "0055AED6DCD90281E5";
  new_record.sequencer = "55AED6DCD9028200";

  const auto newer = invoke(s3_event({new_record}));
  ASSERT_EQ(newer.exit_code, 0) << newer.all();
  EXPECT_EQ(first_outcome(newer)["status"], "loaded");

  for (int delivery = 1; delivery <= 2; ++delivery) {
    const auto older = invoke(s3_event({old_record}));
    ASSERT_EQ(older.exit_code, 0) << older.all();
    const auto outcome = first_outcome(older);
    EXPECT_EQ(outcome["status"], "superseded") << older.all();
    EXPECT_EQ(outcome["version_id"], old_record.version_id);
    EXPECT_NE(outcome["detail"].get<std::string>().find("a newer version of the key (sequencer " +
                                                        new_record.sequencer + ") is already loaded"),
              std::string::npos)
        << older.all();
    EXPECT_EQ(outcome["bytes_read"], 0);  // decided from the ledger, before reading anything
  }
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(new_file.rows));
  // superseded is not recorded: the ledger has the newer version only.
  EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.ingestions WHERE key = $1", {key("daily.csv")}), 1);
  EXPECT_EQ(m_db.text("SELECT version_id FROM s3load.ingestions WHERE key = $1", {key("daily.csv")}),
            new_record.version_id);
}

TEST_F(Concurrency, AnObjectOverwrittenBeforeItIsReadIsSupersededAndTheNewerEventLoadsIt) {
  const std::string bucket = environment("S3LOAD_TEST_PLAIN_BUCKET");
  const auto old_file = generate_lines(1, 10, 41);
  const auto new_file = generate_lines(2, 10, 42);
  const auto old_put = put_object(bucket, key("overwritten.csv"), old_file.csv);
  const auto new_put = put_object(bucket, key("overwritten.csv"), new_file.csv);
  ASSERT_NE(old_put.etag, new_put.etag);
  auto old_record =
      record_for(bucket, key("overwritten.csv"), old_put, static_cast<std::int64_t>(old_file.csv.size()));
  auto new_record =
      record_for(bucket, key("overwritten.csv"), new_put, static_cast<std::int64_t>(new_file.csv.size()));
  ASSERT_EQ(old_record.version_id, "");  // unversioned: the read is pinned by If-Match on the ETag
  old_record.sequencer = "0055AED6DCD90281E5";
  new_record.sequencer = "0055AED6DCD90281F0";

  const auto older = invoke(s3_event({old_record}));
  ASSERT_EQ(older.exit_code, 0) << older.all();
  const auto outcome = first_outcome(older);
  EXPECT_EQ(outcome["status"], "superseded") << older.all();
  EXPECT_EQ(outcome["detail"],
            "s3://" + bucket + "/" + key("overwritten.csv") +
                " was overwritten since the event was sent (PreconditionFailed (HTTP 412)); "
                "the newer version's own event loads it")
      << older.all();
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_row(m_db, bucket, key("overwritten.csv")).status, "");

  const auto newer = invoke(s3_event({new_record}));
  ASSERT_EQ(newer.exit_code, 0) << newer.all();
  EXPECT_EQ(first_outcome(newer)["status"], "loaded") << newer.all();
  EXPECT_EQ(table_checksum(m_db, m_table), expected_checksum(new_file.rows));
  EXPECT_EQ(ledger_row(m_db, bucket, key("overwritten.csv")).status, "loaded");
}

}  // namespace
}  // namespace s3load::testing
