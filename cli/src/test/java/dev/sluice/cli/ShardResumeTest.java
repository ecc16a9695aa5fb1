package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.shard.Consistency;
import dev.sluice.core.shard.SetManifest;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice export --shards N --resume} exports again only the shards that do not verify. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShardResumeTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final String TABLE = TestDatabases.uniqueName("shards_dist_resume");
  private static final Map<String, String> ENV = Map.of("PGUSER", "postgres");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    PG.createOrders(TABLE, 3_000);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  private Cli.Outcome export(String... extra) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "export",
                "--from",
                PG.url(),
                "--table",
                TABLE,
                "--shard-by",
                "id",
                "--shards",
                "3",
                "--to",
                dir.resolve("part-{shard}.csv").toString(),
                "--format",
                "csv"));
    args.addAll(java.util.List.of(extra));
    return Cli.run(ENV, args.toArray(String[]::new));
  }

  /** A changed shard and a missing one are exported again; the shard that verifies is kept. */
  @Test
  void resumeReexportsOnlyWhatDoesNotVerify() throws Exception {
    assertThat(export().exit()).isZero();
    var kept = dir.resolve("part-0.csv");
    var keptModified = Files.getLastModifiedTime(kept);
    var changed = dir.resolve("part-1.csv");
    var original = Files.readString(changed);
    Files.writeString(changed, original.replace(",", ";"));
    Files.delete(dir.resolve("part-2.csv.manifest.json"));
    Thread.sleep(20);

    var resumed = export("--resume");

    assertThat(resumed.exit()).as(resumed.toString()).isZero();
    assertThat(resumed.stderr()).contains("--resume: 1 of 3 shards verify").contains("exporting 2");
    assertThat(Files.getLastModifiedTime(kept)).isEqualTo(keptModified);
    assertThat(Files.readString(changed)).isEqualTo(original);
    var verify = Cli.run(ENV, "verify", dir.resolve("part-{shard}.csv").toString());
    assertThat(verify.exit()).as(verify.toString()).isZero();
    try (var in = Files.newInputStream(dir.resolve("part-set.csv.manifest.json"))) {
      var set = SetManifest.fromJson(in);
      assertThat(set.rows()).isEqualTo(3_000);
      assertThat(set.consistency()).as("shards of two runs").isEqualTo(Consistency.PER_SHARD);
    }
  }

  /** A shard written in another format is not this plan's, even if it verifies. */
  @Test
  void resumeReexportsAShardOfAnotherFormat() throws Exception {
    assertThat(export().exit()).isZero();
    var again = export("--resume", "--delimiter", "tab");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.stderr()).contains("--resume: 0 of 3 shards verify");
  }

  /** --resume without --shards or --plan is a usage error. */
  @Test
  void resumeAloneIsAUsageError() {
    var run = Cli.run(ENV, "export", "--from", PG.url(), "--table", TABLE, "--resume");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("--resume applies to --shards and --plan runs only");
  }
}
