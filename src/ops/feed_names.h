// Messages about feeds that name the way out: an unknown feed lists the configured ones.
#pragma once

#include <string>
#include <string_view>

#include "feeds/feed_config.h"

namespace s3load::ops {

// "no feed named "x" in s3load.toml; configured feeds: a, b (match …)". Pure.
std::string unknown_feed_message(const Config& config, std::string_view name);

}  // namespace s3load::ops
