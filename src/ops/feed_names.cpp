#include "ops/feed_names.h"

namespace s3load::ops {

std::string unknown_feed_message(const Config& config, std::string_view name) {
  std::string message = "no feed named \"" + std::string(name) + "\" in " + config.path;
  if (config.feeds.empty())
    return message + ", which defines no feeds; add a [[feed]] (see docs/configuration.md)";
  message += "; configured feeds:";
  for (const auto& feed : config.feeds)
    message += "\n  " + feed.name + " (match \"" + feed.match + "\", table " + feed.table + ")";
  return message;
}

}  // namespace s3load::ops
