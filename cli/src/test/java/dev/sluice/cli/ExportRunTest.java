package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Exports that run, in process, against the demo database and the real PostgreSQL. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExportRunTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  // Unique per JVM: other worktrees run these tests against the same database at the same time.
  private static final String TABLE = "cli_orders_pg_" + ProcessHandle.current().pid();
  private static final int ROWS = 2_000;
  private static final String SECRET = "s3cret-pw";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    PG.createOrders(TABLE, ROWS);
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PG.drop(TABLE);
  }

  @Test
  void demoExportWritesNdjsonToStdout() throws IOException {
    var run = Cli.run("export", "--table", "orders", "--demo-rows", "1000");
    assertThat(run.exit()).as(run.toString()).isZero();
    var rows = Rows.read(run.stdoutBytes(), Format.NDJSON, Compression.NONE);
    assertThat(rows).hasSize(1000);
    assertThat(rows.getFirst())
        .containsOnlyKeys(
            "id",
            "customer",
            "email",
            "created_at",
            "amount",
            "currency",
            "status",
            "paid",
            "items",
            "tags",
            "shipped_on",
            "note");
    assertThat(rows.getFirst().get("id")).isEqualTo("1");
    assertThat(rows.getLast().get("id")).isEqualTo("1000");
    // Progress and the summary go to stderr only.
    assertThat(run.stderr())
        .startsWith("sluice: 1,000 rows, ")
        .contains("-> stdout")
        .hasLineCount(1);
  }

  @Test
  void demoQueryWorksToo() throws IOException {
    var run =
        Cli.run(
            "export",
            "--query",
            "select id, amount from orders where paid",
            "--format",
            "csv",
            "--demo-rows",
            "100");
    assertThat(run.exit()).as(run.toString()).isZero();
    var rows = Rows.read(run.stdoutBytes(), Format.CSV, Compression.NONE);
    assertThat(rows).isNotEmpty().hasSizeLessThan(100);
    assertThat(rows.getFirst()).containsOnlyKeys("id", "amount");
  }

  @Test
  void fileExportRoundTripsWithCompressionFromTheExtension() throws IOException {
    var target = dir.resolve("orders.csv.gz");
    var run =
        Cli.run(
            pgEnv(),
            "export",
            "--from",
            PG.url(),
            "--table",
            TABLE,
            "--format",
            "csv",
            "--to",
            target.toString(),
            "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.all()).isEmpty();
    var rows = Rows.read(target, Format.CSV, Compression.GZIP);
    assertThat(rows).hasSize(ROWS);
    for (int i = 0; i < ROWS; i++) {
      long id = i + 1;
      var row = rows.get(i);
      assertThat(row.get("id")).isEqualTo(String.valueOf(id));
      assertThat(row.get("customer")).isEqualTo(TestDatabases.customer(id));
      assertThat(new BigDecimal(row.get("amount"))).isEqualTo(TestDatabases.amount(id));
      assertThat(row.get("note")).isEqualTo(TestDatabases.note(id));
    }
    assertThat(dir)
        .isDirectoryContaining(p -> p.equals(target))
        .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
  }

  @Test
  void fileUriAndExplicitZstdAndCsvOptionsWork() throws IOException {
    var target = dir.resolve("orders.txt");
    var run =
        Cli.run(
            pgEnv(),
            "export",
            "--from",
            PG.url(),
            "--query",
            "select id, note from " + TABLE + " where id <= 6 order by id",
            "--format",
            "csv",
            "--delimiter",
            "tab",
            "--null",
            "NULL",
            "--no-header",
            "--compress",
            "zstd",
            "--compress-level",
            "9",
            "--to",
            target.toUri().toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    var text =
        new String(
            Rows.decompress(new ByteArrayInputStream(Files.readAllBytes(target)), Compression.ZSTD)
                .readAllBytes());
    assertThat(text).isEqualTo("1\tnote 1\n2\tnote 2\n3\tNULL\n4\tnote 4\n5\tnote 5\n6\tNULL\n");
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.class,
      names = {"MARIADB", "SQLITE", "H2"})
  void everyDriverInTheJarExportsATable(TestDatabases db) throws Exception {
    var table = "cli_orders_" + ProcessHandle.current().pid();
    db.createOrders(table, 300);
    try {
      var target = dir.resolve("orders.ndjson.zst");
      var env = db.user() == null ? Map.<String, String>of() : Map.of("SLUICE_DB_USER", db.user());
      var run =
          Cli.run(env, "export", "--from", db.url(), "--table", table, "--to", target.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      var rows = Rows.read(target, Format.NDJSON, Compression.ZSTD);
      assertThat(rows).hasSize(300);
      // H2 names unquoted columns in upper case.
      var customer =
          rows.get(41).entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase("customer"))
              .findFirst()
              .orElseThrow();
      assertThat(customer.getValue()).isEqualTo(TestDatabases.customer(42));
    } finally {
      db.drop(table);
    }
  }

  @Test
  void summaryJsonRecordsTheResult() throws IOException {
    var summary = dir.resolve("summary.json");
    var target = dir.resolve("orders.json");
    var run =
        Cli.run(
            pgEnv(),
            "export",
            "--from",
            PG.url(),
            "--table",
            TABLE,
            "--format",
            "json",
            "--to",
            target.toString(),
            "--summary-json",
            summary.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    var json = new ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("rows").asLong()).isEqualTo(ROWS);
    assertThat(json.get("rawBytes").asLong()).isEqualTo(Files.size(target));
    assertThat(json.get("destination").asText()).isEqualTo(target.toString());
    assertThat(json.get("format").asText()).isEqualTo("json");
    assertThat(run.stderr()).contains("2,000 rows, ").contains("-> " + target);
  }

  /** NDJSON; CSV, which reads COPY's CSV, gzipped on the native gzip's threads; and zstd's. */
  @ParameterizedTest
  @CsvSource({"ndjson,half.ndjson", "csv,half.csv.gz", "csv,half.csv.zst"})
  void queryFailingHalfwayExitsOneAndLeavesNoFile(String format, String name) {
    var target = dir.resolve(name);
    var run =
        Cli.run(
            pgEnv(),
            "export",
            "--from",
            PG.url(),
            "--query",
            "select n, 1 / (n - 150000) from generate_series(1, 300000) n",
            "--format",
            format,
            "--to",
            target.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("sluice: ").contains("division by zero").hasLineCount(1);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void badSqlExitsOneWithTheDatabasesMessage() {
    var run = Cli.run(pgEnv(), "export", "--from", PG.url(), "--query", "selec 1");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("sluice: ").contains("syntax error").hasLineCount(1);
  }

  @Test
  void missingTableExitsOneNamingIt() {
    var run = Cli.run(pgEnv(), "export", "--from", PG.url(), "--table", "cli_no_such_table");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).contains("cli_no_such_table").hasLineCount(1);
  }

  @Test
  void connectionRefusedExitsOneNamingTheAddress() {
    var run =
        Cli.run(pgEnv(), "export", "--from", "jdbc:postgresql://127.0.0.1:1/x", "--table", "t");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("sluice: ").contains("127.0.0.1:1").hasLineCount(1);
  }

  @Test
  void passwordInTheUrlNeverAppearsEvenVerbose() {
    var refused =
        Cli.run(
            "export",
            "--from",
            "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:1/x?password=" + SECRET,
            "--table",
            "t",
            "--verbose");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.stderr()).contains("\tat ");
    assertThat(refused.all()).doesNotContain(SECRET);

    var badSql =
        Cli.run(
            "export",
            "--from",
            PG.url() + "?user=postgres&password=" + SECRET,
            "--query",
            "select * from cli_no_such_table",
            "--verbose");
    assertThat(badSql.exit()).as(badSql.toString()).isEqualTo(1);
    assertThat(badSql.all()).doesNotContain(SECRET);
  }

  @Test
  void passwordFromTheEnvironmentOrAFileNeverAppears() throws IOException {
    // PostgreSQL here trusts local connections, so any password works and the export succeeds.
    var env = Map.of("SLUICE_DB_USER", "postgres", "SLUICE_DB_PASSWORD", SECRET);
    var run =
        Cli.run(
            env,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select '" + SECRET + "' x",
            "--to",
            dir.resolve("x.ndjson").toString(),
            "--verbose");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.all()).doesNotContain(SECRET);

    var file = Files.writeString(dir.resolve("pw"), SECRET + "\n");
    run =
        Cli.run(
            Map.of("PGUSER", "postgres"),
            "export",
            "--from",
            PG.url(),
            "--password-file",
            file.toString(),
            "--query",
            "selec '" + SECRET + "'",
            "--verbose");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.all()).doesNotContain(SECRET);
  }

  @Test
  void quietPrintsNothingOnSuccess() {
    var run = Cli.run("export", "--table", "orders", "--demo-rows", "10", "--quiet");
    assertThat(run.exit()).isZero();
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout().lines()).hasSize(10);
  }

  @Test
  void devNullIsWrittenToNotReplaced() {
    var devNull = Path.of("/dev/null");
    var run = Cli.run("export", "--table", "orders", "--demo-rows", "10", "--to", "/dev/null");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(Files.isRegularFile(devNull)).isFalse();
    assertThat(Files.exists(devNull)).isTrue();
  }

  private static Map<String, String> pgEnv() {
    return Map.of("PGUSER", PG.user());
  }
}
