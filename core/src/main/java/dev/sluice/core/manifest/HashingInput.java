package dev.sluice.core.manifest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts what is read through it, and remembers whether it read the end of the stream.
 * {@link #transferTo} reads into its own buffer rather than handing the target the pipe writer's
 * array: the writer is released as soon as its bytes are copied, so the hash and the sink's write
 * overlap with the producer's next chunk instead of holding it up. Does not close the stream it
 * reads ({@link Manifested} wraps the export's pipe). One thread only.
 */
final class HashingInput extends FilterInputStream {
  private static final int BUFFER = 64 * 1024;

  private final MessageDigest digest;
  private long count;
  private boolean ended;

  HashingInput(InputStream in, MessageDigest digest) {
    super(in);
    this.digest = digest;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    } else {
      ended = true;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return hashed(b, off, in.read(b, off, len));
  }

  /** Passes the whole read on, so a pipe below fills {@code b} in one wait. */
  @Override
  public int readNBytes(byte[] b, int off, int len) throws IOException {
    int n = hashed(b, off, in.readNBytes(b, off, len));
    // Fewer bytes than asked for means the stream ended.
    ended |= n < len;
    return n;
  }

  /** Hashes the {@code n} bytes a read put at {@code b[off]} and returns {@code n}. */
  private int hashed(byte[] b, int off, int n) {
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    } else if (n < 0) {
      ended = true;
    }
    return n;
  }

  /** The bytes read so far. */
  long count() {
    return count;
  }

  /** Whether a read has returned the end of the stream. */
  boolean ended() {
    return ended;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would be missing from the hash: read them instead.
    long skipped = 0;
    var buffer = new byte[(int) Math.min(BUFFER, Math.max(n, 1))];
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public long transferTo(OutputStream out) throws IOException {
    var buffer = new byte[BUFFER];
    long total = 0;
    for (int n; (n = read(buffer, 0, buffer.length)) >= 0; ) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The export closes its pipe itself.
  }
}
