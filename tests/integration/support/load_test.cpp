#include "support/load_test.h"

namespace s3load::testing {

void LoadTest::SetUp() {
  m_bucket = environment("S3LOAD_TEST_BUCKET");
  m_prefix = unique_name("t");
  m_table = "public." + unique_name("orders");
  m_config_path = temp_dir() + "/" + m_prefix + ".toml";
}

void LoadTest::create_table(const std::string& columns) {
  m_db.exec("CREATE TABLE " + m_table + " (" + columns + ")");
}

void LoadTest::write_config(const std::string& extra) {
  write_temp_file(m_prefix + ".toml", "[[feed]]\nname = \"" + m_prefix + "\"\nmatch = \"" + m_prefix +
                                          "/**\"\ntable = \"" + m_table + "\"\n" + extra + "\n");
}

EventRecord LoadTest::upload(const std::string& name, std::string_view body) {
  const auto put = put_object(m_bucket, key(name), body);
  return record_for(m_bucket, key(name), put, static_cast<std::int64_t>(body.size()));
}

RunResult LoadTest::invoke(const std::string& event_json, const std::map<std::string, std::string>& env) {
  auto merged = base_env();
  for (const auto& [name, value] : env)
    merged[name] = value;
  return run_s3load({"invoke", "--event", "-"}, merged, event_json);
}

RunResult LoadTest::ingest(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env) {
  auto merged = base_env();
  for (const auto& [name, value] : env)
    merged[name] = value;
  std::vector<std::string> full{"ingest"};
  full.insert(full.end(), args.begin(), args.end());
  return run_s3load(full, merged);
}

}  // namespace s3load::testing
