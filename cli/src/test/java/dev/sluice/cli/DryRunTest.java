package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.TestDatabases;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sluice export --dry-run}: it prints the plan, exits 0 and writes nothing at any
 * destination (file, S3, HTTP); for bad input it fails as the export would, with the same line and
 * exit code.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DryRunTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final String TABLE = TestDatabases.uniqueName("dryrun_orders");
  private static final String BUCKET = "dryrun-exports";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final LocalS3 s3 = new LocalS3(BUCKET);

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws SQLException {
    PG.createOrders(TABLE, 5_000);
    // Statistics, so that the estimate comes from pg_class.reltuples.
    PG.execute("ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws SQLException {
    PG.drop(TABLE);
  }

  private static Cli.Outcome export(String... more) {
    var args = new ArrayList<>(List.of("export", "--from", PG.url(), "--user", "postgres"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aFileDestinationIsLeftUntouched() throws Exception {
    var target = dir.resolve("orders.csv.gz");

    var run = export("--table", TABLE, "--format", "csv", "--to", target.toString(), "--dry-run");

    assertThat(run.exit()).as(run.toString()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files).as("no data, temp file or manifest").isEmpty();
    }
    assertThat(run.stderr()).isEmpty();
    assertThat(run.stdout())
        .contains("rows         ~5,000 (estimate: pg_class.reltuples)")
        .containsPattern(
            "bytes +~[0-9.]+ KiB, ~[0-9.]+ KiB after gzip \\(estimate: the first 1,000 rows encoded, [0-9]+ B a row\\)")
        .contains("destination  " + target + ": a temp file beside it, renamed into place")
        .contains("manifest     " + target + ".manifest.json")
        .contains("format       csv (text/csv), gzip level 6 on ")
        .contains("delimiter ',', NULL as an empty field, a header row, lines end in LF")
        .doesNotContain("s3 parts");
  }

  @Test
  void anS3DestinationGetsNoObjectAndNoUpload() {
    var run =
        export(
            "--table",
            TABLE,
            "--to",
            "s3://" + BUCKET + "/orders.ndjson.zst",
            "--s3-endpoint",
            s3.endpoint().toString(),
            "--part-size",
            "16m",
            "--max-memory",
            "40m",
            "--dry-run");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
    assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    assertThat(run.stdout())
        .contains("destination  s3://" + BUCKET + "/orders.ndjson.zst: multipart upload")
        .contains("manifest     s3://" + BUCKET + "/orders.ndjson.zst.manifest.json")
        .containsPattern("s3 parts +~[0-9.]+ KiB is shorter than the first part: one PutObject")
        // 40 MiB holds two 16 MiB parts, one 32 MiB part, and no 64 MiB part.
        .containsPattern("parts +1 to +[0-9,]+ +16 MiB each .* buffers 2 x 16 MiB = 32 MiB")
        .containsPattern("32 MiB each .* buffers 1 x 32 MiB = 32 MiB")
        .containsPattern("64 MiB each .* each staged in a temp file")
        .containsPattern("to 10,000 .*")
        .contains("memory       part buffers at most 40 MiB (--max-memory), at most 4 parts");
  }

  @Test
  void anHttpDestinationGetsNoConnection() throws Exception {
    try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var run =
          export(
              "--table",
              TABLE,
              "--to",
              "http://127.0.0.1:" + server.getLocalPort() + "/ingest",
              "--http-method",
              "put",
              "--response-to",
              dir.resolve("response.json").toString(),
              "--dry-run");

      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.stdout())
          .contains(
              "destination  http://127.0.0.1:"
                  + server.getLocalPort()
                  + "/ingest: PUT, a chunked request body, sent as the rows come; the response"
                  + " body to "
                  + dir.resolve("response.json"));
      assertThat(dir.resolve("response.json")).doesNotExist();
      // A connection made, even one never served, would wait in the backlog to be accepted.
      server.setSoTimeout(300);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  /** --summary-json gets the plan; --quiet leaves stdout empty. */
  @Test
  void summaryJsonHoldsThePlan() throws Exception {
    var plan = dir.resolve("plan.json");

    var run =
        export(
            "--query",
            "SELECT id, amount, created_at FROM " + TABLE,
            "--to",
            "s3://" + BUCKET + "/q.csv",
            "--format",
            "csv",
            "--s3-endpoint",
            s3.endpoint().toString(),
            "--dry-run",
            "--quiet",
            "--summary-json",
            plan.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdoutBytes()).isEmpty();
    var json = JSON.readTree(plan.toFile());
    assertThat(json.get("dryRun").asBoolean()).isTrue();
    assertThat(json.get("format").asText()).isEqualTo("csv");
    assertThat(json.get("columns")).hasSize(3);
    assertThat(json.get("columns").get(1).get("outputType").asText()).isEqualTo("decimal");
    assertThat(json.get("columns").get(1).get("type").asText()).isEqualTo("decimal");
    assertThat(json.get("columns").get(2).get("type").asText()).isEqualTo("timestamptz");
    assertThat(json.get("estimateSource").asText()).isEqualTo("EXPLAIN");
    assertThat(json.get("estimatedRows").asLong()).isPositive();
    assertThat(json.get("estimatedRawBytes").asLong()).isPositive();
    assertThat(json.get("sampleRows").asInt()).isEqualTo(1_000);
    assertThat(json.get("destination").get("kind").asText()).isEqualTo("s3");
    assertThat(json.get("s3").get("firstPartSize").asLong()).isEqualTo(8L << 20);
    assertThat(json.get("s3").get("estimatedParts").asInt()).isEqualTo(1);
    assertThat(json.get("s3").get("steps").get(0).get("lastPart").asInt()).isEqualTo(1089);
    assertThat(json.get("shards")).isEmpty();
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET)).contents()).isEmpty();
  }

  /** A password in the URL appears neither in the printed plan nor in its JSON. */
  @Test
  void aPasswordInTheUrlIsNeverShown() throws Exception {
    var secret = "dry-s3cret-pw";
    var plan = dir.resolve("plan.json");
    var run =
        Cli.run(
            "export",
            "--from",
            PG.url() + "?user=postgres&password=" + secret,
            "--table",
            TABLE,
            "--to",
            "http://user:" + secret + "@127.0.0.1:9/x",
            "--dry-run",
            "--summary-json",
            plan.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("source       jdbc:postgresql://").doesNotContain(secret);
    assertThat(run.stderr()).doesNotContain(secret);
    assertThat(Files.readString(plan)).contains("\"source\"").doesNotContain(secret);
  }

  /** Without --from, the demo table: its own row count, and bytes from its first rows. */
  @Test
  void theDemoTableHasItsPlanToo() {
    var run = Cli.run("export", "--table", "orders", "--demo-rows", "20000", "--dry-run");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout())
        .contains("rows         ~20,000 (estimate: demo)")
        .containsPattern(
            "(?m)^  created_at +TIMESTAMP WITH TIME ZONE +timestamptz +string +ISO-8601 instant in UTC")
        .containsPattern("(?m)^  tags +.* +array +array +a JSON array")
        .contains("destination  stdout: the data on stdout");
  }

  /** Without a row estimate the bytes are unknown, and so is the number of parts. */
  @Test
  void withoutAnEstimateTheSizeIsUnknown() {
    var run =
        Cli.run(
            "export",
            "--query",
            "SELECT id, tags FROM orders WHERE paid",
            "--to",
            "s3://" + BUCKET + "/paid.ndjson",
            "--dry-run");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout())
        .contains("rows         unknown (the database gives no estimate without reading the rows)")
        .contains("bytes        unknown (no row estimate)")
        .contains("s3 parts     the size is unknown; parts grow so that 10,000 of them hold 5 TiB")
        .containsPattern("(?m)^  tags +.* +array +array +a JSON array");
  }

  /**
   * The byte sample gives up on a query whose first rows are slow to come, and cancels it: the dry
   * run still ends in seconds, with the bytes unknown.
   */
  @Test
  @Timeout(30)
  void aSlowQueryLeavesTheBytesUnknown() throws Exception {
    var marker = TestDatabases.uniqueName("dryrun_slow");
    long start = System.nanoTime();
    var run = export("--query", "SELECT pg_sleep(60) AS " + marker, "--dry-run");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(15);
    assertThat(run.stdout())
        .contains("rows         ~1 (estimate: EXPLAIN)")
        .contains(
            "bytes        unknown (the first rows did not come within 2 s, or there were none)");
    // The server ends a cancelled statement within moments; uncancelled, it would sleep on.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (activeQueries(marker) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(activeQueries(marker)).as("the sampled query is cancelled").isZero();
  }

  private static int activeQueries(String marker) throws SQLException {
    try (var c = PG.connect();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE"
                    + " '%AS "
                    + marker
                    + "%' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Bad input fails the dry run with the line and exit code of the export itself. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "--from|jdbc:nosuch://db/x|--table|t",
        "--from|jdbc:postgresql://127.0.0.1:1/x|--table|t",
        "--table|dryrun_no_such_table",
        "--query|SELEC 1",
        "--query|SELECT no_such_column FROM TABLE",
        "--table|TABLE|--to|ftp://host/file",
        "--table|TABLE|--to|/no/such/dir/orders.csv",
        "--table|TABLE|--to|s3://Bad_Bucket/k",
        "--table|TABLE|--format|csv|--null|a,b",
        "--table|TABLE|--compress|gzip|--compress-level|12",
        "--table|TABLE|--to|-|--manifest",
      })
  void badInputFailsAsTheExportWould(String input) {
    var args = new ArrayList<String>(List.of("export"));
    if (!input.startsWith("--from")) {
      args.addAll(List.of("--from", PG.url(), "--user", "postgres"));
    }
    for (var arg : input.split("\\|")) {
      args.add(arg.replace("TABLE", TABLE));
    }
    var real = Cli.run(args.toArray(String[]::new));
    args.add("--dry-run");
    var dry = Cli.run(args.toArray(String[]::new));

    assertThat(real.exit()).as(real.toString()).isNotZero();
    assertThat(dry.exit()).as(dry.toString()).isEqualTo(real.exit());
    assertThat(dry.stderr()).isEqualTo(real.stderr()).startsWith("sluice: ").hasLineCount(1);
    assertThat(dry.stdoutBytes()).isEmpty();
  }
}
