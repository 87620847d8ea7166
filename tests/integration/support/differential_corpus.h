// A seeded generator of valid CSV files full of edge values, for the differential test: the same file is
// loaded by s3load and by PostgreSQL's own CSV COPY, and the two tables must be identical.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace s3load::testing {

using Random = std::mt19937_64;

// One CSV field: NULL (written as an empty unquoted field), or a value (quoted when it must be, and at
// random otherwise).
struct Cell {
  std::string value;
  bool null = false;
};

struct CorpusColumn {
  std::string name;
  std::string sql_type;  // as in CREATE TABLE
  std::function<Cell(Random&)> generate;
};

// The columns of the table whose every type has a converter (binary COPY), and of the table with types
// PostgreSQL alone parses (text COPY).
std::vector<CorpusColumn> binary_corpus_columns();
std::vector<CorpusColumn> text_corpus_columns();

// "name type, name type, …" for CREATE TABLE.
std::string column_definitions(const std::vector<CorpusColumn>& columns);

// A CSV file with a header line and `rows` records; the first column is the record number.
std::string generate_csv(const std::vector<CorpusColumn>& columns, std::size_t rows, Random& random);

}  // namespace s3load::testing
