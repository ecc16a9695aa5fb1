package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice export --shards} and {@code sluice verify 'pattern-{shard}'} in process, against
 * the real PostgreSQL and MariaDB, the embedded demo database and S3Proxy on loopback.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardedExportCliTest {
  private static final Map<String, String> ENV = Map.of("PGUSER", "postgres");
  private static final String TABLE = TestDatabases.uniqueName("shards_cli");
  private static final String BUCKET = "shards";
  private static final int ROWS = 5_000;

  @RegisterExtension static final LocalS3 s3 = new LocalS3(BUCKET);

  @TempDir Path dir;

  @BeforeAll
  static void tables() throws SQLException {
    TestDatabases.POSTGRESQL.drop(TABLE);
    TestDatabases.POSTGRESQL.execute(
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, k bigint, doc jsonb)",
        "INSERT INTO "
            + TABLE
            + " SELECT n, floor(1e6 * power(n::float8 / "
            + ROWS
            + ", 4)),"
            + " jsonb_build_object('n', n) FROM generate_series(1, "
            + ROWS
            + ") n",
        "ANALYZE " + TABLE);
    TestDatabases.MARIADB.drop(TABLE);
    TestDatabases.MARIADB.execute(
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, k bigint)",
        "INSERT INTO " + TABLE + " SELECT seq, seq * seq FROM seq_1_to_" + ROWS);
  }

  @AfterAll
  static void drop() throws SQLException {
    TestDatabases.POSTGRESQL.drop(TABLE);
    TestDatabases.MARIADB.drop(TABLE);
  }

  Cli.Outcome export(TestDatabases db, String to, String... options) {
    var args =
        new ArrayList<>(List.of("export", "--from", db.url(), "--user", db.user(), "--to", to));
    args.addAll(Arrays.asList(options));
    return Cli.run(ENV, args.toArray(String[]::new));
  }

  String pattern(String name) {
    return dir.resolve(name).toString();
  }

  long lines(Path file) throws IOException {
    try (var l = Files.lines(file)) {
      return l.count();
    }
  }

  @Test
  void postgresqlTableIsExportedInShardsThatVerify() throws Exception {
    var to = pattern("part-{shard}.ndjson");
    var run = export(TestDatabases.POSTGRESQL, to, "--table", TABLE, "--shards", "4");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains("4 shards (", "ctid, consistency: snapshot", "5,000 rows");
    long total = 0;
    for (int i = 0; i < 4; i++) {
      total += lines(dir.resolve("part-" + i + ".ndjson"));
      assertThat(dir.resolve("part-" + i + ".ndjson.manifest.json")).exists();
    }
    assertThat(total).isEqualTo(ROWS);
    var set = new ObjectMapper().readTree(dir.resolve("part-set.ndjson.manifest.json").toFile());
    assertThat(set.get("rows").asLong()).isEqualTo(ROWS);
    assertThat(set.get("consistency").asText()).isEqualTo("snapshot");
    assertThat(set.get("snapshot").asText()).isNotEmpty();
    assertThat(set.get("shards")).hasSize(4);

    var verify = Cli.run("verify", to);
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).contains("OK set " + to + ": 4 shards, 5000 rows");

    Files.writeString(
        dir.resolve("part-2.ndjson"), "{}\n", java.nio.file.StandardOpenOption.APPEND);
    var changed = Cli.run("verify", to);
    assertThat(changed.exit()).as(changed.toString()).isEqualTo(1);
    assertThat(changed.stdout()).contains("MISMATCH set " + to + ": shard 2: changed");

    Files.delete(dir.resolve("part-set.ndjson.manifest.json"));
    var unfinished = Cli.run("verify", to);
    assertThat(unfinished.exit()).isEqualTo(2);
    assertThat(unfinished.stderr()).contains("no set manifest", "did not finish");
  }

  @Test
  void queryIsShardedByAColumnIntoCompressedObjects() throws Exception {
    var to = pattern("q-{shard}.csv.zst");
    var run =
        export(
            TestDatabases.POSTGRESQL,
            to,
            "--query",
            "SELECT id, k FROM " + TABLE,
            "--shard-by",
            "k",
            "--shards",
            "12",
            "--parallel",
            "3",
            "--format",
            "csv",
            "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(dir.resolve("q-00.csv.zst")).exists();
    assertThat(dir.resolve("q-11.csv.zst")).exists();
    var verify = Cli.run("verify", to);
    assertThat(verify.exit()).as(verify.toString()).isZero();
    var set = new ObjectMapper().readTree(dir.resolve("q-set.csv.zst.manifest.json").toFile());
    long max = 0;
    for (var s : set.get("shards")) {
      max = Math.max(max, s.get("rows").asLong());
    }
    assertThat(set.get("rows").asLong()).isEqualTo(ROWS);
    assertThat(max).isLessThanOrEqualTo((long) (1.1 * ROWS / 12));
  }

  @Test
  void parquetShardsVerify() {
    var to = pattern("p-{shard}.parquet");
    var run = export(TestDatabases.POSTGRESQL, to, "--table", TABLE, "--shards", "2", "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();
    var verify = Cli.run("verify", to);
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).contains("OK set " + to + ": 2 shards, 5000 rows");
  }

  @Test
  void mariadbSetSaysEachShardIsConsistentOnItsOwn() throws Exception {
    var to = pattern("m-{shard}.json");
    var run =
        export(TestDatabases.MARIADB, to, "--table", TABLE, "--shards", "3", "--format", "json");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains("by \"id\"", "consistency: per shard");
    var set = new ObjectMapper().readTree(dir.resolve("m-set.json.manifest.json").toFile());
    assertThat(set.get("consistency").asText()).isEqualTo("per shard");
    assertThat(Cli.run("verify", to).exit()).isZero();
  }

  @Test
  void demoDatabaseIsShardedByAColumnAndNotByAKeyItLacks() {
    var to = pattern("demo-{shard}.ndjson");
    var noKey =
        Cli.run("export", "--table", "orders", "--demo-rows", "1000", "--shards", "3", "--to", to);
    assertUsage(noKey, "--table orders has no primary key to split it by; name a column");
    var run =
        Cli.run(
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "1000",
            "--shards",
            "3",
            "--shard-by",
            "id",
            "--to",
            to,
            "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(Cli.run("verify", to).exit()).isZero();
  }

  @Test
  void shardsGoToS3AndVerify() {
    var to = "s3://" + BUCKET + "/orders/part-{shard}.ndjson.gz";
    var endpoint = s3.endpoint().toString();
    var run =
        export(
            TestDatabases.POSTGRESQL,
            to,
            "--table",
            TABLE,
            "--shards",
            "3",
            "--s3-endpoint",
            endpoint);
    assertThat(run.exit()).as(run.toString()).isZero();
    var verify = Cli.run("verify", to, "--s3-endpoint", endpoint);
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout())
        .contains("OK s3://" + BUCKET + "/orders/part-2.ndjson.gz", "OK set");
  }

  @Test
  void aFailingShardFailsTheExportAndLeavesNoSetManifest() throws Exception {
    var to = pattern("f-{shard}.csv");
    // Row 4000 divides by zero: only the shard holding it fails.
    var run =
        export(
            TestDatabases.POSTGRESQL,
            to,
            "--query",
            "SELECT id, 1 / (id - 4000) AS x FROM " + TABLE,
            "--shard-by",
            "id",
            "--shards",
            "4",
            "--parallel",
            "1",
            "--format",
            "csv");
    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).contains("sluice: shard 3: ").contains("division by zero");
    assertThat(run.stderr().lines().filter(l -> l.startsWith("sluice: shard"))).hasSize(1);
    assertThat(dir.resolve("f-3.csv")).doesNotExist();
    assertThat(dir.resolve("f-set.csv.manifest.json")).doesNotExist();
  }

  @Test
  void dryRunPrintsTheShardsAndWritesNothing() {
    var to = pattern("d-{shard}.csv");
    var run =
        export(
            TestDatabases.POSTGRESQL,
            to,
            "--table",
            TABLE,
            "--shard-by",
            "k",
            "--shards",
            "3",
            "--dry-run");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout())
        .contains("3 shards of table " + TABLE, "by k quantiles", "shard 0  [-inf, ")
        .contains("+NULLs", "-> " + dir.resolve("d-2.csv"));
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void badShardOptionsAreUsageErrors() {
    var db = TestDatabases.POSTGRESQL;
    assertUsage(
        export(db, pattern("p-{shard}.csv"), "--table", TABLE, "--shards", "0"),
        "--shards must be at least 1: 0");
    assertUsage(export(db, pattern("p.csv"), "--table", TABLE, "--shards", "2"), "has no {shard}");
    assertUsage(
        export(db, "-", "--table", TABLE, "--shards", "2"), "--shards writes an object per shard");
    assertUsage(
        export(db, pattern("p.csv"), "--table", TABLE, "--shard-by", "k"), "apply with --shards");
    assertUsage(
        export(
            db, pattern("p-{shard}.csv"), "--table", TABLE, "--shards", "2", "--shard-by", "nope"),
        "--shard-by nope: table " + TABLE + " has no column nope");
    assertUsage(
        export(
            db, pattern("p-{shard}.csv"), "--table", TABLE, "--shards", "2", "--shard-by", "doc"),
        "--shard-by doc: column doc is jsonb, which has no order");
    assertThat(dir.toFile().list()).isEmpty();
  }

  private static void assertUsage(Cli.Outcome run, String message) {
    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr()).as(run.toString()).startsWith("sluice: ").contains(message);
    assertThat(run.stderr().strip().lines()).as(run.toString()).hasSize(1);
  }
}
