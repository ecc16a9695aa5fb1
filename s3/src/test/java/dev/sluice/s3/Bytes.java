package dev.sluice.s3;

import dev.sluice.pipe.Pipe;
import dev.sluice.pipe.PipeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;

/** Deterministic test streams: {@code n} pseudo-random bytes, written through a real pipe. */
final class Bytes {
  private Bytes() {}

  /** The bytes of stream {@code seed}, as a plain input stream (the expected side). */
  static InputStream expected(long seed, long n) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private long left = n;

      @Override
      public int read() {
        var b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int count = (int) Math.min(len, left);
        for (int i = 0; i < count; i++) {
          b[off + i] = (byte) random.nextInt(256);
        }
        left -= count;
        return count;
      }
    };
  }

  /** SHA-256 of stream {@code seed} of {@code n} bytes. */
  static String sha256(long seed, long n) throws IOException {
    return Store.sha256(expected(seed, n));
  }

  /**
   * A pipe whose producer writes stream {@code seed} in awkward write sizes (1 byte to 37 KiB), so
   * parts never line up with writes.
   */
  static PipeReader piped(long seed, long n) {
    return Pipe.produce(out -> copyAwkwardly(expected(seed, n), out));
  }

  static void copyAwkwardly(InputStream in, OutputStream out) throws IOException {
    var sizes = new int[] {1, 7, 4096, 37 * 1024, 100, 65536 + 3};
    var buffer = new byte[70 * 1024];
    for (int i = 0; ; i++) {
      int n = in.read(buffer, 0, sizes[i % sizes.length]);
      if (n < 0) {
        return;
      }
      out.write(buffer, 0, n);
    }
  }
}
