package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * Whole exports from the real PostgreSQL into S3Proxy through the sink: the rows come back equal
 * after download and decompression, and a query that fails or a connection that dies mid-stream
 * leaves no object and no upload behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3ExportTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;

  /** Unique per run, so parallel builds in other worktrees never drop this table. */
  static final String TABLE = "s3_orders_" + ProcessHandle.current().pid();

  static final int ROWS = 60_000;

  @RegisterExtension static final S3Server server = new S3Server();

  @BeforeAll
  static void createTable() throws SQLException {
    PG.createOrders(TABLE, ROWS);
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PG.drop(TABLE);
  }

  /** Exported in several formats and compressions, the rows read back as the database has them. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"NDJSON, GZIP", "CSV, ZSTD", "JSON, NONE"})
  void exportedRowsReadBackEqual(Format format, Compression compression) throws Exception {
    String bucket =
        server.bucket("export-" + format.extension() + "-" + compression.name().toLowerCase());
    String key = TABLE + "." + format.extension() + compression.suffix();
    // 1 MiB parts are refused by S3Proxy at completion, so 5 MiB ones: NONE makes several.
    var sink = server.sink(bucket, key).partSize(S3Sink.MIN_PART_SIZE).build();

    var result =
        Export.builder()
            .source(PG.source().table(TABLE).build())
            .format(format)
            .compression(compression)
            .sink(sink)
            .build()
            .run();

    assertThat(result.rows()).isEqualTo(ROWS);
    assertThat(result.receipt().destination()).isEqualTo("s3://" + bucket + "/" + key);
    byte[] object =
        server
            .client()
            .getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
            .asByteArray();
    assertThat((long) object.length).isEqualTo(result.storedBytes());
    var rows = Rows.read(object, format, compression);
    assertThat(rows).hasSize(ROWS);
    for (int i = 0; i < ROWS; i += 997) {
      var row = rows.get(i);
      long id = Long.parseLong(row.get("id"));
      assertThat(id).isEqualTo(i + 1);
      assertThat(new BigDecimal(row.get("amount"))).isEqualByComparingTo(TestDatabases.amount(id));
      assertThat(row.get("customer")).isEqualTo(TestDatabases.customer(id));
      assertThat(row.get("note")).isEqualTo(TestDatabases.note(id));
    }
    assertThat(server.uploads(bucket)).isEmpty();
  }

  /** A query that fails after several parts were uploaded leaves no object and no parts. */
  @Test
  void queryFailingHalfwayLeavesNothing() {
    String bucket = server.bucket("query-fails");
    var sink = server.sink(bucket, "k.ndjson").partSize(S3Sink.MIN_PART_SIZE).build();
    // About 25 MB of rows, then a division by zero at row 100,000.
    var source =
        PG.source()
            .query(
                "SELECT n, repeat('x', 200) AS pad, 1 / (100000 - n) AS boom"
                    + " FROM generate_series(1, 200000) n")
            .build();
    var export = Export.builder().source(source).format(Format.NDJSON).sink(sink).build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("division by zero");
    assertThat(export.progress().rows()).isGreaterThan(20_000);
    assertNothingLeft(bucket, "k.ndjson");
  }

  /** A database connection killed mid-stream (pg_terminate_backend) leaves nothing either. */
  @Test
  void killedConnectionLeavesNothing() throws Exception {
    String bucket = server.bucket("connection-killed");
    var sink = server.sink(bucket, "k.ndjson").partSize(S3Sink.MIN_PART_SIZE).build();
    String marker = "s3_killed_" + ProcessHandle.current().pid();
    var source =
        PG.source()
            .query(
                "SELECT n, repeat('y', 200) AS pad, '"
                    + marker
                    + "' AS m"
                    + " FROM generate_series(1, 20000000) n")
            .build();
    var export = Export.builder().source(source).format(Format.NDJSON).sink(sink).build();
    var outcome =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                export.run();
                return null;
              } catch (ExportException e) {
                return e;
              }
            });
    while (export.progress().rows() < 60_000 && !outcome.isDone()) {
      Thread.sleep(20);
    }

    PG.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE query LIKE '%"
            + marker
            + "%' AND pid <> pg_backend_pid()");

    assertThat(outcome.get(60, TimeUnit.SECONDS)).isInstanceOf(ExportException.class);
    assertNothingLeft(bucket, "k.ndjson");
  }

  static void assertNothingLeft(String bucket, String key) {
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.exists(bucket, key)).isFalse();
  }
}
