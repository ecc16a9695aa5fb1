package dev.sluice.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.sink.StdoutSink;
import dev.sluice.core.source.jdbc.JdbcSource;
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
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The manifest an export writes beside a file, checked against the file by hashing and decoding it
 * independently, for every format and compression, against the real PostgreSQL.
 */
@Timeout(60)
class ManifestExportTest {
  static final int ROWS = 3_000;
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  @RegisterExtension static final OrdersTable ORDERS = OrdersTable.of(PG, "mf_orders", ROWS);
  static final String TABLE = ORDERS.name();

  @TempDir Path dir;

  static Stream<Arguments> everyFormatAndCompression() {
    var cases = new ArrayList<Arguments>();
    for (var format : Format.values()) {
      for (var compression : Compression.values()) {
        if (format.compressesItself()) {
          continue; // Parquet has tests of its own: ParquetExportTest.
        }
        cases.add(Arguments.of(format, compression));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyFormatAndCompression")
  void manifestBesideTheFileDescribesItsBytes(Format format, Compression compression)
      throws Exception {
    var target = dir.resolve("orders." + format.extension() + compression.suffix());
    var sql = "SELECT * FROM " + TABLE + " ORDER BY id";
    var before = Instant.now().minusMillis(1);

    var result =
        Export.builder()
            .source(PG.source().query(sql).build())
            .format(format)
            .compression(compression)
            .sink(FileSink.of(target))
            .build()
            .run();

    var manifestFile = dir.resolve(target.getFileName() + ".manifest.json");
    assertThat(manifestFile).exists();
    Manifest m;
    try (var in = Files.newInputStream(manifestFile)) {
      m = ManifestJson.read(in);
    }
    assertThat(result.manifest()).contains(m);

    byte[] stored = Files.readAllBytes(target);
    byte[] plain = Rows.decompress(new ByteArrayInputStream(stored), compression).readAllBytes();
    assertThat(m.rows())
        .isEqualTo(ROWS)
        .isEqualTo(Rows.count(new ByteArrayInputStream(stored), format, compression));
    assertThat(m.storedBytes()).isEqualTo(stored.length);
    assertThat(m.uncompressedBytes()).isEqualTo(plain.length);
    assertThat(m.sha256Stored()).isEqualTo(sha256(stored));
    assertThat(m.sha256Uncompressed()).isEqualTo(sha256(plain));
    assertThat(m.format()).isEqualTo(format);
    assertThat(m.compression()).isEqualTo(compression);
    assertThat(m.destination()).isEqualTo(target.toString());
    assertThat(m.columns())
        .extracting(c -> c.name())
        .containsExactly("id", "created_at", "customer", "amount", "tags", "attrs", "paid", "note");
    assertThat(m.columns().get(0).sqlType()).isEqualTo("int8");
    assertThat(m.columns().get(0).outputType()).isEqualTo("integer");
    assertThat(m.source().url()).isEqualTo(PG.url());
    assertThat(m.source().query()).isEqualTo(sql);
    assertThat(m.source().querySha256()).isEqualTo(sha256(sql.getBytes(StandardCharsets.UTF_8)));
    assertThat(m.started()).isAfter(before).isBeforeOrEqualTo(m.finished());
    assertThat(m.finished()).isBeforeOrEqualTo(Instant.now());
    assertThat(m.sluiceVersion()).isNotBlank().isNotEqualTo("unknown");
    assertThat(m.storage()).containsEntry("path", target.toString());
    assertThat(Verification.of(m, new ByteArrayInputStream(stored)).differences()).isEmpty();
  }

  @Test
  void tableExportRecordsTheTableAndNoQueryHash() throws Exception {
    var target = dir.resolve("orders.csv");
    var result =
        Export.builder()
            .source(PG.source().table(TABLE).build())
            .format(Format.CSV)
            .sink(FileSink.of(target))
            .build()
            .run();

    var source = result.manifest().orElseThrow().source();
    assertThat(source.table()).isEqualTo(TABLE);
    assertThat(source.query()).isNull();
    assertThat(source.querySha256()).isNull();
    assertThat(result.manifest().orElseThrow().formatOptions().csvHeader()).isTrue();
  }

  @Test
  void passwordInTheUrlNeverReachesTheManifest() throws Exception {
    var target = dir.resolve("orders.ndjson");
    var result =
        Export.builder()
            .source(
                JdbcSource.builder(PG.url() + "?user=postgres&password=hunter2")
                    .query("SELECT 1 AS one")
                    .build())
            .sink(FileSink.of(target))
            .build()
            .run();

    var json = Files.readString(dir.resolve("orders.ndjson.manifest.json"));
    assertThat(json).doesNotContain("hunter2").contains("password=***");
    assertThat(result.manifest().orElseThrow().rows()).isEqualTo(1);
  }

  @Test
  void stdoutExportComputesNoManifestUnlessAsked() throws Exception {
    var result =
        Export.builder()
            .source(PG.source().query("SELECT 1 AS one").build())
            .sink(new StdoutSink(new ByteArrayOutputStream()))
            .build()
            .run();

    assertThat(result.manifest()).isEmpty();
  }

  @Test
  void stdoutExportStoresItsManifestWhereItIsTold() throws Exception {
    var out = new ByteArrayOutputStream();
    var manifestFile = dir.resolve("stdout.manifest.json");
    var result =
        Export.builder()
            .source(PG.source().query("SELECT * FROM " + TABLE + " ORDER BY id").build())
            .compression(Compression.GZIP)
            .sink(new StdoutSink(out))
            .manifestTo(FileSink.of(manifestFile))
            .build()
            .run();

    Manifest m;
    try (var in = Files.newInputStream(manifestFile)) {
      m = ManifestJson.read(in);
    }
    assertThat(result.manifest()).contains(m);
    assertThat(m.destination()).isEqualTo("stdout");
    assertThat(m.sha256Stored()).isEqualTo(sha256(out.toByteArray()));
    assertThat(Verification.of(m, new ByteArrayInputStream(out.toByteArray())).matches()).isTrue();
  }

  @Test
  void noManifestWhenTurnedOff() throws Exception {
    var target = dir.resolve("orders.ndjson");
    var result =
        Export.builder()
            .source(PG.source().table(TABLE).build())
            .sink(FileSink.of(target))
            .manifest(false)
            .build()
            .run();

    assertThat(result.manifest()).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void queryFailingHalfwayLeavesNeitherDataNorManifest() throws Exception {
    var target = dir.resolve("fails.ndjson.gz");
    var export =
        Export.builder()
            .source(
                PG.source()
                    .query("select n, 1/(n-150000) from generate_series(1,300000) n")
                    .build())
            .compression(Compression.GZIP)
            .sink(FileSink.of(target))
            .build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("division by zero");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void failedReExportKeepsTheEarlierDataAndItsManifest() throws Exception {
    var target = dir.resolve("orders.ndjson");
    Export.builder()
        .source(PG.source().table(TABLE).build())
        .sink(FileSink.of(target))
        .build()
        .run();
    var manifestFile = dir.resolve("orders.ndjson.manifest.json");
    byte[] data = Files.readAllBytes(target);
    byte[] manifest = Files.readAllBytes(manifestFile);

    var failing =
        Export.builder()
            .source(
                PG.source()
                    .query("select n, 1/(n-150000) from generate_series(1,300000) n")
                    .build())
            .sink(FileSink.of(target))
            .build();

    assertThatThrownBy(failing::run).isInstanceOf(ExportException.class);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(Files.readAllBytes(manifestFile)).isEqualTo(manifest);
  }

  @Test
  void manifestDirectoryThatDoesNotExistFailsBeforeTheQuery() throws Exception {
    var out = new ByteArrayOutputStream();
    var export =
        Export.builder()
            .source(PG.source().query("SELECT 1 AS one").build())
            .sink(new StdoutSink(out))
            .manifestTo(FileSink.of(dir.resolve("missing/m.json")))
            .build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("directory " + dir.resolve("missing") + " does not exist")
        .satisfies(
            e ->
                assertThat(((ExportException) e).reason())
                    .isEqualTo(ExportException.Reason.CONFIGURATION));
    assertThat(out.size()).isZero();
  }

  @Test
  void manifestPathThatIsADirectoryFailsBeforeTheQuery() throws Exception {
    var target = dir.resolve("orders.ndjson");
    Files.createDirectory(dir.resolve("orders.ndjson.manifest.json"));
    var export =
        Export.builder()
            .source(PG.source().query("SELECT 1 AS one").build())
            .sink(FileSink.of(target))
            .build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessage(target + ".manifest.json: is a directory")
        .satisfies(
            e ->
                assertThat(((ExportException) e).reason())
                    .isEqualTo(ExportException.Reason.CONFIGURATION));
    assertThat(target).doesNotExist();
  }

  @Test
  void manifestThatCannotBeStoredFailsTheExportAfterTheCommit() throws Exception {
    var target = dir.resolve("orders.ndjson");
    var store =
        new Sink() {
          @Override
          public String destination() {
            return "test://store";
          }

          @Override
          public Receipt write(InputStream data, ContentType contentType) throws IOException {
            throw new IOException("test://store: refused\nsecond line");
          }
        };
    var export =
        Export.builder()
            .source(PG.source().query("SELECT 1 AS one").build())
            .sink(FileSink.of(target))
            .manifestTo(store)
            .build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessage(
            target
                + ": the data is complete, but its manifest could not be stored at"
                + " test://store (unverifiable without it): test://store: refused")
        .satisfies(
            e -> assertThat(((ExportException) e).reason()).isEqualTo(ExportException.Reason.SINK));
    assertThat(Files.readString(target)).isEqualTo("{\"one\":1}\n");
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
