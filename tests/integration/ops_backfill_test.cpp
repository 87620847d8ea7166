// s3load backfill against real PostgreSQL and Ceph RGW: 500 objects with 4 workers load exactly once,
// an interrupted backfill resumes without loading anything twice, the progress bar on a pseudo-terminal,
// dry runs and errors.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "ops/progress.h"
#include "support/child_command.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A running s3load whose stdout goes to a file and whose stderr goes to a file or a terminal.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        int stderr_fd = -1) {
    static std::atomic<int> counter{0};
    const std::string base =
        temp_dir() + "/child-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    m_out_path = base + ".out";
    m_err_path = base + ".err";
    ChildCommand command(s3load_command_line(args), environment_with(env));
    SpawnActions actions;
    posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(actions.get(), 1, m_out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    if (stderr_fd >= 0)
      posix_spawn_file_actions_adddup2(actions.get(), stderr_fd, 2);
    else
      posix_spawn_file_actions_addopen(actions.get(), 2, m_err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0600);
    m_pid = command.spawn(actions);
  }

  // A test that fails half-way must not leave a backfill running.
  ~Child() {
    if (m_reaped) return;
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void interrupt() const { ::kill(m_pid, SIGINT); }

  // Blocks until the child ends; returns its exit code.
  int wait() {
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_reaped = true;
    return exit_code_of(status);
  }

  // Whether the child has ended (then `code` is set).
  bool ended(int& code) {
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) != m_pid) return false;
    m_reaped = true;
    code = exit_code_of(status);
    return true;
  }

  RunResult result(int exit_code) const { return {exit_code, read_file(m_out_path), read_file(m_err_path)}; }

 private:
  pid_t m_pid = -1;
  bool m_reaped = false;
  std::string m_out_path;
  std::string m_err_path;
};

// Uploads many objects with a few threads (one libcurl request each).
void upload_all(const std::string& bucket, const std::vector<std::pair<std::string, std::string>>& objects,
                int threads = 8) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> workers;
  std::atomic<bool> failed{false};
  std::string failure;
  std::mutex failure_mutex;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      for (std::size_t index = next++; index < objects.size(); index = next++) {
        try {
          put_object(bucket, objects[index].first, objects[index].second);
        } catch (const std::exception& error) {
          std::lock_guard lock(failure_mutex);
          failed = true;
          failure = error.what();
        }
      }
    });
  }
  for (auto& worker : workers)
    worker.join();
  if (failed) throw std::runtime_error(failure);
}

// `rows` orders per file, ids unique across files: file f holds ids f*rows+1 … (f+1)*rows.
std::string orders_file(int file, int rows) {
  std::string csv = "order_id,customer,amount,ordered_at\n";
  for (int row = 1; row <= rows; ++row)
    csv += std::to_string(file * rows + row) + ",customer " + std::to_string(row) + ",1.25,2026-11-27\n";
  return csv;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++count;
  return count;
}

class OpsBackfill : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }

  std::string prefix_url() const { return "s3://" + m_bucket + "/" + m_prefix + "/"; }

  std::vector<std::pair<std::string, std::string>> orders_files(int files, int rows) const {
    std::vector<std::pair<std::string, std::string>> objects;
    for (int file = 0; file < files; ++file) {
      char name[32];
      std::snprintf(name, sizeof name, "part-%04d.csv", file);
      objects.emplace_back(key(name), orders_file(file, rows));
    }
    return objects;
  }

  RunResult backfill(std::vector<std::string> args) {
    args.insert(args.begin(), "backfill");
    return run_s3load(args, base_env());
  }

  // Every key of this test loaded exactly once, and no loaded version also left failed or rejected.
  // (A load cancelled before S3 answered is recorded under the listed ETag alone, as the version was not
  // known yet; that row stays "failed" beside the loaded row of the version. See docs/operations.md.)
  void expect_each_loaded_once(std::int64_t files) {
    EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.ingestions WHERE bucket = $1 AND key LIKE $2 "
                         "AND status = 'loaded'",
                         {m_bucket, m_prefix + "/%"}),
              files);
    EXPECT_EQ(
        m_db.count("SELECT count(DISTINCT key) FROM s3load.ingestions WHERE bucket = $1 AND key LIKE $2 "
                   "AND status = 'loaded'",
                   {m_bucket, m_prefix + "/%"}),
        files);
    EXPECT_EQ(m_db.count("SELECT count(*) FROM s3load.ingestions WHERE bucket = $1 AND key LIKE $2 "
                         "AND status <> 'loaded' AND version_id IS NOT NULL",
                         {m_bucket, m_prefix + "/%"}),
              0);
  }
};

TEST_F(OpsBackfill, FiveHundredSmallObjectsWithFourWorkersLoadEachExactlyOnce) {
  constexpr int FILES = 500;
  constexpr int ROWS = 3;
  const auto objects = orders_files(FILES, ROWS);
  std::uint64_t bytes = 0;
  for (const auto& [name, body] : objects)
    bytes += body.size();
  const auto upload_started = Clock::now();
  upload_all(m_bucket, objects);
  const double upload_seconds = std::chrono::duration<double>(Clock::now() - upload_started).count();

  const auto started = Clock::now();
  const auto result = backfill({prefix_url(), "--concurrency", "4"});
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::cout << "[ timing ] uploaded " << FILES << " objects in " << upload_seconds << " s; backfill of "
            << FILES << " objects with --concurrency 4 took " << seconds << " s\n";
  RecordProperty("backfill_500_seconds", std::to_string(seconds));

  ASSERT_EQ(result.exit_code, 0) << result.all().substr(0, 4000);
  const auto outcomes = result.json_lines();
  ASSERT_EQ(outcomes.size(), static_cast<std::size_t>(FILES));
  std::set<std::string> keys;
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome["status"], "loaded") << outcome.dump();
    EXPECT_EQ(outcome["rows_loaded"], ROWS);
    keys.insert(outcome["key"].get<std::string>());
  }
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(FILES));
  expect_each_loaded_once(FILES);
  EXPECT_EQ(target_rows(), FILES * ROWS);
  EXPECT_EQ(m_db.count("SELECT count(DISTINCT order_id) FROM " + m_table), FILES * ROWS);
  // Four workers, four database sessions: every load carries the run's request id.
  EXPECT_EQ(m_db.count("SELECT count(DISTINCT request_id) FROM s3load.ingestions WHERE key LIKE $1",
                       {m_prefix + "/%"}),
            1);
  // On a pipe: the plan, progress lines and the summary are JSON log lines on stderr.
  EXPECT_NE(result.err.find("\"message\":\"" + prefix_url() + ": 500 objects listed; 500 to load (" +
                            ops::format_bytes(bytes) +
                            "); skipped: 0 already loaded, 0 matching no feed, 0 folder markers\""),
            std::string::npos)
      << result.err.substr(0, 2000);
  EXPECT_NE(result.err.find("\"message\":\"backfill progress\""), std::string::npos);
  EXPECT_NE(result.err.find("\"message\":\"backfill finished in "), std::string::npos);
  EXPECT_NE(result.err.find(": 500 loaded, 0 already loaded, 0 rejected, 0 failed; 1,500 rows, " +
                            ops::format_bytes(bytes) + "\""),
            std::string::npos)
      << result.err.substr(result.err.size() > 2000 ? result.err.size() - 2000 : 0);

  // A second run finds everything loaded and fetches nothing.
  const auto again = backfill({prefix_url(), "--concurrency", "4"});
  ASSERT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(again.out, "");
  EXPECT_NE(again.err.find("500 objects listed; 0 to load (0 B); skipped: 500 already loaded"),
            std::string::npos)
      << again.err;
  expect_each_loaded_once(FILES);
  EXPECT_EQ(target_rows(), FILES * ROWS);
}

TEST_F(OpsBackfill, AnInterruptedBackfillResumesWithoutLoadingAnythingTwice) {
  constexpr int FILES = 120;
  constexpr int ROWS = 2000;  // about 60 KB each: loads last long enough to be interrupted mid-way
  upload_all(m_bucket, orders_files(FILES, ROWS));

  Child child({"backfill", prefix_url(), "--concurrency", "2"}, base_env());
  // Interrupt once a few objects are loaded (read from the ledger, as an operator would see them).
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  std::int64_t loaded_before_signal = 0;
  int early_exit = -1;
  while (Clock::now() < deadline) {
    loaded_before_signal = ledger_rows("loaded");
    if (loaded_before_signal >= 5) break;
    ASSERT_FALSE(child.ended(early_exit)) << child.result(early_exit).all();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GE(loaded_before_signal, 5) << "the backfill loaded nothing within the deadline";
  child.interrupt();
  const auto first = child.result(child.wait());

  EXPECT_EQ(first.exit_code, 1) << first.all().substr(0, 4000);
  EXPECT_NE(first.err.find("\"message\":\"backfill interrupted after "), std::string::npos)
      << first.err.substr(0, 4000);
  EXPECT_NE(
      first.err.find(" stopped and rolled back); run the same command again to continue: loaded objects are "
                     "skipped\""),
      std::string::npos)
      << first.err.substr(0, 4000);
  const std::int64_t loaded_after_first = ledger_rows("loaded");
  ASSERT_LT(loaded_after_first, FILES) << "the interruption came too late to leave work for the second run";
  // Loads in flight rolled back: their rows are not in the table, their ledger rows say failed.
  EXPECT_EQ(target_rows(), loaded_after_first * ROWS);
  for (const auto& outcome : first.json_lines()) {
    if (outcome["status"] == "failed") {
      EXPECT_EQ(outcome["error_code"], "cancelled") << outcome.dump();
    }
  }
  std::int64_t loaded_lines = 0;
  for (const auto& outcome : first.json_lines())
    loaded_lines += outcome["status"] == "loaded";
  EXPECT_EQ(loaded_lines, loaded_after_first);

  const auto second = backfill({prefix_url(), "--concurrency", "2"});
  ASSERT_EQ(second.exit_code, 0) << second.all().substr(0, 4000);
  std::int64_t loaded_second = 0;
  for (const auto& outcome : second.json_lines()) {
    EXPECT_EQ(outcome["status"], "loaded") << outcome.dump();
    loaded_second += outcome["status"] == "loaded";
  }
  EXPECT_EQ(loaded_second, FILES - loaded_after_first);
  EXPECT_NE(second.err.find("skipped: " + std::to_string(loaded_after_first) + " already loaded"),
            std::string::npos)
      << second.err.substr(0, 2000);
  expect_each_loaded_once(FILES);
  EXPECT_EQ(target_rows(), FILES * ROWS);
  EXPECT_EQ(m_db.count("SELECT count(DISTINCT order_id) FROM " + m_table), FILES * ROWS);
}

TEST_F(OpsBackfill, ProgressBarOnATerminal) {
  constexpr int FILES = 40;
  upload_all(m_bucket, orders_files(FILES, 200));

  int terminal = -1;
  int child_side = -1;
  winsize size{};
  size.ws_row = 20;
  size.ws_col = 100;
  ASSERT_EQ(::openpty(&terminal, &child_side, nullptr, nullptr, &size), 0);
  ::fcntl(terminal, F_SETFD, FD_CLOEXEC);
  ::fcntl(child_side, F_SETFD, FD_CLOEXEC);
  const auto started = Clock::now();
  Child child({"backfill", prefix_url(), "--concurrency", "2"}, base_env(), child_side);
  ::close(child_side);

  // Read the terminal until the child has closed it (read then fails with EIO), within a deadline.
  std::string screen;
  const auto deadline = started + std::chrono::seconds(120);
  while (Clock::now() < deadline) {
    pollfd fd{terminal, POLLIN, 0};
    if (::poll(&fd, 1, 200) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(terminal, buffer, sizeof buffer);
    if (n <= 0) break;
    screen.append(buffer, static_cast<std::size_t>(n));
  }
  const auto result = child.result(child.wait());
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  ::close(terminal);

  ASSERT_EQ(result.exit_code, 0) << screen;
  // The terminal gets text, not JSON log lines; the outcome lines went to stdout (a file here).
  EXPECT_EQ(screen.find("\"level\""), std::string::npos) << screen;
  EXPECT_EQ(result.json_lines().size(), static_cast<std::size_t>(FILES));
  EXPECT_NE(screen.find(prefix_url() + ": 40 objects listed; 40 to load ("), std::string::npos) << screen;
  // Redrawn in place with "\r" + erase-line, at most 10 times a second (plus the final drawing and the
  // erasures before messages).
  EXPECT_GE(count_of(screen, "\r\033[K"), 1u) << screen;
  EXPECT_LE(count_of(screen, "\r\033[K"), static_cast<std::size_t>(seconds * 10) + 4) << screen;
  // The last drawing shows everything done, fitted to the 100-column terminal.
  const auto last = screen.rfind("\r\033[K40/40 files  100% [");
  ASSERT_NE(last, std::string::npos) << screen;
  const auto end_of_bar = screen.find('\n', last);
  ASSERT_NE(end_of_bar, std::string::npos);
  std::string bar = screen.substr(last + 4, end_of_bar - last - 4);
  if (!bar.empty() && bar.back() == '\r') bar.pop_back();  // the terminal turns "\n" into "\r\n"
  EXPECT_LE(bar.size(), 99u) << bar;
  EXPECT_NE(bar.find("]  8,000 rows  "), std::string::npos) << bar;
  EXPECT_NE(bar.find("ETA 0s"), std::string::npos) << bar;
  EXPECT_NE(screen.find("backfill finished in "), std::string::npos) << screen;
  EXPECT_NE(screen.find(": 40 loaded, 0 already loaded, 0 rejected, 0 failed; 8,000 rows, "),
            std::string::npos)
      << screen;
  expect_each_loaded_once(FILES);
}

TEST_F(OpsBackfill, DryRunListsWhatWouldLoadAndLoadsNothing) {
  write_temp_file(m_prefix + ".toml", "[[feed]]\nname = \"" + m_prefix + "\"\nmatch = \"" + m_prefix +
                                          "/*.csv\"\ntable = \"" + m_table + "\"\n");
  upload("a.csv", ORDERS_CSV);
  const std::string pending_body = "order_id,customer\n7,Ken\n";
  const auto pending = upload("b.csv", pending_body);
  upload("notes.txt", "not a feed's file");
  put_object(m_bucket, m_prefix + "/folder/", "");
  ASSERT_EQ(ingest({"s3://" + m_bucket + "/" + key("a.csv")}).exit_code, 0);

  const auto result = backfill({prefix_url(), "--dry-run"});
  ASSERT_EQ(result.exit_code, 0) << result.all();
  ASSERT_EQ(result.json_lines().size(), 1u) << result.all();
  EXPECT_EQ(result.json_lines()[0], nlohmann::json({{"status", "would_load"},
                                                    {"bucket", m_bucket},
                                                    {"key", key("b.csv")},
                                                    {"etag", pending.etag},
                                                    {"size", pending_body.size()},
                                                    {"feed", m_prefix}}));
  EXPECT_NE(result.err.find(prefix_url() + ": 4 objects listed; 1 would load (" +
                            std::to_string(pending_body.size()) +
                            " B); skipped: 1 already loaded, 1 matching no feed, 1 folder markers"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(ledger_rows("loaded"), 1);
  EXPECT_EQ(target_rows(), 3);
}

TEST_F(OpsBackfill, ARejectedObjectIsReportedAndTheRunExits2) {
  upload("good.csv", ORDERS_CSV);
  upload("bad.csv", "order_id,customer\nnot-a-number,Ada\n");
  const auto result = backfill({prefix_url()});
  EXPECT_EQ(result.exit_code, 2) << result.all();
  std::map<std::string, std::string> statuses;
  for (const auto& outcome : result.json_lines())
    statuses[outcome["key"]] = outcome["status"];
  EXPECT_EQ(statuses,
            (std::map<std::string, std::string>{{key("bad.csv"), "rejected"}, {key("good.csv"), "loaded"}}));
  const auto id = m_db.count("SELECT id FROM s3load.ingestions WHERE key = $1", {key("bad.csv")});
  EXPECT_NE(result.err.find("1 loaded, 0 already loaded, 1 rejected, 0 failed; 3 rows"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("\\n  rejected s3://" + m_bucket + "/" + key("bad.csv") +
                            " (s3load status --id " + std::to_string(id) + "): "),
            std::string::npos)
      << result.err;
}

TEST_F(OpsBackfill, ErrorsSayWhatIsWrongAndHowToFixIt) {
  const auto not_url = backfill({m_bucket + "/" + m_prefix});
  EXPECT_EQ(not_url.exit_code, 2);
  EXPECT_EQ(not_url.err,
            "s3load: \"" + m_bucket + "/" + m_prefix +
                "\" is not an S3 URL; use s3://bucket/prefix/ (or s3://bucket for the whole bucket)\n");
  const auto concurrency = backfill({prefix_url(), "--concurrency", "0"});
  EXPECT_EQ(concurrency.exit_code, 2);
  EXPECT_EQ(
      concurrency.err,
      "s3load: --concurrency 0 is out of range; use 1 to 64 (each worker holds one database connection)\n");
  const auto feed = backfill({prefix_url(), "--feed", "nope"});
  EXPECT_EQ(feed.exit_code, 2);
  EXPECT_EQ(feed.err, "s3load: no feed named \"nope\" in " + m_config_path + "; configured feeds:\n  " +
                          m_prefix + " (match \"" + m_prefix + "/**\", table " + m_table + ")\n");
  const auto bucket = backfill({"s3://no-such-bucket-" + m_prefix.substr(m_prefix.size() - 6) + "/x/"});
  EXPECT_EQ(bucket.exit_code, 2) << bucket.all();
  EXPECT_NE(bucket.err.find("s3load: backfill of s3://no-such-bucket-"), std::string::npos) << bucket.err;
  EXPECT_NE(bucket.err.find(" stopped before loading anything: "), std::string::npos) << bucket.err;
}

}  // namespace
}  // namespace s3load::testing
