// Acceptance test of the deployment package: build/s3load-lambda.zip unpacked into an otherwise empty root
// (the zip's files in /var/task, /tmp, the device nodes, /proc, /etc/hosts and a static /bin/sh, as
// provided.al2023 has one), its bootstrap started there as Lambda starts it, against the fake Runtime API,
// the real PostgreSQL and Ceph RGW on 127.0.0.1. Nothing of the host's libraries is reachable in there.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "../lambda/lambda_test.h"

namespace s3load::testing {
namespace {

namespace fs = std::filesystem;

const std::string ZIP = S3LOAD_BINARY_DIR "/s3load-lambda.zip";
const std::string PACKAGER = S3LOAD_SOURCE_DIR "/packaging/package-lambda";

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its stdout, failing the test when it exits non-zero.
std::string run(const std::string& command) {
  const std::string output = temp_dir() + "/command-output-" + std::to_string(::getpid());
  const int status = std::system((command + " > " + quoted(output)).c_str());
  std::ifstream file(output);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  fs::remove(output);
  EXPECT_EQ(status, 0) << command << "\n" << text;
  return text;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

class LambdaZip : public LambdaTest {
 protected:
  void SetUp() override {
    LambdaTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
    m_root = temp_dir() + "/" + m_prefix + "-root";
    for (const char* dir : {"var/task", "tmp", "dev", "proc", "bin", "etc"})
      fs::create_directories(m_root + "/" + dir);
    fs::permissions(m_root + "/tmp", fs::perms::all | fs::perms::sticky_bit);
    run("unzip -q " + quoted(ZIP) + " -d " + quoted(m_root + "/var/task"));
    fs::copy_file("/bin/busybox", m_root + "/bin/sh");  // static: needs no library
    std::ofstream(m_root + "/etc/hosts") << "127.0.0.1 localhost\n";
    // The runtime verifies the database's certificate by default (sslmode=verify-full).
    fs::copy_file(environment("S3LOAD_STACK_DIR") + "/pg/tls/ca.crt", m_root + "/etc/pg-ca.crt");
    // The feeds config where Lambda finds it: $LAMBDA_TASK_ROOT/s3load.toml.
    fs::copy_file(m_config_path, m_root + "/var/task/s3load.toml");
  }

  // Starts /var/task/bootstrap inside the root, in a private mount namespace that bind-mounts only the
  // device nodes and mounts /proc.
  void start_bootstrap(const std::map<std::string, std::string>& overrides = {}) {
    const std::string setup =
        "set -e; for node in null zero random urandom; do : > \"$0/dev/$node\"; "
        "mount --bind \"/dev/$node\" \"$0/dev/$node\"; done; mount -t proc proc \"$0/proc\"; "
        "exec unshare --root=\"$0\" --wd=/var/task /var/task/bootstrap";
    auto env = overrides;
    env["LAMBDA_TASK_ROOT"] = "/var/task";
    env["PGSSLROOTCERT"] = "/etc/pg-ca.crt";
    env["S3LOAD_CONFIG"] = "";  // the default path rule finds /var/task/s3load.toml
    start_runtime(
        env, {"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", setup, m_root});
  }

  std::string m_root;
};

TEST_F(LambdaZip, HoldsBootstrapTheStrippedBinaryEveryLibraryAndTheLoader) {
  const fs::path task = m_root + "/var/task";
  struct stat info {};
  ASSERT_EQ(::stat((task / "bootstrap").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0755u);
  EXPECT_EQ(read_file(task / "bootstrap").rfind("#!/bin/sh\n", 0), 0u);
  ASSERT_EQ(::stat((task / "bin/s3load").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0755u);
  EXPECT_EQ(read_file(task / "bin/s3load").find(".symtab"), std::string::npos)
      << "bin/s3load is not stripped";

  // Every library ldd lists for the binary, and the dynamic loader, under lib/.
  std::set<std::string> bundled;
  for (const auto& entry : fs::directory_iterator(task / "lib"))
    bundled.insert(entry.path().filename());
  const std::string ldd = run("ldd " + quoted(S3LOAD_BINARY));
  std::istringstream lines(ldd);
  std::string line;
  int libraries = 0;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name;
    words >> name;
    if (name.empty() || name.rfind("linux-vdso", 0) == 0) continue;
    name = fs::path(name).filename();  // the loader is listed by its path
    EXPECT_TRUE(bundled.count(name)) << name << " is not in lib/";
    ++libraries;
  }
  EXPECT_GE(libraries, 2) << "ldd listed neither glibc nor the loader:\n" << ldd;
  EXPECT_TRUE(bundled.count("libc.so.6"));
  EXPECT_TRUE(bundled.count("ld-linux-x86-64.so.2") || bundled.count("ld-linux-aarch64.so.1"));

#if !defined(__SANITIZE_ADDRESS__)
  // The release package stays small (a sanitizer build carries its runtimes and is for tests only).
  EXPECT_LE(fs::file_size(ZIP), 15'000'000u);
#endif

  // Deterministic: packaging the same binary twice gives the same bytes.
  const std::string first = temp_dir() + "/" + m_prefix + "-1.zip";
  const std::string second = temp_dir() + "/" + m_prefix + "-2.zip";
  run(quoted(PACKAGER) + " --binary " + quoted(S3LOAD_BINARY) + " --output " + quoted(first) +
      " --max-bytes 0");
  run(quoted(PACKAGER) + " --binary " + quoted(S3LOAD_BINARY) + " --output " + quoted(second) +
      " --max-bytes 0");
  EXPECT_EQ(read_file(first), read_file(second));
  fs::remove(first);
  fs::remove(second);
}

TEST_F(LambdaZip, BootstrapInAnEmptyRootLoadsRejectsAndReportsTransientFaults) {
  const auto good = upload("orders.csv", ORDERS_CSV);
  const auto bad = upload("bad.csv",
                          "order_id,customer,amount\n"
                          "10,Ada,10.50\n"
                          "11,Grace,ten\n");
  start_bootstrap();
  const auto loaded = invoke_lambda(s3_event({good}));
  ASSERT_EQ(loaded.kind, "response") << loaded.body << m_runtime->all();
  EXPECT_EQ(nlohmann::json::parse(loaded.body)["loaded"], 1) << loaded.body;
  EXPECT_EQ(target_rows(), 3);

  const auto rejected = invoke_lambda(s3_event({bad}));
  ASSERT_EQ(rejected.kind, "response") << rejected.body;
  const auto response = nlohmann::json::parse(rejected.body);
  EXPECT_EQ(response["rejected"], 1);
  EXPECT_EQ(response["outcomes"][0]["line"], 3);
  EXPECT_EQ(target_rows(), 3);
  wait_for_invocation_log(rejected.request_id);
  const auto initialised = log_lines(m_runtime->err(), "runtime initialised");
  ASSERT_EQ(initialised.size(), 1u) << m_runtime->err();
  EXPECT_EQ(initialised[0]["config"], "/var/task/s3load.toml");
  m_runtime->stop();

  const auto later = upload("later.csv", "order_id,customer\n20,Edsger\n");
  start_bootstrap({{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"}});
  const auto failed = invoke_lambda(s3_event({later}));
  ASSERT_EQ(failed.kind, "error") << failed.body << m_runtime->all();
  EXPECT_EQ(failed.headers.at("lambda-runtime-function-error-type"), "S3Load.TransientFailure");
  EXPECT_EQ(ledger_rows("failed"), 1);
  EXPECT_EQ(target_rows(), 3);
}

}  // namespace
}  // namespace s3load::testing
