#include "source/local_file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace s3load {

namespace {

Failure file_failure(const std::string& path, int error_number) {
  const std::string reason = std::strerror(error_number);
  if (error_number == ENOENT) return Failure(permanent_error("object_not_found", path + ": " + reason));
  if (error_number == EACCES) return Failure(permanent_error("access_denied", path + ": " + reason));
  if (error_number == EINTR || error_number == EAGAIN || error_number == EIO)
    return Failure(transient_error("read_failed", path + ": " + reason));
  return Failure(permanent_error("read_failed", path + ": " + reason));
}

class LocalFileStream : public ByteSource {
 public:
  LocalFileStream(int fd, ObjectInfo info) : m_fd(fd), m_info(std::move(info)) {}
  ~LocalFileStream() override { ::close(m_fd); }
  LocalFileStream(const LocalFileStream&) = delete;
  LocalFileStream& operator=(const LocalFileStream&) = delete;

  std::size_t read(char* buffer, std::size_t size) override {
    for (;;) {
      const ssize_t got = ::read(m_fd, buffer, size);
      if (got >= 0) {
        m_received += static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (errno != EINTR)
        throw Failure(transient_error("read_failed", std::string("read: ") + std::strerror(errno)));
    }
  }
  const ObjectInfo& info() const override { return m_info; }
  std::uint64_t bytes_received() const override { return m_received; }

 private:
  int m_fd;
  ObjectInfo m_info;
  std::uint64_t m_received = 0;
};

std::string version_of(const struct stat& status) {
  return "local-" + std::to_string(status.st_size) + "-" + std::to_string(status.st_mtim.tv_sec) + "." +
         std::to_string(status.st_mtim.tv_nsec);
}

}  // namespace

std::unique_ptr<ByteSource> LocalFileSource::open(const ObjectRef& object, const CancelFlag* /*cancel*/) {
  const int fd = ::open(object.key.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw file_failure(object.key, errno);
  struct stat status {};
  if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
    ::close(fd);
    throw Failure(permanent_error("object_not_found", object.key + ": not a regular file"));
  }
  if (object.version_id && *object.version_id != version_of(status)) {
    ::close(fd);
    throw Failure(permanent_error("superseded", object.key + " changed since it was named; load it again"));
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  ObjectInfo info;
  info.version_id = version_of(status);
  info.content_length = status.st_size;
  return std::make_unique<LocalFileStream>(fd, std::move(info));
}

ObjectRef local_object_ref(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) throw file_failure(path, errno);
  if (!S_ISREG(status.st_mode))
    throw Failure(permanent_error("object_not_found", path + ": not a regular file"));
  ObjectRef object;
  object.key = path;
  object.version_id = version_of(status);
  object.size = status.st_size;
  object.event_name = "ObjectCreated:Local";
  object.event_source = "cli";
  return object;
}

}  // namespace s3load
