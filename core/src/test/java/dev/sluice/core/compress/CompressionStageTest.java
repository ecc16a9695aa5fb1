package dev.sluice.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
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

  @Test
  void compressesOnItsOwnThreadWhatDecompressesToTheInput() throws IOException {
    var data = data(3_000_000);
    var target = new Target();
    try (OutputStream stage = CompressionStage.around(new ZstdOutputStreamNoFinalizer(target, 1))) {
      writeInPieces(stage, data);
    }
    assertThat(target.closed).as("the trailer is written and the target closed").isTrue();
    assertThat(target.writers).containsOnlyKeys("sluice-compress");
    assertThat(decompress(Compression.ZSTD, target.toByteArray())).isEqualTo(data);
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"GZIP", "ZSTD"})
  void aCompressorWithThreadsOfItsOwnIsHandedOverWithoutAStage(Compression compression)
      throws IOException {
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs more than one core");
    assumeTrue(
        compression != Compression.GZIP || Deflate.best(1) != Deflate.JDK,
        "needs a native gzip (libisal2 or libdeflate0)");
    var data = data(3_000_000);
    var target = new Target();
    try (OutputStream compressor = CompressionStage.start(compression, 1, target)) {
      assertThat(compressor).isNotInstanceOf(CompressionStage.class);
      assertThat(compressor)
          .isInstanceOfSatisfying(Abortable.class, a -> assertThat(a.concurrent()).isTrue());
      writeInPieces(compressor, data);
    }
    assertThat(target.closed).isTrue();
    // Its output is written in order by the writer's own thread; its workers only compress.
    assertThat(target.writers).containsOnlyKeys(Thread.currentThread().getName());
    assertThat(decompress(compression, target.toByteArray())).isEqualTo(data);
  }

  private static byte[] data(int n) {
    var data = new byte[n];
    var random = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + random.nextInt(8));
    }
    return data;
  }

  private static void writeInPieces(OutputStream out, byte[] data) throws IOException {
    var random = new Random(11);
    for (int off = 0; off < data.length; ) {
      int n = Math.min(1 + random.nextInt(70_000), data.length - off);
      out.write(data, off, n);
      off += n;
    }
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
            // The first bytes pass; the first block of compressed data is refused.
            if (accepted + len > 10) {
              throw refused;
            }
            accepted += len;
          }
        };
    var stage = CompressionStage.around(new ZstdOutputStreamNoFinalizer(target, 1));
    var chunk = new byte[64 * 1024];
    new Random(1).nextBytes(chunk);
    // zstd holds some output before its first write: a few chunks reach the target.
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
    var stage = CompressionStage.around(new ZstdOutputStreamNoFinalizer(target, 3));
    stage.write(new byte[100_000]);
    stage.abort(new IllegalStateException("the query failed"));
    assertThatThrownBy(() -> stage.write(new byte[10])).isInstanceOf(IOException.class);
    stage.close();
  }

  @Test
  void gzipAbortCompressesNothingMoreAndStopsTheDeflateThreads() throws Exception {
    var target = new Target();
    var gzip = CompressionStage.start(Compression.GZIP, 1, target);
    var data = new byte[3 * Deflate.BLOCK + Deflate.BLOCK / 2];
    new Random(3).nextBytes(data);
    gzip.write(data);
    CompressionStage.abort(gzip, new IllegalStateException("the query failed"));
    int written = target.size();
    gzip.close();

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
