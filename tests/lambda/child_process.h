// A child process for tests that must keep running while the test talks to it (the Lambda runtime
// waits for invocations for ever): stdout and stderr are collected by reader threads, the exit can be
// awaited with a deadline, and the destructor kills a child still running.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/child_command.h"

namespace s3load::testing {

class ChildProcess {
 public:
  // `env` is the child's whole environment (environment_with builds one from overrides).
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    ChildCommand command(argv, env);
    SpawnActions actions;
    posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(actions.get(), out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(actions.get(), err_pipe[1], 2);
    try {
      m_pid = command.spawn(actions);
    } catch (...) {
      for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
        close(fd);
      throw;
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    m_out_reader = std::thread([this, fd = out_pipe[0]] { collect(fd, m_out); });
    m_err_reader = std::thread([this, fd = err_pipe[0]] { collect(fd, m_err); });
  }

  ~ChildProcess() {
    if (!exit_code()) {
      ::kill(m_pid, SIGKILL);
      wait_exit(std::chrono::seconds(10));
    }
    if (m_out_reader.joinable()) m_out_reader.join();
    if (m_err_reader.joinable()) m_err_reader.join();
  }

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }

  // The exit code (128 + signal when killed) once the child has ended and its output is read;
  // nullopt when it still runs after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (!exit_code()) {
      int status = 0;
      const pid_t done = waitpid(m_pid, &status, WNOHANG);
      if (done == m_pid) {
        std::lock_guard lock(m_mutex);
        m_exit = exit_code_of(status);
        break;
      }
      if (std::chrono::steady_clock::now() >= give_up) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a child: no event to wait on
    }
    if (m_out_reader.joinable()) m_out_reader.join();
    if (m_err_reader.joinable()) m_err_reader.join();
    return exit_code();
  }

  // Stops the child (SIGTERM, as Lambda does when it shuts an environment down) and waits for it.
  int stop() {
    if (!exit_code()) ::kill(m_pid, SIGTERM);
    return wait_exit(std::chrono::seconds(20)).value_or(-1);
  }

  std::string out() const {
    std::lock_guard lock(m_mutex);
    return m_out;
  }
  std::string err() const {
    std::lock_guard lock(m_mutex);
    return m_err;
  }
  std::string all() const { return "stdout:\n" + out() + "\nstderr:\n" + err(); }

  // Waits until stderr so far satisfies `done`.
  bool wait_for_err(const std::function<bool(const std::string&)>& done, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return done(m_err); });
  }

 private:
  std::optional<int> exit_code() const {
    std::lock_guard lock(m_mutex);
    return m_exit;
  }

  void collect(int fd, std::string& target) {
    char buffer[65536];
    for (;;) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0) break;
      std::lock_guard lock(m_mutex);
      target.append(buffer, static_cast<std::size_t>(n));
      m_changed.notify_all();
    }
    close(fd);
  }

  pid_t m_pid = -1;
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::string m_out;
  std::string m_err;
  std::optional<int> m_exit;
  std::thread m_out_reader;
  std::thread m_err_reader;
};

}  // namespace s3load::testing
