#include "ops/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

namespace s3load::ops {

bool is_terminal(int fd) {
  return ::isatty(fd) == 1;
}

std::size_t terminal_width(int fd, std::size_t fallback) {
  winsize size{};
  if (!is_terminal(fd) || ::ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return fallback;
  return size.ws_col;
}

}  // namespace s3load::ops
