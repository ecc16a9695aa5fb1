package dev.sluice.core.source.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The input of a PostgreSQL connection's socket ({@link PgSocketFactory}), read through a buffer,
 * that knows when the server streams ({@link PgSocketFactory.Hint#expectStream}), as it does the
 * output of {@code COPY ... TO STDOUT}: then a refill that finds less than a quarter of the buffer
 * waiting first waits {@link #WAIT_NANOS} for more.
 *
 * <p>Why: a server on the same machine sends COPY's output in pieces of about 8 KiB, and a reader
 * that keeps up wakes for each one, a system call and a trip through the scheduler per piece, on
 * both sides. Measured on 5,000,000 rows of COPY CSV (778 MB) here: the reading thread spent 1.3 to
 * 1.8 CPU-seconds reading without waiting, 0.4 to 0.5 with a 2 ms wait, and the COPY took less
 * time, not more, since the server's process was woken less. The wait comes only when the stream
 * has run nearly dry, so a reader that falls behind never waits; and 2 ms of the stream fits in the
 * socket's receive buffer, so the server is never held up. Request and response (a cursor's
 * fetches) never wait: a write ends the stream.
 */
final class PgSocketInput extends InputStream {
  static final int BUFFER = 256 * 1024;

  /** How long a refill waits for more of a stream that has run nearly dry. */
  static final long WAIT_NANOS = 2_000_000;

  /** How a refill waits: {@code LockSupport.parkNanos}, but in tests. */
  interface Waiter {
    void waitNanos(long nanos);
  }

  private final InputStream in;
  private final Waiter waiter;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;

  /** Set by {@link #expectStream}, cleared by {@link #clientWrote}; written by either side. */
  private volatile boolean streaming;

  PgSocketInput(InputStream in, Waiter waiter) {
    this.in = in;
    this.waiter = waiter;
  }

  /** The server is about to stream: until the client next writes, refills wait for more. */
  void expectStream() {
    streaming = true;
  }

  /** The client writes to the socket: a request, whose answer must not wait. */
  void clientWrote() {
    if (streaming) {
      streaming = false;
    }
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (pos == limit && !fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /**
   * Reads what the socket has into the empty buffer, blocking until it has something; false at the
   * end of the stream. A read that times out leaves the buffer empty and the stream usable.
   */
  private boolean fill() throws IOException {
    if (streaming && in.available() < BUFFER / 4) {
      waiter.waitNanos(WAIT_NANOS);
    }
    int n;
    do {
      n = in.read(buf, 0, BUFFER);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public int available() throws IOException {
    return limit - pos + in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
