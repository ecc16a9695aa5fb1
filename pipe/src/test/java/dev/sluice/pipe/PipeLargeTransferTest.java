package dev.sluice.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 256 MiB through awkward buffer sizes, hashed with SHA-256 on both ends. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeLargeTransferTest {
  private static final long SIZE = 256L << 20;
  private static final int[] WRITE_SIZES = {1, 3, 8191, 65537, 100_003, 4093, 1 << 20, 17};

  /** A reader with a prime-sized buffer gets every byte of writes of awkward sizes, in order. */
  @Test
  void largeTransferThroughAwkwardReadsKeepsEveryByte() throws Exception {
    var expected = MessageDigest.getInstance("SHA-256");
    var in = Pipe.produce(out -> writeAll(out, expected));
    var actual = MessageDigest.getInstance("SHA-256");
    var buf = new byte[7919];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      actual.update(buf, 0, n);
      total += n;
    }
    assertThat(total).isEqualTo(SIZE);
    assertThat(actual.digest()).isEqualTo(expected.digest());
    assertThat(in.pipe().bytesTransferred()).isEqualTo(SIZE);
  }

  /** transferTo hands every byte of awkward writes to its target, in order. */
  @Test
  void largeTransferThroughTransferToKeepsEveryByte() throws Exception {
    var expected = MessageDigest.getInstance("SHA-256");
    var in = Pipe.produce(out -> writeAll(out, expected));
    var actual = MessageDigest.getInstance("SHA-256");
    var target = new DigestOutputStream(OutputStream.nullOutputStream(), actual);
    assertThat(in.transferTo(target)).isEqualTo(SIZE);
    assertThat(actual.digest()).isEqualTo(expected.digest());
  }

  /**
   * Writes SIZE bytes of random data in writes of awkward sizes, hashing them first. The writer
   * refills its array between writes, so a reader that read it late would see the wrong bytes.
   */
  private static void writeAll(OutputStream out, MessageDigest digest) throws Exception {
    var random = new Random(42);
    var source = new byte[(1 << 20) + 100_003];
    random.nextBytes(source);
    var chunk = new byte[1 << 20];
    long left = SIZE;
    for (int i = 0; left > 0; i++) {
      int len = (int) Math.min(left, WRITE_SIZES[i % WRITE_SIZES.length]);
      System.arraycopy(source, random.nextInt(100_003), chunk, 0, len);
      digest.update(chunk, 0, len);
      out.write(chunk, 0, len);
      left -= len;
    }
  }
}
