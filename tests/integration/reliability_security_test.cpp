// Security: TLS to PostgreSQL with sslmode=verify-full against the local server's throwaway CA (and a
// refusal with another CA), and no secret in any line s3load writes, whatever happens.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "reliability_support.h"
#include "support/load_test.h"

namespace s3load::testing {
namespace {

// The CA that `scripts/dev-stack up` made for the local PostgreSQL (scripts/lib/stack_pg.sh).
std::string stack_ca() {
  return environment("S3LOAD_STACK_DIR") + "/pg/tls/ca.crt";
}

class Security : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table("id integer, name text");
    write_config();
  }

  std::string database_url(const std::string& parameters) const {
    return environment("S3LOAD_DATABASE_URL") + "?" + parameters;
  }
};

TEST_F(Security, LoadsOverTlsVerifyingTheServerCertificateAndName) {
  ASSERT_TRUE(std::filesystem::exists(stack_ca())) << stack_ca() << " is missing: run scripts/dev-stack up";
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    const std::string name = "tls-" + host + ".csv";
    std::string url = database_url("sslmode=verify-full&sslrootcert=" + stack_ca());
    url.replace(url.find("127.0.0.1"), 9, host);
    const auto run =
        invoke(s3_event({upload(name, "id,name\n1,over tls\n")}), {{"S3LOAD_DATABASE_URL", url}});
    ASSERT_EQ(run.exit_code, 0) << run.all();
    EXPECT_EQ(first_outcome(run)["status"], "loaded") << run.all();
  }
  EXPECT_EQ(target_rows(), 2);
}

TEST_F(Security, AServerCertificateFromAnotherCaIsRefusedAsTransient) {
  const std::string dir = temp_dir() + "/" + m_prefix + "-ca";
  std::filesystem::create_directories(dir);
  const std::string command =
      "openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-days 1 -subj '/CN=another CA' -keyout " +
      dir + "/ca.key -out " + dir + "/ca.crt >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto record = upload("wrong-ca.csv", "id,name\n1,never\n");

  const auto run =
      invoke(s3_event({record}),
             {{"S3LOAD_DATABASE_URL", database_url("sslmode=verify-full&sslrootcert=" + dir + "/ca.crt")}});
  EXPECT_EQ(run.exit_code, 1) << run.all();  // transient: Lambda retries, the DLQ gets it in the end
  const auto outcome = first_outcome(run);
  EXPECT_EQ(outcome["status"], "failed");
  EXPECT_EQ(outcome["error_class"], "transient");
  EXPECT_EQ(outcome["error_code"], "db_unreachable");
  EXPECT_NE(outcome["error_message"].get<std::string>().find("certificate verify failed"), std::string::npos)
      << run.all();
  EXPECT_EQ(target_rows(), 0);
  EXPECT_EQ(ledger_row(m_db, m_bucket, key("wrong-ca.csv")).status, "");  // could not even be recorded
}

TEST_F(Security, NoSecretAppearsInAnyOutputLine) {
  const std::string password = "s3load-dev-password";
  const std::string secret_key = environment("AWS_SECRET_ACCESS_KEY");
  const std::string wrong_password = "wrong-password-5f3a9c";
  const std::string wrong_secret = "wrong-secret-key-7d41e0b2";
  ASSERT_NE(environment("S3LOAD_DATABASE_URL").find(password), std::string::npos);
  std::string url_with_wrong_password = environment("S3LOAD_DATABASE_URL");
  url_with_wrong_password.replace(url_with_wrong_password.find(password), password.size(), wrong_password);

  const std::map<std::string, std::string> debug{{"S3LOAD_LOG_LEVEL", "debug"}};
  auto with = [&](std::map<std::string, std::string> env) {
    env.insert(debug.begin(), debug.end());
    return env;
  };
  std::vector<std::pair<std::string, RunResult>> runs;
  const std::string good_event = s3_event({upload("good.csv", "id,name\n1,a\n")});
  runs.emplace_back("load", invoke(good_event, debug));
  runs.emplace_back("rejection", invoke(s3_event({upload("bad.csv", "id,name\nx,a\n")}), debug));
  runs.emplace_back("duplicate", invoke(good_event, debug));
  runs.emplace_back("wrong database password",
                    invoke(s3_event({upload("auth.csv", "id,name\n1,a\n")}),
                           with({{"S3LOAD_DATABASE_URL", url_with_wrong_password}})));
  runs.emplace_back(
      "database unreachable",
      invoke(s3_event({upload("down.csv", "id,name\n1,a\n")}),
             with({{"S3LOAD_DATABASE_URL", "postgresql://s3load:" + password + "@127.0.0.1:9/s3load"}})));
  runs.emplace_back(
      "malformed database URL",
      invoke(s3_event({upload("url.csv", "id,name\n1,a\n")}),
             with({{"S3LOAD_DATABASE_URL", "postgresql://s3load:" + password + "@127.0.0.1:x/s3load"}})));
  runs.emplace_back("wrong AWS secret", invoke(s3_event({upload("s3auth.csv", "id,name\n1,a\n")}),
                                               with({{"AWS_SECRET_ACCESS_KEY", wrong_secret}})));
  runs.emplace_back("cli ingest rejected", ingest({"s3://" + m_bucket + "/" + key("bad.csv")}, debug));

  // Each run must have done what it is named after, or it proves nothing.
  EXPECT_EQ(first_outcome(runs[0].second)["status"], "loaded") << runs[0].second.all();
  EXPECT_EQ(first_outcome(runs[1].second)["status"], "rejected") << runs[1].second.all();
  EXPECT_EQ(first_outcome(runs[2].second)["status"], "duplicate") << runs[2].second.all();
  // A refused login is the operator's fault: transient, access_denied (never rejected).
  EXPECT_EQ(first_outcome(runs[3].second)["error_code"], "access_denied") << runs[3].second.all();
  EXPECT_NE(runs[3].second.all().find("password authentication failed"), std::string::npos)
      << runs[3].second.all();
  EXPECT_EQ(first_outcome(runs[4].second)["error_code"], "db_unreachable") << runs[4].second.all();
  EXPECT_EQ(first_outcome(runs[6].second)["error_code"], "access_denied") << runs[6].second.all();

  std::size_t lines = 0;
  for (const auto& [name, run] : runs) {
    std::istringstream output(run.out + "\n" + run.err);
    std::string line;
    while (std::getline(output, line)) {
      ++lines;
      for (const std::string& secret : {password, secret_key, wrong_password, wrong_secret})
        EXPECT_EQ(line.find(secret), std::string::npos) << name << " wrote a secret: " << line;
    }
  }
  std::printf("[ measured ] %zu runs, %zu output lines checked for 4 secrets\n", runs.size(), lines);
  EXPECT_GT(lines, 20u);
}

}  // namespace
}  // namespace s3load::testing
