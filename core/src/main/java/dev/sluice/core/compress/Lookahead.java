package dev.sluice.core.compress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream whose {@link #available} is 0 only at its end: when the stream under it reports
 * nothing available, it reads one byte ahead, blocking if it must, to tell.
 *
 * <p>Java 21's {@link java.util.zip.GZIPInputStream} looks for another gzip member after a trailer
 * only when its buffer still holds bytes or {@code available()} is positive, so over a network or
 * pipe stream it can take a member boundary for the end and return a short, valid-looking result. A
 * gzip written by the native deflate is a member per MiB; read through this stream, every member is
 * read whatever the JDK (from Java 23 the JDK reads the next header regardless).
 */
final class Lookahead extends FilterInputStream {
  /** No byte read ahead. */
  private static final int NONE = -2;

  /** The byte read ahead, -1 for the end of the stream, or {@link #NONE}. */
  private int ahead = NONE;

  Lookahead(InputStream in) {
    super(in);
  }

  @Override
  public int available() throws IOException {
    if (ahead == NONE) {
      int n = in.available();
      if (n > 0) {
        return n;
      }
      ahead = in.read();
    }
    return ahead < 0 ? 0 : 1;
  }

  @Override
  public int read() throws IOException {
    if (ahead == NONE) {
      return in.read();
    }
    int b = ahead;
    if (b >= 0) {
      ahead = NONE;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (ahead == NONE) {
      return in.read(b, off, len);
    }
    if (ahead < 0) {
      return -1;
    }
    // The byte read ahead alone: reading more could block on a peer that has nothing yet.
    b[off] = (byte) ahead;
    ahead = NONE;
    return 1;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0 || ahead == NONE) {
      return n <= 0 ? 0 : in.skip(n);
    }
    return read() < 0 ? 0 : 1;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void mark(int readlimit) {}

  @Override
  public void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
