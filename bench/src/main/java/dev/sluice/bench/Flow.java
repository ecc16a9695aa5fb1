package dev.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A writer thread writing chunks of one size into a pipe without pause, and a reader thread reading
 * it with a 32 KiB buffer, both platform or both virtual. The reader publishes its count after
 * every read with a lazy store (no fence), and a third thread (the benchmark's) samples it while
 * sleeping between samples, as Go's harness does: the measured pair is never woken for it. (Waking
 * the benchmark thread from the reader, once per few MB, cost the pair a core for a context switch
 * thousands of times a second and halved the figures at large chunks.)
 */
final class Flow implements AutoCloseable {
  static final int READ_BUFFER = 32 * 1024;

  private final Contender.Ends ends;
  private final Thread writer;
  private final Thread reader;
  private volatile boolean stopped;

  /** The bytes the reader has read so far; written by the reader alone. */
  private final AtomicLong bytesRead = new AtomicLong();

  Flow(Contender contender, int chunkSize, boolean virtual) {
    this.ends = contender.open();
    var builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
    this.writer = builder.name("bench-writer").unstarted(() -> write(ends.out(), chunkSize));
    this.reader = builder.name("bench-reader").unstarted(() -> read(ends.in()));
    writer.start();
    reader.start();
  }

  /** The bytes the reader has read so far. */
  long bytesRead() {
    if (!reader.isAlive()) {
      throw new IllegalStateException("the reader stopped");
    }
    return bytesRead.get();
  }

  private void write(OutputStream out, int chunkSize) {
    var chunk = new byte[chunkSize];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) i;
    }
    try {
      while (!stopped) {
        out.write(chunk, 0, chunkSize);
      }
    } catch (IOException | IllegalStateException e) {
      // Closed by close(): the run is over.
    }
  }

  private void read(InputStream in) {
    var buf = new byte[READ_BUFFER];
    long count = 0;
    try {
      int n;
      while ((n = in.read(buf, 0, buf.length)) != -1) {
        count += n;
        bytesRead.lazySet(count);
      }
    } catch (IOException | IllegalStateException e) {
      // Closed by close(): the run is over.
    }
  }

  @Override
  public void close() throws Exception {
    stopped = true;
    // Okio refuses to close a sink whose source is closed, and throws IllegalStateException from
    // a closed end: close each end on its own and let the threads end however they end.
    closeQuietly(ends.out());
    closeQuietly(ends.in());
    writer.join();
    reader.join();
  }

  private static void closeQuietly(AutoCloseable end) {
    try {
      end.close();
    } catch (Exception e) {
      // Ending the run; the other end's close stops the threads.
    }
  }
}
