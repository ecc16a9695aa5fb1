package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice export} records the row estimate it had in {@code --summary-json}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExportEstimateTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final String TABLE = TestDatabases.uniqueName("cli_estimate_export");
  private static final Map<String, String> PG_ENV = Map.of("PGUSER", "postgres");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    PG.createOrders(TABLE, 1_500);
    PG.execute("ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PG.drop(TABLE);
  }

  private JsonNode export(Map<String, String> env, String... args) throws IOException {
    var summary = dir.resolve("summary.json");
    var all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {
          "--to", dir.resolve("out.ndjson").toString(), "--summary-json", summary.toString()
        },
        0,
        all,
        args.length,
        4);
    var run = Cli.run(env, all);
    assertThat(run.exit()).as(run.toString()).isZero();
    return new ObjectMapper().readTree(summary.toFile());
  }

  @Test
  void postgresTableExportRecordsReltuples() throws IOException {
    var json = export(PG_ENV, "export", "--from", PG.url(), "--table", TABLE);
    assertThat(json.get("rows").asLong()).isEqualTo(1_500);
    assertThat(json.get("estimatedRows").asLong()).isEqualTo(1_500);
    assertThat(json.get("estimateSource").asText()).isEqualTo("pg_class.reltuples");
  }

  @Test
  void postgresQueryExportRecordsThePlannersRows() throws IOException {
    var json =
        export(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "SELECT * FROM " + TABLE + " WHERE id <= 10");
    assertThat(json.get("rows").asLong()).isEqualTo(10);
    assertThat(json.get("estimateSource").asText()).isEqualTo("EXPLAIN");
    assertThat(json.get("estimatedRows").asLong()).isBetween(1L, 100L);
  }

  @Test
  void quietExportStillRecordsTheEstimate() throws IOException {
    var json = export(Map.of(), "export", "--table", "orders", "--demo-rows", "321", "--quiet");
    assertThat(json.get("estimatedRows").asLong()).isEqualTo(321);
    assertThat(json.get("estimateSource").asText()).isEqualTo("demo");
  }

  @Test
  void exportWithoutAnEstimateRecordsNulls() throws IOException {
    var json = export(Map.of(), "export", "--query", "SELECT * FROM orders", "--demo-rows", "50");
    assertThat(json.get("rows").asLong()).isEqualTo(50);
    assertThat(json.get("estimatedRows").isNull()).isTrue();
    assertThat(json.get("estimateSource").isNull()).isTrue();
  }
}
