// One function per command; main.cpp only parses arguments and dispatches.
#pragma once

#include <optional>
#include <string>

namespace s3load::cli {

struct IngestArgs {
  std::string source;  // s3://bucket/key or a local path
  std::optional<std::string> feed;
  std::optional<std::string> version_id;
};
int run_ingest(const IngestArgs& args);

struct InvokeArgs {
  std::string event_path;  // "-" for stdin
};
int run_invoke(const InvokeArgs& args);

}  // namespace s3load::cli
