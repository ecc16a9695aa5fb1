package dev.sluice.core.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/** What the gzip tests feed the implementations, and the real readers they check them with. */
final class GzipFixtures {
  static final int BLOCK = Deflate.BLOCK;

  private static final List<String> LIBRARY_DIRS =
      List.of(
          "/lib/x86_64-linux-gnu",
          "/usr/lib/x86_64-linux-gnu",
          "/lib/aarch64-linux-gnu",
          "/usr/lib/aarch64-linux-gnu",
          "/usr/lib64",
          "/usr/lib");

  private GzipFixtures() {}

  /** Whether the shared library {@code name} is in one of the usual library folders. */
  static boolean installed(String name) {
    return LIBRARY_DIRS.stream().anyMatch(d -> Files.exists(Path.of(d, name)));
  }

  /** Whether this JVM can call native libraries: the native deflates need Java 22. */
  static boolean nativeJava() {
    return Runtime.version().feature() >= 22;
  }

  /** CSV-like: digits, commas and a few words, about as compressible as an export. */
  static byte[] compressible(int size) {
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

  /** Incompressible: deflate can only store these. */
  static byte[] random(int size) {
    var bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** gzips {@code data} with awkward writes: a single byte, then pieces that straddle blocks. */
  static byte[] gzip(Deflate deflate, byte[] data, int level, int workers) throws IOException {
    var compressed = new ByteArrayOutputStream();
    try (var out = deflate.gzip(compressed, level, workers)) {
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

  /** Every member, through the JDK's reader. */
  static byte[] gunzipJdk(byte[] gz) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** Through the {@code gzip} command ({@code gzip -dc}), which must exit 0. */
  static byte[] gunzipBinary(Path dir, byte[] gz) throws Exception {
    return run(Files.write(Files.createTempFile(dir, "in", ".gz"), gz), "gzip", "-dc");
  }

  /** The size of {@code data} compressed by the {@code gzip} command at {@code level}. */
  static int gzipBinarySize(Path dir, byte[] data, int level) throws Exception {
    var file = Files.write(Files.createTempFile(dir, "in", ".csv"), data);
    return run(file, "gzip", "-" + level, "-c").length;
  }

  private static byte[] run(Path file, String... command) throws Exception {
    var args = new ArrayList<>(List.of(command));
    args.add(file.toString());
    var process = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out;
    try (InputStream in = process.getInputStream()) {
      out = in.readAllBytes();
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + " exit code").isZero();
    return out;
  }
}
