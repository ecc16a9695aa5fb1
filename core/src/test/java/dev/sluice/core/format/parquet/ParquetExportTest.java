package dev.sluice.core.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Verification;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.HttpSink;
import dev.sluice.core.sink.RawHttpServer;
import dev.sluice.core.testing.DuckDb;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Parquet through the whole export: sink, manifest, verify, failure, codecs, row groups. */
@Timeout(120)
class ParquetExportTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String TABLE = TestDatabases.uniqueName("parquet_orders");
  static final long ROWS = 20_000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    PG.createOrders(TABLE, ROWS);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  private static FormatOptions parquet(ParquetOptions options) {
    return FormatOptions.builder().parquet(options).build();
  }

  private Export.Builder export(Path target, ParquetOptions options) {
    return Export.builder()
        .source(PG.source().query("SELECT * FROM " + TABLE + " ORDER BY id").build())
        .format(Format.PARQUET)
        .formatOptions(parquet(options))
        .sink(FileSink.of(target));
  }

  @Test
  void fileExportHasAManifestThatVerifiesAndDuckDbReadsEveryRow() throws Exception {
    var target = dir.resolve("orders.parquet");
    var result = export(target, ParquetOptions.defaults()).build().run();

    var m = ManifestJson.read(Files.newInputStream(dir.resolve("orders.parquet.manifest.json")));
    assertThat(result.manifest()).contains(m);
    assertThat(m.rows()).isEqualTo(ROWS);
    assertThat(m.rowGroups()).containsExactly(ROWS);
    assertThat(m.compression()).isEqualTo(Compression.NONE);
    byte[] stored = Files.readAllBytes(target);
    assertThat(m.storedBytes()).isEqualTo(stored.length);
    assertThat(Verification.of(m, new ByteArrayInputStream(stored)).differences()).isEmpty();
    var count =
        DuckDb.rows("SELECT count(*) AS n FROM read_parquet(" + DuckDb.literal(target) + ")");
    assertThat(count.get(0).get("n").asLong()).isEqualTo(ROWS);
  }

  @Test
  void rowGroupsEndAtTheirRowCapAndTheManifestListsThem() throws Exception {
    var target = dir.resolve("groups.parquet");
    var result = export(target, ParquetOptions.defaults().withRowGroupRows(6_000)).build().run();

    var m = result.manifest().orElseThrow();
    assertThat(m.rowGroups()).containsExactly(6_000L, 6_000L, 6_000L, 2_000L);
    var groups =
        DuckDb.rows(
            "SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata("
                + DuckDb.literal(target)
                + ") GROUP BY 1 ORDER BY 1");
    assertThat(groups)
        .extracting(g -> g.get("n").asLong())
        .containsExactly(6_000L, 6_000L, 6_000L, 2_000L);
    assertThat(Verification.of(m, Files.newInputStream(target)).differences()).isEmpty();
  }

  @Test
  void rowGroupsEndAtTheirByteCap() throws Exception {
    var target = dir.resolve("bytes.parquet");
    var table = TestDatabases.uniqueName("parquet_wide");
    try (var c = PG.connect();
        var st = c.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + table
              + " AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS t"
              + " FROM generate_series(1, 100000) g");
    }
    try {
      var result =
          Export.builder()
              .source(PG.source().query("SELECT * FROM " + table + " ORDER BY id").build())
              .format(Format.PARQUET)
              .formatOptions(parquet(ParquetOptions.defaults().withRowGroupBytes(1 << 20)))
              .sink(FileSink.of(target))
              .build()
              .run();
      var groups = result.manifest().orElseThrow().rowGroups();
      // 100,000 rows of 72 bytes hold about 7 MiB before compression: several 1 MiB groups.
      assertThat(groups).hasSizeGreaterThan(2);
      assertThat(groups.stream().mapToLong(Long::longValue).sum()).isEqualTo(100_000);
    } finally {
      PG.drop(table);
    }
  }

  /** To HTTP the file is one chunked body, with Parquet's media type, that DuckDB reads. */
  @Test
  void httpReceivesTheFileAsOneChunkedBody() throws Exception {
    try (var server = RawHttpServer.start()) {
      var result =
          Export.builder()
              .source(PG.source().query("SELECT * FROM " + TABLE + " ORDER BY id").build())
              .format(Format.PARQUET)
              .sink(HttpSink.builder(server.url("/orders")).build())
              .build()
              .run();

      var request = server.takeRequest();
      assertThat(request.end()).isEqualTo("complete");
      assertThat(request.header("Content-Type")).contains("application/vnd.apache.parquet");
      assertThat(request.header("Content-Encoding")).isEmpty();
      assertThat(request.bodyBytes()).isEqualTo(result.storedBytes());
      var file = dir.resolve("posted.parquet");
      Files.write(file, request.body());
      var count =
          DuckDb.rows("SELECT count(*) AS n FROM read_parquet(" + DuckDb.literal(file) + ")");
      assertThat(count.get(0).get("n").asLong()).isEqualTo(ROWS);
    }
  }

  /** Wide rows are weighed from the first row on, so a row group never runs far past its cap. */
  @Test
  void wideRowsEndTheirRowGroupNearTheCap() throws Exception {
    var target = dir.resolve("wide.parquet");
    var result =
        Export.builder()
            .source(
                PG.source()
                    .query(
                        "SELECT g AS id, (SELECT string_agg(md5(g::text || i), '')"
                            + " FROM generate_series(1, 2000) i) AS t"
                            + " FROM generate_series(1, 400) g")
                    .build())
            .format(Format.PARQUET)
            .formatOptions(parquet(ParquetOptions.defaults().withRowGroupBytes(1 << 20)))
            .sink(FileSink.of(target))
            .build()
            .run();

    // 64 KB of hex per row, about 36 KB compressed: a 1 MiB group holds some 30 rows.
    var groups = result.manifest().orElseThrow().rowGroups();
    assertThat(groups.stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
    assertThat(groups.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(64);
  }

  @ParameterizedTest
  @EnumSource(ParquetCodec.class)
  void everyCodecIsReadByDuckDbAndNamedInTheFile(ParquetCodec codec) throws Exception {
    var target = dir.resolve(codec.label() + ".parquet");
    export(target, ParquetOptions.defaults().withCodec(codec)).build().run();

    var meta =
        DuckDb.rows(
            "SELECT DISTINCT compression FROM parquet_metadata(" + DuckDb.literal(target) + ")");
    assertThat(meta)
        .extracting(r -> r.get("compression").asText())
        .containsExactly(codec == ParquetCodec.NONE ? "UNCOMPRESSED" : codec.name());
    var sum =
        DuckDb.rows(
            "SELECT sum(id)::VARCHAR AS s FROM read_parquet(" + DuckDb.literal(target) + ")");
    assertThat(sum.get(0).get("s").asText()).isEqualTo(String.valueOf(ROWS * (ROWS + 1) / 2));
  }

  @Test
  void aQueryFailingHalfwayLeavesNoFile() throws Exception {
    var target = dir.resolve("failed.parquet");
    var export =
        Export.builder()
            .source(
                PG.source()
                    .query("SELECT g AS id, 1 / (g - 15000) AS x FROM generate_series(1, 30000) g")
                    .fetchSize(1000)
                    .build())
            .format(Format.PARQUET)
            .formatOptions(parquet(ParquetOptions.defaults().withRowGroupRows(1_000)))
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
  void aValueItsTypeCannotHoldFailsTheExportNamingTheColumn() throws Exception {
    var target = dir.resolve("rounded.parquet");
    var export =
        Export.builder()
            .source(PG.source().query("SELECT 1::numeric / 3 AS third").build())
            .format(Format.PARQUET)
            .sink(FileSink.of(target))
            .build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("column \"third\"")
        .hasMessageContaining("DECIMAL(38,18)")
        .hasMessageContaining("cast the column");
    assertThat(target).doesNotExist();
  }

  @Test
  void compressionAroundParquetIsRefused() {
    assertThatThrownBy(
            () ->
                export(dir.resolve("x.parquet"), ParquetOptions.defaults())
                    .compression(Compression.GZIP)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compresses its own pages");
  }

  @Test
  void verifyFindsACutOffFile() throws Exception {
    var target = dir.resolve("cut.parquet");
    var m = export(target, ParquetOptions.defaults()).build().run().manifest().orElseThrow();
    byte[] bytes = Files.readAllBytes(target);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 100);

    var v = Verification.of(m, new ByteArrayInputStream(cut));

    assertThat(v.matches()).isFalse();
    assertThat(v.differences()).anyMatch(d -> d.contains("no footer"));
  }
}
