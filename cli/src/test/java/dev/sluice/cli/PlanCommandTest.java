package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.shard.SetManifest;
import dev.sluice.core.shard.ShardPlan;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice plan} and its workers ({@code sluice export --plan}) in this JVM, on PostgreSQL, to
 * files: the coordinator holds the snapshot until every shard is done and writes the set manifest;
 * workers take their shard from --shard or JOB_COMPLETION_INDEX; bad plans and indexes fail in one
 * line with nothing written.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PlanCommandTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final String TABLE = TestDatabases.uniqueName("shards_dist_plan");
  private static final long ROWS = 5_000;
  private static final Map<String, String> ENV = Map.of("PGUSER", "postgres");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    PG.createOrders(TABLE, ROWS);
    // Statistics, so that the plan's shards carry estimated rows (reltuples) as in production.
    PG.execute("ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  private String pattern() {
    return dir.resolve("part-{shard}.ndjson").toString();
  }

  private Path plan() {
    return dir.resolve("plan.json");
  }

  private CompletableFuture<Cli.Outcome> coordinator(String... extra) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "plan",
                "--from",
                PG.url(),
                "--table",
                TABLE,
                "--shards",
                "3",
                "--to",
                pattern(),
                "--plan",
                plan().toString(),
                "--poll",
                "100ms"));
    args.addAll(java.util.List.of(extra));
    return CompletableFuture.supplyAsync(() -> Cli.run(ENV, args.toArray(String[]::new)));
  }

  private void awaitPlan(CompletableFuture<Cli.Outcome> coordinator) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(plan())) {
      assertThat(coordinator.isDone()).as(() -> coordinator.join().toString()).isFalse();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static long lines(Path file) throws Exception {
    try (var l = Files.lines(file)) {
      return l.count();
    }
  }

  /** Three workers, then the coordinator writes the set manifest, releases and removes the plan. */
  @Test
  void coordinatorHoldsUntilEveryShardIsDone() throws Exception {
    var coordinator = coordinator();
    awaitPlan(coordinator);
    var read = ShardPlan.fromJson(Files.readAllBytes(plan()));
    assertThat(read.snapshot()).isNotNull();
    for (int i = 0; i < 3; i++) {
      var worker = Cli.run(ENV, "export", "--plan", plan().toString(), "--shard", "" + i);
      assertThat(worker.exit()).as(worker.toString()).isZero();
      if (i < 2) {
        assertThat(coordinator.isDone()).isFalse();
      }
    }
    var done = coordinator.get(30, TimeUnit.SECONDS);
    assertThat(done.exit()).as(done.toString()).isZero();
    assertThat(done.stdout()).contains("3 shards of table " + TABLE);
    assertThat(done.stderr()).contains("every shard is done: 5,000 rows in 3 shards");
    assertThat(Files.exists(plan())).as("the plan outlives its snapshot").isFalse();
    long total = 0;
    for (int i = 0; i < 3; i++) {
      total += lines(dir.resolve("part-" + i + ".ndjson"));
    }
    assertThat(total).isEqualTo(ROWS);
    try (var in = Files.newInputStream(dir.resolve("part-set.ndjson.manifest.json"))) {
      var set = SetManifest.fromJson(in);
      assertThat(set.rows()).isEqualTo(ROWS);
      assertThat(set.snapshot()).isEqualTo(read.snapshot());
      assertThat(set.shards()).hasSize(3);
    }
  }

  /** Manifests an earlier export left at the shards' names are not this plan's: not done. */
  @Test
  void coordinatorIgnoresAnEarlierExportsManifests() throws Exception {
    assertThat(coordinator("--no-hold").get(30, TimeUnit.SECONDS).exit()).isZero();
    for (int i = 0; i < 3; i++) {
      assertThat(Cli.run(ENV, "export", "--plan", plan().toString(), "--shard", "" + i).exit())
          .isZero();
    }
    var holding = coordinator("--hold-timeout", "3s").get(30, TimeUnit.SECONDS);
    assertThat(holding.exit()).isEqualTo(1);
    assertThat(holding.stderr()).contains("3 of 3 shards not done").doesNotContain("shard done");
  }

  /** The shard comes from JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job sets it. */
  @Test
  void workerTakesItsShardFromJobCompletionIndex() throws Exception {
    var coordinator = coordinator("--no-hold");
    assertThat(coordinator.get(30, TimeUnit.SECONDS).exit()).isZero();
    var env = Map.of("PGUSER", "postgres", "JOB_COMPLETION_INDEX", "2");
    var summary = dir.resolve("summary.json");
    var worker =
        Cli.run(env, "export", "--plan", plan().toString(), "--summary-json", summary.toString());
    assertThat(worker.exit()).as(worker.toString()).isZero();
    assertThat(Files.exists(dir.resolve("part-2.ndjson"))).isTrue();
    assertThat(Files.exists(dir.resolve("part-0.ndjson"))).isFalse();
    // The progress display and the summary take the shard's rows from the plan.
    var planned = ShardPlan.fromJson(Files.readAllBytes(plan())).shards().get(2).estimatedRows();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
    assertThat(planned).isPositive();
    assertThat(json.get("estimatedRows").asLong()).isEqualTo(planned);
    assertThat(json.get("estimateSource").asText()).isEqualTo("shard plan");
  }

  /** --no-hold writes a plan without a snapshot and exits at once. */
  @Test
  void noHoldWritesAPlanWithoutASnapshot() throws Exception {
    var done = coordinator("--no-hold").get(30, TimeUnit.SECONDS);
    assertThat(done.exit()).as(done.toString()).isZero();
    var read = ShardPlan.fromJson(Files.readAllBytes(plan()));
    assertThat(read.snapshot()).isNull();
    assertThat(read.size()).isEqualTo(3);
  }

  /** A shard index outside the plan is a usage error; nothing is written. */
  @Test
  void indexOutOfRangeIsAUsageError() throws Exception {
    assertThat(coordinator("--no-hold").get(30, TimeUnit.SECONDS).exit()).isZero();
    var worker = Cli.run(ENV, "export", "--plan", plan().toString(), "--shard", "3");
    assertThat(worker.exit()).isEqualTo(2);
    assertThat(worker.stderr())
        .isEqualTo("sluice: --shard 3 is out of range: the plan has 3 shards (0 to 2)\n");
    assertThat(dir.resolve("part-3.ndjson")).doesNotExist();
  }

  /** A plan edited by hand is refused in one line. */
  @Test
  void editedPlanIsRefused() throws Exception {
    assertThat(coordinator("--no-hold").get(30, TimeUnit.SECONDS).exit()).isZero();
    Files.writeString(plan(), Files.readString(plan()).replace(TABLE, TABLE + "_other"));
    var worker = Cli.run(ENV, "export", "--plan", plan().toString(), "--shard", "0");
    assertThat(worker.exit()).as(worker.toString()).isEqualTo(2);
    assertThat(worker.stderr()).startsWith("sluice: --plan " + plan()).doesNotContain("\tat ");
    assertThat(worker.stderr().lines()).hasSize(1);
    assertThat(dir.resolve("part-0.ndjson")).doesNotExist();
  }

  /**
   * A worker whose coordinator is gone cannot read the snapshot: one line says so and what to do,
   * exit 2, no object.
   */
  @Test
  void snapshotGoneIsAOneLineError() throws Exception {
    var coordinator = coordinator("--hold-timeout", "2s");
    awaitPlan(coordinator);
    var copy = dir.resolve("copy.json");
    Files.copy(plan(), copy);
    var timedOut = coordinator.get(30, TimeUnit.SECONDS);
    assertThat(timedOut.exit()).isEqualTo(1);
    assertThat(timedOut.stderr())
        .contains("--hold-timeout 2s passed with 3 of 3 shards not done (shards 0, 1, 2)");
    var id = ShardPlan.fromJson(Files.readAllBytes(copy)).snapshot();

    var worker = Cli.run(ENV, "export", "--plan", copy.toString(), "--shard", "1");

    assertThat(worker.exit()).as(worker.toString()).isEqualTo(2);
    assertThat(worker.stderr())
        .isEqualTo(
            "sluice: the snapshot "
                + id
                + " is gone: the coordinator (sluice plan) must hold it until every shard is"
                + " done; re-run the plan\n");
    assertThat(dir.resolve("part-1.ndjson")).doesNotExist();
  }

  /** --resume skips a shard that verifies and exports one whose object was changed. */
  @Test
  void resumeExportsOnlyShardsThatDoNotVerify() throws Exception {
    assertThat(coordinator("--no-hold").get(30, TimeUnit.SECONDS).exit()).isZero();
    var args = new String[] {"export", "--plan", plan().toString(), "--shard", "1", "--resume"};
    assertThat(Cli.run(ENV, args).exit()).isZero();
    var object = dir.resolve("part-1.ndjson");
    var first = Files.readString(object);

    var again = Cli.run(ENV, args);
    assertThat(again.exit()).isZero();
    assertThat(again.stderr()).contains("verifies against its manifest").contains("skipped");

    Files.writeString(object, first.replaceFirst("\"id\":", "\"ID\":"));
    var repaired = Cli.run(ENV, args);
    assertThat(repaired.exit()).as(repaired.toString()).isZero();
    assertThat(repaired.stderr()).doesNotContain("skipped");
    assertThat(Files.readString(object)).isEqualTo(first);
  }

  /** A password in --from would reach the workers through the plan: refused. */
  @Test
  void passwordInTheUrlIsRefused() {
    var run =
        Cli.run(
            ENV,
            "plan",
            "--from",
            PG.url() + "?password=hunter2",
            "--table",
            TABLE,
            "--shards",
            "2",
            "--to",
            pattern(),
            "--plan",
            plan().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("--from carries a password").doesNotContain("hunter2");
    assertThat(plan()).doesNotExist();
  }

  /** Options the plan decides are refused beside --plan. */
  @Test
  void plannedOptionsAreRefusedBesideThePlan() {
    var run =
        Cli.run(ENV, "export", "--plan", plan().toString(), "--shard", "0", "--format", "csv");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("--format does not go with --plan");
  }

  /** A Parquet plan carries its page codec and row groups to every worker. */
  @Test
  void parquetPlanCarriesItsCodecAndRowGroupsToTheWorkers() throws Exception {
    var done =
        Cli.run(
            ENV,
            "plan",
            "--from",
            PG.url(),
            "--table",
            TABLE,
            "--shards",
            "3",
            "--to",
            dir.resolve("part-{shard}.parquet").toString(),
            "--plan",
            plan().toString(),
            "--no-hold",
            "--compress",
            "snappy",
            "--row-group-size",
            "500rows");
    assertThat(done.exit()).as(done.toString()).isZero();
    var read = ShardPlan.fromJson(Files.readAllBytes(plan()));
    assertThat(read.formatOptions().parquet().codec().label()).isEqualTo("snappy");
    var worker = Cli.run(ENV, "export", "--plan", plan().toString(), "--shard", "1");
    assertThat(worker.exit()).as(worker.toString()).isZero();
    var manifest =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("part-1.parquet.manifest.json").toFile());
    long rows = manifest.get("rows").asLong();
    assertThat(rows).isGreaterThan(1000);
    // 500 rows a group: the worker wrote the plan's row groups, not the default of 1,000,000.
    assertThat(manifest.get("rowGroups").get("count").asLong()).isEqualTo((rows + 499) / 500);
    var duck =
        dev.sluice.core.testing.DuckDb.rows(
            "SELECT DISTINCT compression FROM parquet_metadata("
                + dev.sluice.core.testing.DuckDb.literal(dir.resolve("part-1.parquet"))
                + ")");
    assertThat(duck).hasSize(1);
    assertThat(duck.get(0).get("compression").asText()).isEqualTo("SNAPPY");
  }
}
