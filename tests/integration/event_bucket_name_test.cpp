// A bucket name that S3 would not accept names no request: the record is a bad_event rejection, the other
// records of the event still load, and nothing connects to the host the name smuggles in.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "support/load_test.h"

namespace s3load::testing {
namespace {

// A listening socket on 127.0.0.1 that nobody accepts from: a client's connection waits in its backlog.
class Listener {
 public:
  Listener() {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(::listen(m_fd, 16), 0);
    socklen_t length = sizeof address;
    ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
  }
  ~Listener() { ::close(m_fd); }
  int port() const { return m_port; }
  // Whether any client has connected so far (a non-blocking accept finds it in the backlog).
  bool was_connected() const {
    const int client = ::accept(m_fd, nullptr, nullptr);
    if (client >= 0) {
      ::close(client);
      return true;
    }
    EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK) << errno;
    return false;
  }

 private:
  int m_fd = -1;
  int m_port = 0;
};

class EventBucketName : public LoadTest {
 protected:
  void SetUp() override {
    LoadTest::SetUp();
    create_table(ORDERS_COLUMNS);
    write_config();
  }
};

TEST_F(EventBucketName, HostAndPortInTheBucketNameSendNothingAndTheOtherRecordsLoad) {
  const Listener listener;
  const auto good = upload("good.csv", ORDERS_CSV);
  EventRecord smuggled = good;
  smuggled.bucket = "127.0.0.1:" + std::to_string(listener.port()) + "#";

  // With the endpoint override of the test stack (path-style requests to the RGW).
  const auto run = invoke(s3_event({smuggled, good}));
  ASSERT_EQ(run.exit_code, 0) << run.all();
  const auto lines = run.json_lines();
  ASSERT_EQ(lines.size(), 3u) << run.all();
  EXPECT_EQ(lines[0]["status"], "rejected");
  EXPECT_EQ(lines[0]["error_code"], "bad_event");
  EXPECT_EQ(lines[0]["error_class"], "permanent");
  EXPECT_EQ(lines[0]["path"], "Records[0].s3.bucket.name");
  EXPECT_NE(lines[0]["error_message"].get<std::string>().find("is not a valid S3 bucket name"),
            std::string::npos);
  EXPECT_EQ(lines[1]["status"], "loaded") << run.all();
  EXPECT_EQ(target_rows(), 3);
  EXPECT_FALSE(listener.was_connected());

  // Without an override, a virtual-hosted URL would put the name in front of the host: the case where the
  // name used to reach 127.0.0.1:PORT.
  const auto unrouted = invoke(s3_event({smuggled}), {{"AWS_ENDPOINT_URL_S3", ""}, {"AWS_ENDPOINT_URL", ""}});
  ASSERT_EQ(unrouted.exit_code, 0) << unrouted.all();
  const auto unrouted_lines = unrouted.json_lines();
  ASSERT_EQ(unrouted_lines.size(), 2u) << unrouted.all();
  EXPECT_EQ(unrouted_lines[0]["status"], "rejected");
  EXPECT_EQ(unrouted_lines[0]["error_code"], "bad_event");
  EXPECT_FALSE(listener.was_connected());
}

TEST_F(EventBucketName, IngestOfAnS3UrlWithABadBucketIsAUsageError) {
  const Listener listener;
  const auto run = ingest({"s3://127.0.0.1:" + std::to_string(listener.port()) + "#/x.csv"},
                          {{"AWS_ENDPOINT_URL_S3", ""}, {"AWS_ENDPOINT_URL", ""}});
  EXPECT_EQ(run.exit_code, 2) << run.all();
  EXPECT_NE(run.all().find("is not a valid S3 bucket name"), std::string::npos) << run.all();
  EXPECT_FALSE(listener.was_connected());
}

}  // namespace
}  // namespace s3load::testing
