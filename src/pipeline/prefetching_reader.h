// Reads a ByteSource on its own thread, ahead of the CSV reader, so that what the source does to produce
// bytes (gunzip, transcoding, copying out of the S3 stream's queue, file reads) overlaps with parsing and
// encoding instead of adding to them.
//
// Memory is bounded: at most BUFFERS buffers of BUFFER_BYTES are filled ahead (back-pressure: the thread
// waits while they are all full), plus the one the consumer holds.
//
// Contract:
//  - next() returns the next piece of the stream, in order, without copying; its bytes stay valid until
//    the next call to next() or the destructor. The piece that ends the stream says so (`last`; it may be
//    empty); after it next() keeps returning an empty last piece.
//  - Pieces are BUFFER_BYTES long except the last and one cut short by a failure, so the stream's first
//    bytes come as one piece whatever the source's own read sizes (the delimiter sample does not depend
//    on network timing).
//  - A failure of the source (any exception) is rethrown by next() once every byte read before it has been
//    handed out; after that next() keeps rethrowing it.
//  - Cancellation: when `cancel` is set, next() throws Failure(transient "cancelled", cancel_message)
//    instead of handing out more, and the thread stops reading at its next turn.
//  - The destructor stops the thread; if the thread is inside source.read() it waits for that read to
//    return (the S3 stream's reads return promptly when cancelled or closed).
// The source must not be used by anyone else while the reader exists.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "source/object_source.h"

namespace s3load {

class PrefetchingReader {
 public:
  static constexpr std::size_t BUFFER_BYTES = 256u << 10;
  static constexpr std::size_t BUFFERS = 4;

  PrefetchingReader(ByteSource& source, const CancelFlag* cancel, std::string cancel_message);
  ~PrefetchingReader();
  PrefetchingReader(const PrefetchingReader&) = delete;
  PrefetchingReader& operator=(const PrefetchingReader&) = delete;

  struct Piece {
    std::string_view bytes;
    bool last = false;
  };
  Piece next();

 private:
  struct Buffer {
    std::vector<char> bytes;
    std::size_t size = 0;
    bool last = false;
  };

  bool cancelled() const { return m_cancel && m_cancel->load(); }
  [[noreturn]] void throw_cancelled() const;
  void run();
  // Fills `buffer` from the source until it is full or the source ends; marks it last at the end.
  void fill(Buffer& buffer);

  ByteSource& m_source;
  const CancelFlag* m_cancel;
  std::string m_cancel_message;

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Buffer> m_ready;  // filled, in stream order
  std::vector<std::vector<char>> m_free;
  bool m_ended = false;                 // the thread delivered the last piece or a failure, and left
  std::atomic<bool> m_stopping{false};  // the consumer is gone
  std::exception_ptr m_failure;         // handed out after the ready pieces
  Buffer m_current;                     // the consumer's piece
  std::thread m_thread;                 // last: starts after everything above exists
};

}  // namespace s3load
