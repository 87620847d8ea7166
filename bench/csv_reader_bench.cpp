// Throughput of the streaming CSV reader on deterministic generated input, fed in chunks the way the
// pipeline feeds it (S3 body → decompress → reader).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>

#include "csv/csv_reader.h"

namespace {

using s3load::csv::Options;
using s3load::csv::Reader;
using s3load::csv::ReadStatus;
using s3load::csv::Record;

constexpr std::size_t INPUT_BYTES = 32u << 20;

// A typical vendor orders export: 10 short columns (ints, decimals, dates, short quoted strings), one
// note in ten holding a delimiter and doubled quotes.
std::string orders_csv() {
  std::mt19937_64 rng(20240115);  // fixed seed: every run reads the same bytes
  std::string out = "order_id,customer_id,amount,quantity,order_date,ship_date,status,sku,price,note\n";
  static constexpr const char* STATUSES[] = {"shipped", "pending", "cancelled", "returned"};
  char line[256];
  for (std::uint64_t id = 1000000; out.size() < INPUT_BYTES; ++id) {
    const int length = std::snprintf(
        line, sizeof line,
        "%llu,%llu,%llu.%02llu,%llu,2024-%02llu-%02llu,2024-%02llu-%02llu,\"%s\",\"SKU-%05llu\",%llu.%02llu,"
        "\"%s\"\n",
        static_cast<unsigned long long>(id), static_cast<unsigned long long>(rng() % 100000),
        static_cast<unsigned long long>(rng() % 10000), static_cast<unsigned long long>(rng() % 100),
        static_cast<unsigned long long>(rng() % 20), static_cast<unsigned long long>(1 + rng() % 12),
        static_cast<unsigned long long>(1 + rng() % 28), static_cast<unsigned long long>(1 + rng() % 12),
        static_cast<unsigned long long>(1 + rng() % 28), STATUSES[rng() % 4],
        static_cast<unsigned long long>(rng() % 100000), static_cast<unsigned long long>(rng() % 1000),
        static_cast<unsigned long long>(rng() % 100), rng() % 10 == 0 ? "gift, \"\"wrapped\"\"" : "ok");
    out.append(line, static_cast<std::size_t>(length));
  }
  return out;
}

// Long quoted free text with line breaks and doubled quotes: the quoted-field path and line counting.
std::string notes_csv() {
  std::mt19937_64 rng(7);
  std::string out = "id,note\r\n";
  for (std::uint64_t id = 1; out.size() < INPUT_BYTES; ++id) {
    out += std::to_string(id) + ",\"";
    const std::size_t words = 20 + rng() % 40;
    for (std::size_t w = 0; w < words; ++w) {
      switch (rng() % 16) {
        case 0:
          out += "\r\n";
          break;
        case 1:
          out += "\"\"quoted\"\" ";
          break;
        default:
          out += "lorem ipsum ";
      }
    }
    out += "\"\r\n";
  }
  return out;
}

// 400 short columns per record: the per-field cost.
std::string wide_csv() {
  std::string out;
  for (std::uint64_t row = 0; out.size() < INPUT_BYTES; ++row) {
    for (int column = 0; column < 400; ++column) {
      if (column) out += ',';
      out += std::to_string((row * 400 + static_cast<std::uint64_t>(column)) % 1000);
    }
    out += '\n';
  }
  return out;
}

void read_all(benchmark::State& state, const std::string& input) {
  const auto chunk_size = static_cast<std::size_t>(state.range(0));
  std::uint64_t records = 0;
  for (auto _ : state) {
    Reader reader(Options{});
    Record record;
    std::size_t at = 0;
    for (;;) {
      ReadStatus status;
      while ((status = reader.next(record)) == ReadStatus::record) {
        benchmark::DoNotOptimize(record.fields.data());
        ++records;
      }
      if (status != ReadStatus::need_input) {
        if (status == ReadStatus::error) state.SkipWithError(reader.error().message.c_str());
        break;
      }
      if (at < input.size()) {
        reader.feed(std::string_view(input).substr(at, chunk_size));
        at += chunk_size;
      } else {
        reader.finish();
      }
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void BM_ReadOrders(benchmark::State& state) {
  static const std::string input = orders_csv();
  read_all(state, input);
}
BENCHMARK(BM_ReadOrders)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_ReadQuotedNotes(benchmark::State& state) {
  static const std::string input = notes_csv();
  read_all(state, input);
}
BENCHMARK(BM_ReadQuotedNotes)->Arg(64 << 10)->Unit(benchmark::kMillisecond);

void BM_ReadWideRecords(benchmark::State& state) {
  static const std::string input = wide_csv();
  read_all(state, input);
}
BENCHMARK(BM_ReadWideRecords)->Arg(64 << 10)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
