package dev.sluice.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.core.ExportException;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many shards at once, many times; and a cancel in the middle of them. */
@Timeout(120)
class ShardedExportStressTest {
  static final String TABLE = TestDatabases.uniqueName("shards_stress");
  static final long ROWS = 3_000;

  @TempDir Path dir;

  @BeforeAll
  static void create() throws Exception {
    SkewedTable.create(TestDatabases.H2, TABLE, ROWS);
  }

  @AfterAll
  static void drop() throws Exception {
    TestDatabases.H2.drop(TABLE);
  }

  @RepeatedTest(15)
  void thirtyTwoShardsEightAtATimeHoldEveryRowOnce() throws Exception {
    var db = TestDatabases.H2;
    var source = db.source().table(TABLE).build();
    ShardPlan plan;
    try (var snapshot = Snapshot.open(source)) {
      plan =
          ShardPlanner.builder(source)
              .shards(32)
              .shardBy("k")
              .destination(dir.resolve("s-{shard}.ndjson").toString())
              .build()
              .plan(snapshot);
    }
    var result =
        ShardedExport.builder(plan, source)
            .sinks(i -> FileSink.of(Path.of(plan.pattern().name(i))))
            .setManifestTo(FileSink.of(Path.of(plan.pattern().setManifestName())))
            .parallel(8)
            .build()
            .run();
    assertEquals(ROWS, result.rows());
    long lines = 0;
    for (int i = 0; i < 32; i++) {
      try (var l = Files.lines(Path.of(plan.pattern().name(i)))) {
        lines += l.count();
      }
      assertEquals(result.shards().get(i).rows(), result.manifest().shards().get(i).rows());
    }
    assertEquals(ROWS, lines);
  }

  @Test
  void cancelStopsEveryShardAndLeavesNoObjectAndNoSetManifest() throws Exception {
    var db = TestDatabases.POSTGRESQL;
    var source = db.source().query(db.series(3_000_000)).build();
    var started = new CountDownLatch(2);
    var cancelled = new CountDownLatch(1);
    try (var snapshot = Snapshot.open(source)) {
      var plan =
          ShardPlanner.builder(source)
              .shards(4)
              .shardBy("n")
              .destination(dir.resolve("c-{shard}.ndjson").toString())
              .build()
              .plan(snapshot);
      var export =
          ShardedExport.builder(plan, source)
              .sinks(
                  i ->
                      new ShardedExportTest.Gated(
                          FileSink.of(Path.of(plan.pattern().name(i))),
                          () -> {
                            started.countDown();
                            try {
                              cancelled.await();
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          }))
              .setManifestTo(FileSink.of(Path.of(plan.pattern().setManifestName())))
              .parallel(2)
              .build();
      var canceller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      started.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    export.cancel();
                    cancelled.countDown();
                  });
      var e = assertThrows(ExportException.class, export::run);
      canceller.join();
      assertEquals(ExportException.Reason.INTERRUPTED, e.reason());
    }
    try (var files = Files.list(dir)) {
      assertFalse(files.findAny().isPresent(), "nothing is left in " + dir);
    }
  }
}
