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

extern char** environ;

namespace s3load::testing {

// The current environment with overrides applied (an empty value removes the variable).
inline std::map<std::string, std::string> environment_with(
    const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry; ++entry) {
    const std::string text(*entry);
    const auto equals = text.find('=');
    merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [name, value] : overrides) {
    if (value.empty())
      merged.erase(name);
    else
      merged[name] = value;
  }
  return merged;
}

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : env)
      env_strings.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& text : env_strings)
      envp.push_back(text.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& text : args)
      argp.push_back(text.data());
    argp.push_back(nullptr);
    const int spawned = posix_spawn(&m_pid, argp[0], &actions, nullptr, argp.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (spawned != 0) {
      close(out_pipe[0]);
      close(err_pipe[0]);
      throw std::runtime_error("cannot start " + argv[0]);
    }
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
        m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
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
