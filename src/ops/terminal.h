// Whether a file descriptor is a terminal, and how wide it is.
#pragma once

#include <cstddef>

namespace s3load::ops {

bool is_terminal(int fd);

// Columns of the terminal on `fd`, or `fallback` when it is not a terminal (or reports no size).
std::size_t terminal_width(int fd, std::size_t fallback);

}  // namespace s3load::ops
