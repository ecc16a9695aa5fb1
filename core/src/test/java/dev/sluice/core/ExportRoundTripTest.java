package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.sink.StdoutSink;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every database x format x compression x sink: what the export wrote, decoded, equals the table
 * row by row.
 */
@Timeout(60)
class ExportRoundTripTest {
  /** Enough rows to cross the encoder's and the compressors' buffers several times. */
  static final int ROWS = 1_000;

  static final String TABLE = TestDatabases.uniqueName("eng_orders");

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    for (var db : TestDatabases.values()) {
      db.createOrders(TABLE, ROWS);
    }
  }

  @AfterAll
  static void dropTables() throws Exception {
    for (var db : TestDatabases.values()) {
      db.drop(TABLE);
    }
  }

  enum To {
    FILE,
    STDOUT
  }

  static Stream<Arguments> everyCombination() {
    var cases = new ArrayList<Arguments>();
    for (var db : TestDatabases.values()) {
      for (var format : Format.values()) {
        if (format.compressesItself()) {
          continue; // Parquet has tests of its own: ParquetExportTest.
        }
        for (var compression : Compression.values()) {
          for (var to : To.values()) {
            cases.add(Arguments.of(db, format, compression, to));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("everyCombination")
  void exportRoundTrips(TestDatabases db, Format format, Compression compression, To to)
      throws Exception {
    var target = dir.resolve("orders." + format.extension() + compression.suffix());
    var stdout = new ByteArrayOutputStream();
    Sink sink = to == To.FILE ? FileSink.of(target) : new StdoutSink(stdout);

    var result =
        Export.builder()
            .source(db.source().query("SELECT * FROM " + TABLE + " ORDER BY id").build())
            .format(format)
            .compression(compression)
            .sink(sink)
            .build()
            .run();

    byte[] written = to == To.FILE ? Files.readAllBytes(target) : stdout.toByteArray();
    assertThat(result.rows()).isEqualTo(ROWS);
    assertThat(result.storedBytes()).isEqualTo(written.length);
    assertThat(result.receipt().bytes()).isEqualTo(written.length);
    assertThat(
            Rows.decompress(new java.io.ByteArrayInputStream(written), compression).readAllBytes())
        .hasSize((int) result.rawBytes());
    assertMatchesOrders(Rows.read(written, format, compression), 1, ROWS);
    if (to == To.FILE) {
      assertThat(dir).isDirectoryContaining(p -> p.equals(target));
      try (var files = Files.list(dir)) {
        assertThat(files)
            .containsExactlyInAnyOrder(
                target, dir.resolve(target.getFileName() + ".manifest.json"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void tableIsExportedWhole(TestDatabases db) throws Exception {
    var out = new ByteArrayOutputStream();
    var result =
        Export.builder()
            .source(db.source().table(TABLE).build())
            .sink(new StdoutSink(out))
            .build()
            .run();

    var rows = new ArrayList<>(Rows.read(out.toByteArray(), Format.NDJSON, Compression.NONE));
    rows.sort((a, b) -> Long.compare(id(a), id(b)));
    assertThat(result.rows()).isEqualTo(ROWS);
    assertMatchesOrders(rows, 1, ROWS);
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.class,
      names = {"POSTGRESQL", "H2"})
  void schemaQualifiedTableIsExported(TestDatabases db) throws Exception {
    var schema = db == TestDatabases.POSTGRESQL ? "public" : "PUBLIC";
    var out = new ByteArrayOutputStream();
    var result =
        Export.builder()
            .source(db.source().table(schema + "." + TABLE).build())
            .sink(new StdoutSink(out))
            .build()
            .run();
    assertThat(result.rows()).isEqualTo(ROWS);
  }

  /** Asserts that {@code rows} are the orders with ids {@code first} to {@code last}, in order. */
  static void assertMatchesOrders(List<Map<String, String>> rows, long first, long last) {
    assertThat(rows).hasSize((int) (last - first + 1));
    for (int i = 0; i < rows.size(); i++) {
      var row = lowerCaseKeys(rows.get(i));
      long id = first + i;
      assertThat(row.get("id")).as("id of row %d", i).isEqualTo(Long.toString(id));
      assertThat(row.get("customer"))
          .as("customer of id %d", id)
          .isEqualTo(TestDatabases.customer(id));
      assertThat(new BigDecimal(row.get("amount")))
          .as("amount of id %d", id)
          .isEqualByComparingTo(TestDatabases.amount(id));
      assertThat(row.get("note")).as("note of id %d", id).isEqualTo(TestDatabases.note(id));
    }
  }

  static long id(Map<String, String> row) {
    return Long.parseLong(lowerCaseKeys(row).get("id"));
  }

  static Map<String, String> lowerCaseKeys(Map<String, String> row) {
    var m = new TreeMap<String, String>();
    row.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
    return m;
  }
}
