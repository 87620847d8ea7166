// PrefetchingReader: order, piece sizes, the end, failures handed out after the bytes before them,
// cancellation, and bounded read-ahead.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "pipeline/prefetching_reader.h"

namespace s3load {
namespace {

constexpr std::size_t PIECE = PrefetchingReader::BUFFER_BYTES;

// Serves `bytes` in reads of at most `step` bytes; then fails with `failure` if given, else ends.
// With `endless`, it never ends and counts what it produced.
class ScriptedSource : public ByteSource {
 public:
  ScriptedSource(std::string bytes, std::size_t step) : m_bytes(std::move(bytes)), m_step(step) {}

  std::size_t read(char* buffer, std::size_t size) override {
    if (m_endless) {
      const std::size_t count = std::min(size, m_step);
      std::memset(buffer, 'x', count);
      m_produced += count;
      return count;
    }
    if (m_at == m_bytes.size() && m_failure) throw Failure(*m_failure);
    const std::size_t count = std::min({size, m_step, m_bytes.size() - m_at});
    std::memcpy(buffer, m_bytes.data() + m_at, count);
    m_at += count;
    m_produced += count;
    return count;
  }
  const ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_produced; }

  void fail_at_end(Error error) { m_failure = std::move(error); }
  void make_endless() { m_endless = true; }
  std::uint64_t produced() const { return m_produced; }

 private:
  std::string m_bytes;
  std::size_t m_step;
  std::size_t m_at = 0;
  std::optional<Error> m_failure;
  bool m_endless = false;
  std::atomic<std::uint64_t> m_produced{0};
  ObjectInfo m_info;
};

std::string pattern(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
  return bytes;
}

TEST(PrefetchingReader, HandsOutTheStreamInOrderInFullPiecesWhateverTheSourceReadSizes) {
  const std::string bytes = pattern(2 * PIECE + 12345);
  ScriptedSource source(bytes, 1000);  // many short reads make each piece
  PrefetchingReader reader(source, nullptr, "stopped");
  std::string got;
  std::vector<std::size_t> sizes;
  for (;;) {
    const auto piece = reader.next();
    got.append(piece.bytes);
    sizes.push_back(piece.bytes.size());
    if (piece.last) break;
  }
  EXPECT_EQ(got, bytes);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{PIECE, PIECE, 12345}));
  const auto after = reader.next();
  EXPECT_TRUE(after.last);
  EXPECT_TRUE(after.bytes.empty());
}

TEST(PrefetchingReader, AnEmptySourceGivesOneEmptyLastPiece) {
  ScriptedSource source("", 1000);
  PrefetchingReader reader(source, nullptr, "stopped");
  const auto piece = reader.next();
  EXPECT_TRUE(piece.last);
  EXPECT_TRUE(piece.bytes.empty());
}

TEST(PrefetchingReader, AStreamOfExactlyOnePieceEndsWithAnEmptyLastPiece) {
  const std::string bytes = pattern(PIECE);
  ScriptedSource source(bytes, PIECE);
  PrefetchingReader reader(source, nullptr, "stopped");
  const auto first = reader.next();
  EXPECT_EQ(first.bytes, bytes);
  EXPECT_FALSE(first.last);
  const auto second = reader.next();
  EXPECT_TRUE(second.last);
  EXPECT_TRUE(second.bytes.empty());
}

TEST(PrefetchingReader, AFailureComesAfterEveryByteReadBeforeItAndStays) {
  const std::string bytes = pattern(PIECE + 777);
  ScriptedSource source(bytes, 4096);
  source.fail_at_end(permanent_error("bad_gzip", "gzip data ends early, at compressed byte offset 42"));
  PrefetchingReader reader(source, nullptr, "stopped");
  const auto first = reader.next();
  EXPECT_EQ(first.bytes, std::string_view(bytes).substr(0, PIECE));
  EXPECT_FALSE(first.last);
  const auto second = reader.next();  // cut short by the failure, and not the last
  EXPECT_EQ(second.bytes, std::string_view(bytes).substr(PIECE));
  EXPECT_FALSE(second.last);
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      reader.next();
      FAIL() << "expected the source's failure";
    } catch (const Failure& failure) {
      EXPECT_EQ(failure.error().code, "bad_gzip");
      EXPECT_EQ(failure.error().message, "gzip data ends early, at compressed byte offset 42");
      EXPECT_FALSE(failure.error().is_transient());
    }
  }
}

TEST(PrefetchingReader, ACancelledLoadStopsWithATransientFailure) {
  ScriptedSource source(pattern(3 * PIECE), PIECE);
  CancelFlag cancel{false};
  PrefetchingReader reader(source, &cancel,
                           "loading s3://b/k was stopped (deadline approaching or shutting down)");
  EXPECT_EQ(reader.next().bytes.size(), PIECE);
  cancel = true;
  try {
    reader.next();
    FAIL() << "expected a cancellation";
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.error().code, "cancelled");
    EXPECT_EQ(failure.error().message,
              "loading s3://b/k was stopped (deadline approaching or shutting down)");
    EXPECT_TRUE(failure.error().is_transient());
  }
}

TEST(PrefetchingReader, ReadsAheadABoundedAmountOnly) {
  ScriptedSource source("", 64u << 10);
  source.make_endless();
  {
    PrefetchingReader reader(source, nullptr, "stopped");
    EXPECT_EQ(reader.next().bytes.size(), PIECE);
    EXPECT_EQ(reader.next().bytes.size(), PIECE);
  }  // the destructor stops the thread wherever it is
  // The ready queue, the piece being filled and the consumer's piece: nothing more, however fast the source.
  EXPECT_LE(source.produced(), (PrefetchingReader::BUFFERS + 3) * PIECE);
}

TEST(PrefetchingReader, CanBeDestroyedBeforeReadingAnything) {
  ScriptedSource source("", 64u << 10);
  source.make_endless();
  { PrefetchingReader reader(source, nullptr, "stopped"); }
  EXPECT_LE(source.produced(), (PrefetchingReader::BUFFERS + 1) * PIECE);
}

}  // namespace
}  // namespace s3load
