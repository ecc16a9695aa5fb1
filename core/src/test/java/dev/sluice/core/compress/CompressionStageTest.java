package dev.sluice.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionStageTest {

  /** What the stage writes, and how much of it each thread wrote. */
  private static final class Target extends ByteArrayOutputStream {
    final Map<String, Long> writers = new ConcurrentHashMap<>();
    volatile boolean closed;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writers.merge(Thread.currentThread().getName(), (long) len, Long::sum);
      super.write(b, off, len);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"GZIP", "ZSTD"})
  void compressesOnItsOwnThreadWhatDecompressesToTheInput(Compression compression)
      throws IOException {
    var data = new byte[3_000_000];
    var random = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + random.nextInt(8));
    }
    var target = new Target();
    try (OutputStream stage = CompressionStage.start(compression, 1, target)) {
      assertThat(stage).isInstanceOf(CompressionStage.class);
      for (int off = 0; off < data.length; ) {
        int n = Math.min(1 + random.nextInt(70_000), data.length - off);
        stage.write(data, off, n);
        off += n;
      }
    }
    assertThat(target.closed).as("the trailer is written and the target closed").isTrue();
    // gzip writes its 10-byte header when the compressor is built, on the caller's thread.
    long caller = target.writers.getOrDefault(Thread.currentThread().getName(), 0L);
    assertThat(caller).isLessThanOrEqualTo(10);
    assertThat(target.writers.get("sluice-compress")).isEqualTo(target.size() - caller);
    assertThat(decompress(compression, target.toByteArray())).isEqualTo(data);
  }

  @Test
  void noCompressionIsTheTargetItself() throws IOException {
    var target = new Target();
    assertThat(CompressionStage.start(Compression.NONE, 0, target)).isSameAs(target);
  }

  @Test
  void badLevelFailsOnTheCallersThread() {
    assertThatThrownBy(() -> CompressionStage.start(Compression.GZIP, 12, new Target()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gzip level");
  }

  @Test
  void targetFailureFailsTheWriterWithItsCause() throws Exception {
    var refused = new IOException("the sink stopped reading");
    var target =
        new OutputStream() {
          private int accepted;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            // The header passes; the first block of compressed data is refused.
            if (accepted + len > 10) {
              throw refused;
            }
            accepted += len;
          }
        };
    var stage = CompressionStage.start(Compression.GZIP, 1, target);
    var chunk = new byte[64 * 1024];
    new Random(1).nextBytes(chunk);
    // gzip holds 64 KiB of output before its first write: a few chunks reach the target.
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100; i++) {
                stage.write(chunk);
              }
            })
        .isInstanceOf(IOException.class)
        .hasRootCauseMessage("the sink stopped reading");
    assertThatThrownBy(stage::close).isSameAs(refused);
  }

  @Test
  void abortStopsTheCompressorWithoutTheEncoderWaiting() throws Exception {
    var target = new Target();
    var stage = (CompressionStage) CompressionStage.start(Compression.ZSTD, 3, target);
    stage.write(new byte[100_000]);
    stage.abort(new IllegalStateException("the query failed"));
    assertThatThrownBy(() -> stage.write(new byte[10])).isInstanceOf(IOException.class);
    stage.close();
  }

  @Test
  void gzipAbortCompressesNothingMoreAndStopsTheDeflateThreads() throws Exception {
    var target = new Target();
    var stage = (CompressionStage) CompressionStage.start(Compression.GZIP, 1, target);
    var data = new byte[3 * Deflate.BLOCK + Deflate.BLOCK / 2];
    new Random(3).nextBytes(data);
    stage.write(data);
    stage.abort(new IllegalStateException("the query failed"));
    int written = target.size();
    stage.close();

    assertThat(target.size()).isEqualTo(written);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("sluice-deflate-"));
    if (Deflate.best(1) != Deflate.JDK) {
      // Whole members only: the half block the encoder left was never compressed.
      assertThat(target.closed).isFalse();
      if (written > 0) {
        var prefix = decompress(Compression.GZIP, target.toByteArray());
        assertThat(prefix.length % Deflate.BLOCK).isZero();
        assertThat(prefix.length).isLessThan(data.length);
        assertThat(prefix).isEqualTo(Arrays.copyOf(data, prefix.length));
      }
    }
  }

  private static byte[] decompress(Compression compression, byte[] bytes) throws IOException {
    InputStream in = new ByteArrayInputStream(bytes);
    try (InputStream d =
        compression == Compression.GZIP ? new GZIPInputStream(in) : new ZstdInputStream(in)) {
      return d.readAllBytes();
    }
  }
}
