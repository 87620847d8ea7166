// Cold start of the Lambda runtime: the time from process start (just before posix_spawn) to the first
// GET /2018-06-01/runtime/invocation/next arriving at a Runtime API stand-in listening here. The
// process is then killed and started again, `--runs` times; prints the median, min, p90 and max.
//
//   cold_start_bench [--runs N] [--label NAME] -- COMMAND [ARG…]
//
// The command gets AWS_LAMBDA_RUNTIME_API pointing here; everything else comes from the environment
// (bench/cold_start sets a config, dummy AWS credentials and a database URL: init reads and validates
// them, and makes no connection).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "cold_start_bench: %s\n", message.c_str());
  std::exit(1);
}

int listen_on_loopback(int& port) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener, 8) != 0)
    die("cannot listen on 127.0.0.1");
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return listener;
}

// Accepts the runtime's connection and reads until the request line is in; returns it.
std::string first_request_line(int listener, pid_t child) {
  pollfd fd{listener, POLLIN, 0};
  if (::poll(&fd, 1, 10000) != 1) {
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) die("the runtime exited before calling GET /next");
    die("no request within 10 s");
  }
  const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  std::string data;
  char buffer[4096];
  while (data.find("\r\n") == std::string::npos) {
    const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(client);
  return data.substr(0, data.find("\r\n"));
}

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  std::string label = "runtime";
  int first_command = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (arg == "--label" && i + 1 < argc) {
      label = argv[++i];
    } else if (arg == "--") {
      first_command = i + 1;
      break;
    } else {
      die("usage: cold_start_bench [--runs N] [--label NAME] -- COMMAND [ARG...]");
    }
  }
  if (first_command < 0 || first_command >= argc || runs < 1)
    die("usage: cold_start_bench [--runs N] [--label NAME] -- COMMAND [ARG...]");

  int port = 0;
  const int listener = listen_on_loopback(port);
  const std::string api = "127.0.0.1:" + std::to_string(port);
  setenv("AWS_LAMBDA_RUNTIME_API", api.c_str(), 1);

  std::vector<double> samples;
  for (int run = 0; run < runs; ++run) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t child = 0;
    const auto start = Clock::now();
    if (posix_spawn(&child, argv[first_command], &actions, nullptr, argv + first_command, environ) != 0)
      die(std::string("cannot start ") + argv[first_command]);
    const std::string line = first_request_line(listener, child);
    const auto arrived = Clock::now();
    posix_spawn_file_actions_destroy(&actions);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    if (line.rfind("GET /2018-06-01/runtime/invocation/next ", 0) != 0)
      die("unexpected first request: " + line);
    samples.push_back(std::chrono::duration<double, std::milli>(arrived - start).count());
  }
  std::printf("%-10s runs %3d  median %6.2f ms  min %6.2f ms  p90 %6.2f ms  max %6.2f ms\n", label.c_str(),
              runs, percentile(samples, 0.5), percentile(samples, 0.0), percentile(samples, 0.9),
              percentile(samples, 1.0));
  return 0;
}
