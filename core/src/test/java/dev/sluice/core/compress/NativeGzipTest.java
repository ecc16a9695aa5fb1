package dev.sluice.core.compress;

import static dev.sluice.core.compress.GzipFixtures.BLOCK;
import static dev.sluice.core.compress.GzipFixtures.compressible;
import static dev.sluice.core.compress.GzipFixtures.gunzipBinary;
import static dev.sluice.core.compress.GzipFixtures.gunzipJdk;
import static dev.sluice.core.compress.GzipFixtures.gzip;
import static dev.sluice.core.compress.GzipFixtures.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each native gzip (libdeflate, ISA-L's igzip; forced by their {@code SLUICE_DEFLATE} names)
 * against real readers: the JDK's {@link java.util.zip.GZIPInputStream} and the {@code gzip}
 * command. A library that does not load here (Java 21, or not installed) skips its cases, saying
 * so; {@code .ci/run} installs both.
 */
@Timeout(120)
class NativeGzipTest {
  private static final String[] NATIVES = {"libdeflate", "isal"};

  @TempDir Path dir;

  /** The library {@code setting} forces, or a skipped test if it does not load. */
  private static Deflate loaded(String setting) {
    var deflate = Deflate.choose(setting, 1);
    assumeTrue(
        deflate != Deflate.JDK,
        setting
            + " does not load here (Java "
            + Runtime.version().feature()
            + ", or not installed)");
    return deflate;
  }

  static Stream<Arguments> sizes() {
    var cases = new ArrayList<Arguments>();
    for (var setting : NATIVES) {
      for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 7}) {
        for (int workers : new int[] {1, 3}) {
          cases.add(Arguments.of(setting, size, workers));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} bytes on {2} workers")
  @MethodSource("sizes")
  void gzipCommandAndGzipInputStreamReadCompressibleData(String setting, int size, int workers)
      throws Exception {
    var data = compressible(size);
    var gz = gzip(loaded(setting), data, 1, workers);

    assertThat(gunzipJdk(gz)).isEqualTo(data);
    assertThat(gunzipBinary(dir, gz)).isEqualTo(data);
    if (size > BLOCK) {
      assertThat(gz.length).as("compressed size").isLessThan(size / 2);
    }
  }

  @ParameterizedTest(name = "{0}: {1} bytes on {2} workers")
  @MethodSource("sizes")
  void randomBytesFitTheOutputBoundAtLowAndHighLevels(String setting, int size, int workers)
      throws Exception {
    var data = random(size);
    for (int level : new int[] {1, 9}) {
      var gz = gzip(loaded(setting), data, level, workers);

      assertThat(gunzipJdk(gz)).as("level %d", level).isEqualTo(data);
      assertThat(gunzipBinary(dir, gz)).as("level %d", level).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"libdeflate", "isal"})
  void everyLevelRoundTrips(String setting) throws Exception {
    var data = compressible(BLOCK + 1000);
    for (int level = 1; level <= 9; level++) {
      assertThat(gunzipJdk(gzip(loaded(setting), data, level, 2)))
          .as("level %d", level)
          .isEqualTo(data);
    }
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

  @ParameterizedTest
  @ValueSource(strings = {"libdeflate", "isal"})
  void abortWritesNothingMoreClosesNothingAndStopsTheWorkers(String setting) throws Exception {
    var sink = new Recording();
    var out = loaded(setting).gzip(sink, 1, 3);
    out.write(compressible(2 * BLOCK + BLOCK / 2));
    int before = sink.size();

    ((Abortable) out).abort();
    assertThat(sink.size()).isEqualTo(before);
    assertThat(sink.closed).isFalse();
    assertThat(deflateThreads()).isZero();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessage("closed");
    out.close();
    assertThat(sink.size()).isEqualTo(before);
    assertThat(sink.closed).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"libdeflate", "isal"})
  void aFailingOutFailsTheStreamAndStopsTheWorkers(String setting) throws Exception {
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
    var out = loaded(setting).gzip(refusing, 1, 3);

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

  /**
   * Many streams at once, each on its own workers, fed random write sizes: every one decompresses
   * to exactly its input. Blocks in flight share no native state, so none sees another's bytes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"libdeflate", "isal"})
  void manyStreamsOnManyWorkersWithRandomWritesRoundTrip(String setting) throws Exception {
    var deflate = loaded(setting);
    var seeds = new Random(17);
    var tasks = new ArrayList<Callable<Void>>();
    for (int s = 0; s < 64; s++) {
      long seed = seeds.nextLong();
      tasks.add(
          () -> {
            var random = new Random(seed);
            int size = random.nextInt(4 * BLOCK);
            var data = random.nextBoolean() ? compressible(size) : random(size);
            int workers = 1 + random.nextInt(4);
            int level = 1 + random.nextInt(9);
            var compressed = new ByteArrayOutputStream();
            try (var out = deflate.gzip(compressed, level, workers)) {
              for (int at = 0; at < data.length; ) {
                int n =
                    Math.min(
                        data.length - at, 1 + random.nextInt(random.nextBoolean() ? 64 : 300_000));
                out.write(data, at, n);
                at += n;
              }
            }
            assertThat(gunzipJdk(compressed.toByteArray()))
                .as("seed %d: %d bytes, level %d, %d workers", seed, size, level, workers)
                .isEqualTo(data);
            return null;
          });
    }
    try (var pool = Executors.newFixedThreadPool(6)) {
      for (var done : pool.invokeAll(tasks)) {
        done.get();
      }
    }
    assertThat(deflateThreads()).isZero();
  }
}
