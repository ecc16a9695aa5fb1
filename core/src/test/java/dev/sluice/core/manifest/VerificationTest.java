package dev.sluice.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.Export;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.testing.OrdersTable;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Verification} against real exports: it passes on what the export wrote and names the
 * difference when the data is truncated, has a byte flipped or a row removed.
 */
@Timeout(60)
class VerificationTest {
  static final int ROWS = 1_000;
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  @RegisterExtension static final OrdersTable ORDERS = OrdersTable.of(PG, "mf_verify", ROWS);
  static final String TABLE = ORDERS.name();

  static final String EVERY_FORMAT_AND_COMPRESSION =
      "dev.sluice.core.manifest.ManifestExportTest#everyFormatAndCompression";

  @TempDir Path dir;

  /** What an export wrote: the stored bytes and the manifest beside them. */
  record Exported(byte[] data, Manifest manifest) {
    Verification verify(byte[] changed) throws IOException {
      return Verification.of(manifest, new ByteArrayInputStream(changed));
    }
  }

  Exported export(Format format, Compression compression) throws Exception {
    var target = dir.resolve("v." + format.extension() + compression.suffix());
    var result =
        Export.builder()
            .source(PG.source().query("SELECT * FROM " + TABLE + " ORDER BY id").build())
            .format(format)
            .compression(compression)
            .sink(FileSink.of(target))
            .build()
            .run();
    return new Exported(Files.readAllBytes(target), result.manifest().orElseThrow());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(EVERY_FORMAT_AND_COMPRESSION)
  void exportedDataMatches(Format format, Compression compression) throws Exception {
    var e = export(format, compression);

    var v = e.verify(e.data());

    assertThat(v.differences()).isEmpty();
    assertThat(v.matches()).isTrue();
    assertThat(v.rows()).isEqualTo(ROWS);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(EVERY_FORMAT_AND_COMPRESSION)
  void truncatedDataIsNamed(Format format, Compression compression) throws Exception {
    var e = export(format, compression);
    var cut = Arrays.copyOf(e.data(), e.data().length / 2);

    var d = e.verify(cut).differences();

    var bytes = compression == Compression.NONE ? "bytes" : "bytes (stored)";
    var sha = compression == Compression.NONE ? "sha256" : "sha256 (stored)";
    assertThat(d).contains(bytes + ": manifest " + e.data().length + ", data " + cut.length);
    assertThat(d)
        .anyMatch(
            s ->
                s.startsWith(
                    sha
                        + ": manifest "
                        + e.manifest().sha256Stored().substring(0, 12)
                        + "..., data "));
    assertThat(d).anyMatch(s -> s.startsWith("rows: manifest " + ROWS + ", data "));
    assertThat(d).anyMatch(s -> s.startsWith("data: "));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(EVERY_FORMAT_AND_COMPRESSION)
  void flippedByteIsNamed(Format format, Compression compression) throws Exception {
    var e = export(format, compression);
    var flipped = e.data().clone();
    int at = flipped.length / 2;
    while (flipped[at] == '\n' || flipped[at] == '"' || flipped[at] == '\r') {
      at++;
    }
    flipped[at] ^= 0x01;

    var d = e.verify(flipped).differences();

    var sha = compression == Compression.NONE ? "sha256" : "sha256 (stored)";
    assertThat(d).anyMatch(s -> s.startsWith(sha + ": manifest "));
    assertThat(d).noneMatch(s -> s.startsWith("bytes:") || s.startsWith("bytes (stored)"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource(EVERY_FORMAT_AND_COMPRESSION)
  void removedRowIsNamed(Format format, Compression compression) throws Exception {
    var e = export(format, compression);
    var plain = Rows.decompress(new ByteArrayInputStream(e.data()), compression).readAllBytes();
    // Line 3 is the second row in every format (rows 1 to 9 hold no newline): NDJSON row 3,
    // CSV row 2 after the header, JSON element 2 after "[".
    var lines = new ArrayList<>(List.of(new String(plain, StandardCharsets.UTF_8).split("\n", -1)));
    lines.remove(2);
    var changed = compress(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), compression);

    var v = e.verify(changed);

    assertThat(v.differences()).first().isEqualTo("rows: manifest 1000, data 999");
    assertThat(v.differences())
        .anyMatch(
            s ->
                s.startsWith(
                    compression == Compression.NONE ? "sha256: " : "sha256 (uncompressed): "));
    assertThat(v.problem()).isNull();
  }

  @Test
  void emptyDataIsNamedNotThrown() throws Exception {
    var e = export(Format.NDJSON, Compression.GZIP);

    var d = e.verify(new byte[0]).differences();

    assertThat(d)
        .contains(
            "rows: manifest 1000, data 0",
            "bytes (stored): manifest " + e.data().length + ", data 0");
    assertThat(d).anyMatch(s -> s.startsWith("data: cannot decompress the gzip stream"));
  }

  @Test
  void failingSourceIsThrownNotReported() throws Exception {
    var e = export(Format.NDJSON, Compression.GZIP);
    var broken =
        new InputStream() {
          int served;

          @Override
          public int read() throws IOException {
            if (served++ > 100) {
              throw new IOException("connection reset");
            }
            return e.data()[served - 1] & 0xff;
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Verification.of(e.manifest(), broken))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
  }

  static byte[] compress(byte[] plain, Compression compression) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var c = compression.compress(out, compression.defaultLevel())) {
      c.write(plain);
    }
    return out.toByteArray();
  }
}
