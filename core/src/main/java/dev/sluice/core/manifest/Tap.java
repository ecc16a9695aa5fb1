package dev.sluice.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Counts and hashes the bytes read through it, and remembers a failure of the stream it reads, so
 * that {@link Verification} can tell a broken source (rethrown) from broken data (reported). {@link
 * #close()} does not close the stream it reads: the caller owns it. One thread only.
 */
final class Tap extends InputStream {
  private final InputStream in;
  private final MessageDigest digest;
  private long count;
  private IOException failure;

  Tap(InputStream in) {
    this.in = in;
    this.digest = Manifest.sha256();
  }

  @Override
  public int read() throws IOException {
    var one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
    }
    return n;
  }

  /** Reads the rest of the stream, so that the count and the hash cover every byte. */
  void drain() throws IOException {
    var buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) != -1) {
      // Only the count and the hash are wanted.
    }
  }

  /** The failure the underlying stream threw, or null. */
  IOException failure() {
    return failure;
  }

  long count() {
    return count;
  }

  /** The hex SHA-256 of the bytes read; call once, at the end. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() {
    // The caller closes the stream it gave.
  }
}
