#include "support/child_command.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace s3load::testing {
namespace {

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> list;
  for (auto& text : strings)
    list.push_back(text.data());
  list.push_back(nullptr);
  return list;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::map<std::string, std::string> environment_with(const std::map<std::string, std::string>& overrides) {
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

ChildCommand::ChildCommand(std::vector<std::string> argv,
                           const std::map<std::string, std::string>& environment)
    : m_argv_strings(std::move(argv)) {
  if (m_argv_strings.empty()) throw std::invalid_argument("ChildCommand: empty command line");
  for (const auto& [name, value] : environment)
    m_env_strings.push_back(name + "=" + value);
  m_argv = pointers_to(m_argv_strings);
  m_envp = pointers_to(m_env_strings);
}

pid_t ChildCommand::spawn(const SpawnActions& actions) {
  pid_t pid = -1;
  if (::posix_spawn(&pid, m_argv[0], actions.get(), nullptr, m_argv.data(), m_envp.data()) != 0)
    throw std::runtime_error("cannot start " + m_argv_strings.front());
  return pid;
}

PipedChild spawn_piped(ChildCommand& command) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  SpawnActions actions;
  posix_spawn_file_actions_adddup2(actions.get(), in[0], 0);
  posix_spawn_file_actions_adddup2(actions.get(), out[1], 1);
  posix_spawn_file_actions_adddup2(actions.get(), err[1], 2);
  PipedChild child{-1, in[1], out[0], err[0]};
  try {
    child.pid = command.spawn(actions);
  } catch (...) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
      ::close(fd);
    throw;
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  return child;
}

void exchange(PipedChild& child, std::string_view stdin_data, std::string& out, std::string& err) {
  std::size_t written = 0;
  if (stdin_data.empty()) close_fd(child.stdin_fd);
  while (child.stdout_fd >= 0 || child.stderr_fd >= 0 || child.stdin_fd >= 0) {
    std::vector<pollfd> fds;
    if (child.stdin_fd >= 0) fds.push_back({child.stdin_fd, POLLOUT, 0});
    if (child.stdout_fd >= 0) fds.push_back({child.stdout_fd, POLLIN, 0});
    if (child.stderr_fd >= 0) fds.push_back({child.stderr_fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    for (const auto& fd : fds) {
      if (!fd.revents) continue;
      if (fd.fd == child.stdin_fd) {
        const ssize_t n = ::write(fd.fd, stdin_data.data() + written, stdin_data.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == stdin_data.size()) close_fd(child.stdin_fd);
        continue;
      }
      const bool is_stdout = fd.fd == child.stdout_fd;
      char buffer[65536];
      const ssize_t n = ::read(fd.fd, buffer, sizeof buffer);
      if (n <= 0)
        close_fd(is_stdout ? child.stdout_fd : child.stderr_fd);
      else
        (is_stdout ? out : err).append(buffer, static_cast<std::size_t>(n));
    }
  }
}

int exit_code_of(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

}  // namespace s3load::testing
