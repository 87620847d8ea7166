// Starting child processes for tests: the argument and environment vectors posix_spawn takes, and a
// child whose stdin, stdout and stderr are pipes held by the test.
#pragma once

#include <spawn.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace s3load::testing {

// This process's environment with `overrides` applied; an override with an empty value removes the
// variable.
std::map<std::string, std::string> environment_with(const std::map<std::string, std::string>& overrides);

// posix_spawn's file actions, destroyed with the object.
class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&m_actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&m_actions); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &m_actions; }
  const posix_spawn_file_actions_t* get() const { return &m_actions; }

 private:
  posix_spawn_file_actions_t m_actions;
};

// A program's command line and whole environment, owned, in the form posix_spawn takes.
class ChildCommand {
 public:
  ChildCommand(std::vector<std::string> argv, const std::map<std::string, std::string>& environment);
  ChildCommand(const ChildCommand&) = delete;
  ChildCommand& operator=(const ChildCommand&) = delete;

  // Starts it with `actions` applied to its descriptors; throws when it cannot be started.
  pid_t spawn(const SpawnActions& actions);

 private:
  std::vector<std::string> m_argv_strings;
  std::vector<std::string> m_env_strings;
  std::vector<char*> m_argv;
  std::vector<char*> m_envp;
};

// A started child whose standard descriptors are close-on-exec pipes, so that children started at the
// same time by other threads never inherit these ends (an inherited stdin would never see EOF).
struct PipedChild {
  pid_t pid = -1;
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
};
PipedChild spawn_piped(ChildCommand& command);

// Writes `stdin_data` and closes stdin, reads stdout and stderr until both close — multiplexed, so a
// chatty child never blocks on a full pipe — and closes every descriptor. The child is not awaited.
void exchange(PipedChild& child, std::string_view stdin_data, std::string& out, std::string& err);

// A wait status as a shell reports it: the exit code, or 128 + the signal that ended the process.
int exit_code_of(int wait_status);

}  // namespace s3load::testing
