package dev.sluice.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gzip implementations against real readers: the JDK's {@link GZIPInputStream} and the {@code
 * gzip} binary. On Java 22 and later with libdeflate installed (as {@code .ci/run} makes sure),
 * {@link Deflate#best} is libdeflate and these tests run it.
 */
@Timeout(60)
class DeflateTest {
  private static final int BLOCK = Deflate.BLOCK;
  private static final List<String> LIBRARY_DIRS =
      List.of(
          "/lib/x86_64-linux-gnu",
          "/usr/lib/x86_64-linux-gnu",
          "/lib/aarch64-linux-gnu",
          "/usr/lib/aarch64-linux-gnu",
          "/usr/lib64",
          "/usr/lib");

  @TempDir Path dir;

  private static boolean libdeflateInstalled() {
    return LIBRARY_DIRS.stream().anyMatch(d -> Files.exists(Path.of(d, "libdeflate.so.0")));
  }

  /** CSV-like: digits, commas and a few words, about as compressible as an export. */
  private static byte[] compressible(int size) {
    var random = new Random(size);
    var words = new String[] {"pending", "shipped", "returned", "2024-05-17", "EUR", "Berlin"};
    var out = new ByteArrayOutputStream(size + 64);
    long id = 0;
    while (out.size() < size) {
      var line =
          ++id
              + ","
              + random.nextInt(100_000)
              + ","
              + words[random.nextInt(words.length)]
              + ","
              + random.nextInt(1000) / 100.0
              + "\n";
      out.writeBytes(line.getBytes());
    }
    return Arrays.copyOf(out.toByteArray(), size);
  }

  private static byte[] random(int size) {
    var bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static byte[] gzip(Deflate deflate, byte[] data, int level, int workers)
      throws IOException {
    var compressed = new ByteArrayOutputStream();
    try (var out = deflate.gzip(compressed, level, workers)) {
      // Awkward writes: a single byte, then pieces that straddle block ends.
      int at = 0;
      if (data.length > 0) {
        out.write(data[0]);
        at = 1;
      }
      while (at < data.length) {
        int n = Math.min(data.length - at, 100_003);
        out.write(data, at, n);
        at += n;
      }
    }
    return compressed.toByteArray();
  }

  private static byte[] gunzipJdk(byte[] gz) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private byte[] gunzipBinary(byte[] gz) throws Exception {
    var file = Files.write(dir.resolve("in.gz"), gz);
    var process =
        new ProcessBuilder("gzip", "-dc", file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out;
    try (InputStream in = process.getInputStream()) {
      out = in.readAllBytes();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("gzip -d exit code").isZero();
    return out;
  }

  static Stream<Arguments> sizes() {
    var sizes = new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 7};
    var cases = new ArrayList<Arguments>();
    for (int size : sizes) {
      for (int workers : new int[] {1, 3}) {
        cases.add(Arguments.of(size, workers));
      }
    }
    return cases.stream();
  }

  @Test
  void bestIsLibdeflateWhenTheLibraryIsInstalledOnJava22() {
    var expectNative =
        Runtime.version().feature() >= 22
            && libdeflateInstalled()
            && !"jdk".equalsIgnoreCase(System.getenv(Deflate.SETTING));
    assertThat(Deflate.best().name()).isEqualTo(expectNative ? "libdeflate" : "JDK zlib");
    assertThat(Compression.GZIP.implementation()).isEqualTo(Deflate.best().name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdk", "JDK", " jdk "})
  void jdkSettingForcesTheJdksZlib(String setting) {
    assertThat(Deflate.choose(setting)).isSameAs(Deflate.JDK);
    assertThat(Deflate.choose(setting).name()).isEqualTo("JDK zlib");
  }

  @Test
  void anyOtherSettingChoosesTheSameAsNone() {
    assertThat(Deflate.choose("auto").name()).isEqualTo(Deflate.choose(null).name());
  }

  @ParameterizedTest(name = "{0} bytes on {1} workers")
  @MethodSource("sizes")
  void gzipBinaryAndGzipInputStreamReadCompressibleData(int size, int workers) throws Exception {
    var data = compressible(size);
    var gz = gzip(Deflate.best(), data, 1, workers);

    assertThat(gunzipJdk(gz)).isEqualTo(data);
    assertThat(gunzipBinary(gz)).isEqualTo(data);
    if (size > BLOCK) {
      assertThat(gz.length).as("compressed size").isLessThan(size / 2);
    }
  }

  @ParameterizedTest(name = "{0} bytes on {1} workers")
  @MethodSource("sizes")
  void gzipBinaryAndGzipInputStreamReadRandomData(int size, int workers) throws Exception {
    var data = random(size);
    var gz = gzip(Deflate.best(), data, 6, workers);

    assertThat(gunzipJdk(gz)).isEqualTo(data);
    assertThat(gunzipBinary(gz)).isEqualTo(data);
  }

  @Test
  void theForcedJdkZlibWritesGzipToo() throws Exception {
    var data = compressible(2 * BLOCK + 3);
    var gz = gzip(Deflate.choose("jdk"), data, 1, 4);

    assertThat(gunzipJdk(gz)).isEqualTo(data);
    assertThat(gunzipBinary(gz)).isEqualTo(data);
  }

  @Test
  void everyLevelRoundTripsAndNineIsSmallerThanOne() throws Exception {
    var data = compressible(BLOCK + 1000);
    var sizes = new int[10];
    for (int level = 1; level <= 9; level++) {
      var gz = gzip(Deflate.best(), data, level, 2);
      assertThat(gunzipJdk(gz)).as("level %d", level).isEqualTo(data);
      sizes[level] = gz.length;
    }
    assertThat(sizes[9]).isLessThan(sizes[1]);
  }

  @Test
  void compressionLevelRangeStaysOneToNine() {
    assertThatThrownBy(() -> Compression.GZIP.compress(new ByteArrayOutputStream(), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gzip level not in 1..9: 10");
  }

  /** Counts what reaches it and whether it was closed. */
  private static final class Recording extends FilterOutputStream {
    boolean closed;

    Recording() {
      super(new ByteArrayOutputStream());
    }

    int size() {
      return ((ByteArrayOutputStream) out).size();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static long deflateThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sluice-deflate-"))
        .count();
  }

  @Test
  void abortWritesNothingMoreClosesNothingAndStopsTheWorkers() throws Exception {
    var sink = new Recording();
    var out = Deflate.best().gzip(sink, 1, 3);
    out.write(compressible(2 * BLOCK + BLOCK / 2));
    int before = sink.size();

    assertThat(out).isInstanceOfAny(Abortable.class, GZIPOutputStream.class);
    if (out instanceof Abortable abortable) {
      abortable.abort();
      assertThat(sink.size()).isEqualTo(before);
      assertThat(sink.closed).isFalse();
      assertThat(deflateThreads()).isZero();
      assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessage("closed");
      out.close();
      assertThat(sink.size()).isEqualTo(before);
      assertThat(sink.closed).isFalse();
    }
  }

  @Test
  void aFailingOutFailsTheStreamAndStopsTheWorkers() throws Exception {
    var refusing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("sink gone");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("sink gone");
          }
        };
    var out = Deflate.best().gzip(refusing, 1, 3);

    assertThatThrownBy(
            () -> {
              out.write(compressible(6 * BLOCK));
              out.close();
            })
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sink gone");
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(out::close).isInstanceOf(IOException.class);
    assertThat(deflateThreads()).isZero();
  }
}
