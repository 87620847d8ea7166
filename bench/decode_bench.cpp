// Throughput of the byte stages through decode_object, read the way the file loader reads (256 KiB
// buffers) from an in-memory object: plain pass-through, gunzip, windows-1252 and latin-1 transcoding,
// and gunzip + transcoding together. Rates are of the decoded output unless a counter says otherwise.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "decode/decoding_source.h"

namespace {

using s3load::ByteSource;
using s3load::Encoding;
using s3load::FeedConfig;
using s3load::ObjectInfo;

constexpr std::size_t INPUT_BYTES = 32u << 20;
constexpr std::size_t READ_BUFFER_BYTES = 256u << 10;

// Serves an object from memory in pieces of at most 64 KiB, as a network body arrives.
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : m_bytes(bytes) {}
  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t count = std::min({size, std::size_t{64u << 10}, m_bytes.size() - m_at});
    std::memcpy(buffer, m_bytes.data() + m_at, count);
    m_at += count;
    return count;
  }
  const ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_at; }

 private:
  std::string_view m_bytes;
  std::size_t m_at = 0;
  ObjectInfo m_info;
};

// A vendor orders export with European names: about 2% of the bytes are outside ASCII, each one a
// single byte in windows-1252 (é ü ß …) or €.
std::string orders_windows_1252() {
  std::mt19937_64 rng(20240115);
  static constexpr const char* CUSTOMERS[] = {"Caf\xE9 M\xFCller",
                                              "Stra\xDF"
                                              "e & S\xF6hne",
                                              "ACME Corp",
                                              "Globex",
                                              "Se\xF1or Pe\xF1"
                                              "a",
                                              "Initech"};
  std::string out = "order_id,customer,amount,currency,order_date,status,note\r\n";
  char line[256];
  for (std::uint64_t id = 1000000; out.size() < INPUT_BYTES; ++id) {
    const int length = std::snprintf(
        line, sizeof line, "%llu,\"%s\",%llu.%02llu,%s,2024-%02llu-%02llu,shipped,\"%s\"\r\n",
        static_cast<unsigned long long>(id), CUSTOMERS[rng() % 6],
        static_cast<unsigned long long>(rng() % 10000), static_cast<unsigned long long>(rng() % 100),
        rng() % 4 == 0 ? "\x80" : "EUR", static_cast<unsigned long long>(1 + rng() % 12),
        static_cast<unsigned long long>(1 + rng() % 28),
        rng() % 10 == 0 ? "\x93gift\x94 \x96 wrapped" : "ok");
    out.append(line, static_cast<std::size_t>(length));
  }
  return out;
}

// The same rows with every byte >= 0x80 replaced: pure ASCII, valid in every encoding.
std::string orders_ascii() {
  std::string out = orders_windows_1252();
  for (char& byte : out)
    if (static_cast<unsigned char>(byte) >= 0x80) byte = 'e';
  return out;
}

std::string gzip(std::string_view data, int level) {
  z_stream zlib{};
  if (deflateInit2(&zlib, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zlib, static_cast<uLong>(data.size())), '\0');
  zlib.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zlib.avail_in = static_cast<uInt>(data.size());
  zlib.next_out = reinterpret_cast<Bytef*>(out.data());
  zlib.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zlib, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zlib.total_out);
  deflateEnd(&zlib);
  return out;
}

void decode_all(benchmark::State& state, const std::string& object, Encoding encoding) {
  FeedConfig feed;
  feed.name = "bench";
  feed.encoding = encoding;
  std::vector<char> buffer(READ_BUFFER_BYTES);
  std::uint64_t produced = 0;
  for (auto _ : state) {
    auto source = s3load::decode_object(std::make_unique<MemorySource>(object), feed);
    while (const std::size_t got = source->read(buffer.data(), buffer.size())) {
      benchmark::DoNotOptimize(buffer.data());
      produced += got;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(produced));
  state.counters["input_MB/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * object.size()) / 1e6, benchmark::Counter::kIsRate);
}

void BM_PassThroughUtf8(benchmark::State& state) {
  static const std::string object = orders_ascii();
  decode_all(state, object, Encoding::utf8);
}
BENCHMARK(BM_PassThroughUtf8)->Unit(benchmark::kMillisecond);

void BM_Gunzip(benchmark::State& state) {
  static const std::string object = gzip(orders_ascii(), static_cast<int>(state.range(0)));
  decode_all(state, object, Encoding::utf8);
}
BENCHMARK(BM_Gunzip)->Arg(6)->Unit(benchmark::kMillisecond);

void BM_Windows1252(benchmark::State& state) {
  static const std::string object = orders_windows_1252();
  decode_all(state, object, Encoding::windows_1252);
}
BENCHMARK(BM_Windows1252)->Unit(benchmark::kMillisecond);

void BM_Windows1252AllAscii(benchmark::State& state) {
  static const std::string object = orders_ascii();
  decode_all(state, object, Encoding::windows_1252);
}
BENCHMARK(BM_Windows1252AllAscii)->Unit(benchmark::kMillisecond);

void BM_Latin1(benchmark::State& state) {
  static const std::string object = orders_windows_1252();
  decode_all(state, object, Encoding::latin_1);
}
BENCHMARK(BM_Latin1)->Unit(benchmark::kMillisecond);

void BM_GunzipWindows1252(benchmark::State& state) {
  static const std::string object = gzip(orders_windows_1252(), 6);
  decode_all(state, object, Encoding::windows_1252);
}
BENCHMARK(BM_GunzipWindows1252)->Unit(benchmark::kMillisecond);

void BM_DetectDelimiter(benchmark::State& state) {
  static const std::string sample = orders_ascii().substr(0, 64u << 10);
  for (auto _ : state)
    benchmark::DoNotOptimize(s3load::detect_delimiter(sample, '"'));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * sample.size()));
}
BENCHMARK(BM_DetectDelimiter)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
