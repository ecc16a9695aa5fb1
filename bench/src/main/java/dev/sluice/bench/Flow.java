package dev.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * A writer thread writing chunks of one size into a pipe without pause, and a reader thread
 * reading it with a 32 KiB buffer, both platform or both virtual. A third thread (the benchmark's)
 * sleeps in {@link #awaitBytes} until the reader has moved a given number of bytes, so it takes no
 * core from the two that are measured: the reader wakes it once per call, not once per read.
 */
final class Flow implements AutoCloseable {
  static final int READ_BUFFER = 32 * 1024;

  private final Contender.Ends ends;
  private final Thread writer;
  private final Thread reader;
  private volatile boolean stopped;
  private volatile Thread waiter;

  /** What the waiter waits for: the reader's count to reach it. Set by the waiter. */
  private volatile long target = Long.MAX_VALUE;

  /** The reader's count when it last woke the waiter. Set by the reader. */
  private volatile long reached;

  Flow(Contender contender, int chunkSize, boolean virtual) {
    this.ends = contender.open();
    var builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
    this.writer = builder.name("bench-writer").unstarted(() -> write(ends.out(), chunkSize));
    this.reader = builder.name("bench-reader").unstarted(() -> read(ends.in()));
    writer.start();
    reader.start();
  }

  /** Blocks until the reader has read {@code bytes} more bytes since the last call returned. */
  void awaitBytes(long bytes) {
    waiter = Thread.currentThread();
    long goal = reached + bytes;
    target = goal;
    while (reached < goal) {
      if (!reader.isAlive()) {
        throw new IllegalStateException("the reader stopped");
      }
      LockSupport.parkNanos(this, 100_000_000L);
    }
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
    long signalled = -1;
    try {
      int n;
      while ((n = in.read(buf, 0, buf.length)) != -1) {
        count += n;
        long t = target;
        if (count >= t && t != signalled) {
          signalled = t;
          reached = count;
          LockSupport.unpark(waiter);
        }
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
