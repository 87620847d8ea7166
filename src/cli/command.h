// Commands register themselves (one file per command), so main.cpp never changes when one is added.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace s3load::cli {

// Adds the subcommand and its options to `app`; returns what runs it once the arguments are parsed.
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct CommandRegistration {
  // `order` sorts the commands in --help.
  CommandRegistration(int order, CommandSetup setup);
};

// Builds the application from every registered command, parses argv and runs the chosen command.
int run_cli(int argc, char** argv);

}  // namespace s3load::cli
