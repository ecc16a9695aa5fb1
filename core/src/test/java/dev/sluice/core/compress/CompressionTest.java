package dev.sluice.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class CompressionTest {
  /** Compressible but not trivial: random words from a small alphabet. */
  private static byte[] data() {
    var random = new Random(42);
    var out = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ('a' + random.nextInt(8));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void decompressReadsBackWhatCompressWrote(Compression compression) throws Exception {
    var data = data();
    var compressed = new ByteArrayOutputStream();
    try (var out = compression.compress(compressed, compression.defaultLevel())) {
      out.write(data);
    }

    try (var in = compression.decompress(new ByteArrayInputStream(compressed.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void gzipDecompressReadsWhatTheJdksGzipWrote() throws Exception {
    var data = data();
    var compressed = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(compressed)) {
      out.write(data);
    }

    try (var in = Compression.GZIP.decompress(new ByteArrayInputStream(compressed.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void gzipDecompressOfDataThatIsNotGzipFailsAtOnce() {
    assertThatThrownBy(
            () -> Compression.GZIP.decompress(new ByteArrayInputStream("{\"id\":1}\n".getBytes())))
        .isInstanceOf(ZipException.class);
  }

  @Test
  void noneDecompressesToTheStreamItself() throws Exception {
    InputStream in = new ByteArrayInputStream(new byte[3]);
    assertThat(Compression.NONE.decompress(in)).isSameAs(in);
  }

  /** Hands out {@code parts} one read each, and never says that more is available. */
  static InputStream inParts(byte[]... parts) {
    return new InputStream() {
      int part;
      int at;

      @Override
      public int read() {
        var one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        while (part < parts.length && at == parts[part].length) {
          part++;
          at = 0;
        }
        if (part == parts.length) {
          return -1;
        }
        int n = Math.min(len, parts[part].length - at);
        System.arraycopy(parts[part], at, b, off, n);
        at += n;
        return n;
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  private static byte[] member(String text) throws Exception {
    var bytes = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void gzipDecompressReadsEveryMemberOfAStreamThatReportsNothingAvailable() throws Exception {
    // Each read ends exactly at a member's end, where Java 21's GZIPInputStream asks available().
    var in = inParts(member("first\n"), member("second\n"), member("third\n"));

    try (var gz = Compression.GZIP.decompress(in)) {
      assertThat(new String(gz.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("first\nsecond\nthird\n");
    }
  }
}
