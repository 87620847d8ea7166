// Throughput of the value converters (src/convert/): input bytes per second turned into binary COPY
// values, on deterministic generated values typical of vendor files. The output buffer is reused, as the
// row encoders reuse theirs.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "convert/column_converter.h"

namespace {

using s3load::ColumnInfo;
using s3load::convert::ColumnConverter;

constexpr std::size_t VALUES = 100000;

std::vector<std::string> generate(const std::function<std::string(std::mt19937_64&)>& make) {
  std::mt19937_64 rng(20240115);  // fixed seed: every run converts the same values
  std::vector<std::string> values;
  values.reserve(VALUES);
  for (std::size_t i = 0; i < VALUES; ++i)
    values.push_back(make(rng));
  return values;
}

std::string format(const char* pattern, auto... arguments) {
  char buffer[128];
  const int length = std::snprintf(buffer, sizeof buffer, pattern, arguments...);
  return std::string(buffer, static_cast<std::size_t>(length));
}

void run(benchmark::State& state, std::uint32_t type_oid, std::int32_t typmod,
         const std::vector<std::string>& values) {
  ColumnInfo column;
  column.name = "c";
  column.type_oid = type_oid;
  column.typmod = typmod;
  auto converter = ColumnConverter::for_column(column, nullptr);
  std::size_t bytes = 0;
  for (const auto& value : values)
    bytes += value.size();
  std::string out;
  out.reserve(64 * values.size());
  for (auto _ : state) {
    out.clear();
    for (const auto& value : values)
      if (converter->to_binary(value, out)) state.SkipWithError("a value was refused");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}

void integer(benchmark::State& state) {
  static const auto values =
      generate([](auto& rng) { return std::to_string(static_cast<std::int32_t>(rng())); });
  run(state, 23, -1, values);
}

void numeric_12_2(benchmark::State& state) {
  static const auto values = generate([](auto& rng) {
    return format("%llu.%02llu", static_cast<unsigned long long>(rng() % 10000000),
                  static_cast<unsigned long long>(rng() % 100));
  });
  run(state, 1700, ((12 << 16) | 2) + 4, values);
}

void double_precision(benchmark::State& state) {
  static const auto values =
      generate([](auto& rng) { return format("%.6f", static_cast<double>(rng() % 100000000) / 1000.0); });
  run(state, 701, -1, values);
}

void date(benchmark::State& state) {
  static const auto values = generate([](auto& rng) {
    return format("%04llu-%02llu-%02llu", static_cast<unsigned long long>(1990 + rng() % 50),
                  static_cast<unsigned long long>(1 + rng() % 12),
                  static_cast<unsigned long long>(1 + rng() % 28));
  });
  run(state, 1082, -1, values);
}

void timestamptz(benchmark::State& state) {
  static const auto values = generate([](auto& rng) {
    return format(
        "%04llu-%02llu-%02lluT%02llu:%02llu:%02llu.%06lluZ",
        static_cast<unsigned long long>(1990 + rng() % 50), static_cast<unsigned long long>(1 + rng() % 12),
        static_cast<unsigned long long>(1 + rng() % 28), static_cast<unsigned long long>(rng() % 24),
        static_cast<unsigned long long>(rng() % 60), static_cast<unsigned long long>(rng() % 60),
        static_cast<unsigned long long>(rng() % 1000000));
  });
  run(state, 1184, -1, values);
}

void text(benchmark::State& state) {
  static const auto values = generate([](auto& rng) {
    static constexpr const char* WORDS[] = {"Acme",  "Corp", "Zoë",     "Straße",
                                            "order", "gift", "wrapped", "日本"};
    std::string value;
    const auto words = 2 + rng() % 6;
    for (std::uint64_t i = 0; i < words; ++i)
      value += std::string(i ? " " : "") + WORDS[rng() % 8];
    return value;
  });
  run(state, 25, -1, values);
}

void varchar_40(benchmark::State& state) {
  static const auto values = generate(
      [](auto& rng) { return format("customer %llu", static_cast<unsigned long long>(rng() % 1000000)); });
  run(state, 1043, 40 + 4, values);
}

void uuid(benchmark::State& state) {
  static const auto values = generate([](auto& rng) {
    return format("%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(rng() & 0xFFFFFFFF),
                  static_cast<unsigned long long>(rng() & 0xFFFF),
                  static_cast<unsigned long long>(rng() & 0xFFFF),
                  static_cast<unsigned long long>(rng() & 0xFFFF),
                  static_cast<unsigned long long>(rng() & 0xFFFFFFFFFFFF));
  });
  run(state, 2950, -1, values);
}

void jsonb(benchmark::State& state) {
  static const auto values = generate([](auto& rng) {
    return format(
        "{\"sku\": \"SKU-%05llu\", \"qty\": %llu, \"tags\": [\"gift\", \"prio\"], \"price\": %llu.%02llu}",
        static_cast<unsigned long long>(rng() % 100000), static_cast<unsigned long long>(rng() % 20),
        static_cast<unsigned long long>(rng() % 1000), static_cast<unsigned long long>(rng() % 100));
  });
  run(state, 3802, -1, values);
}

}  // namespace

BENCHMARK(integer);
BENCHMARK(numeric_12_2);
BENCHMARK(double_precision);
BENCHMARK(date);
BENCHMARK(timestamptz);
BENCHMARK(text);
BENCHMARK(varchar_40);
BENCHMARK(uuid);
BENCHMARK(jsonb);
BENCHMARK_MAIN();
