package dev.sluice.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.ExportException;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.source.jdbc.JdbcSource;
import dev.sluice.core.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ShardedExportTest {
  static final long ROWS = 20_000;

  @TempDir Path dir;

  /** Commits inserts, updates and deletes in a loop on its own connection until stopped. */
  static final class Writer implements AutoCloseable {
    final AtomicInteger commits = new AtomicInteger();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;
    volatile Exception failure;

    Writer(TestDatabases db, String table) {
      thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (var c = db.connect();
                        var s = c.createStatement()) {
                      c.setAutoCommit(false);
                      for (long i = 1; !stop.get(); i++) {
                        long id = 1 + (i * 7919) % ROWS;
                        s.executeUpdate("UPDATE " + table + " SET v = v + 1000 WHERE id = " + id);
                        s.executeUpdate("INSERT INTO " + table + " VALUES (" + (ROWS + i) + ", 0)");
                        s.executeUpdate(
                            "DELETE FROM " + table + " WHERE id = " + (1 + (i * 104729) % ROWS));
                        c.commit();
                        commits.incrementAndGet();
                      }
                    } catch (SQLException e) {
                      failure = e;
                    }
                  });
    }

    /** Blocks until the writer has committed {@code n} transactions in all. */
    void awaitCommits(int n) {
      while (commits.get() < n && failure == null) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      thread.join();
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** A sink that waits for the writer's commits before it reads its shard: a seam for ordering. */
  record Gated(Sink inner, Runnable before) implements Sink {
    @Override
    public String destination() {
      return inner.destination();
    }

    @Override
    public void check() throws IOException {
      inner.check();
    }

    @Override
    public Optional<Sink> sibling(String suffix) {
      return inner.sibling(suffix);
    }

    @Override
    public Receipt write(InputStream data, ContentType type) throws IOException {
      before.run();
      return inner.write(data, type);
    }
  }

  static void createTable(TestDatabases db, String table) throws SQLException {
    db.drop(table);
    db.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v bigint)");
    db.execute(
        db == TestDatabases.POSTGRESQL
            ? "INSERT INTO " + table + " SELECT n, n FROM generate_series(1, " + ROWS + ") n"
            : "INSERT INTO " + table + " SELECT seq, seq FROM seq_1_to_" + ROWS);
  }

  /** id -> v of every CSV line of every shard; fails on an id seen twice. */
  TreeMap<Long, Long> exported(ShardPlan plan) throws IOException {
    var rows = new TreeMap<Long, Long>();
    for (int i = 0; i < plan.size(); i++) {
      for (var line : Files.readAllLines(Path.of(plan.pattern().name(i)))) {
        var f = line.split(",");
        assertEquals(
            null, rows.put(Long.parseLong(f[0]), Long.parseLong(f[1])), "id twice: " + line);
      }
    }
    return rows;
  }

  static TreeMap<Long, Long> state(java.sql.Connection c, String table) throws SQLException {
    var rows = new TreeMap<Long, Long>();
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT id, v FROM " + table)) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getLong(2));
      }
    }
    return rows;
  }

  ShardedExport export(ShardPlan plan, JdbcSource source, Writer writer, int parallel) {
    return ShardedExport.builder(plan, source)
        .sinks(
            i ->
                new Gated(
                    FileSink.of(Path.of(plan.pattern().name(i))),
                    () -> writer.awaitCommits(writer.commits.get() + 3)))
        .setManifestTo(FileSink.of(Path.of(plan.pattern().setManifestName())))
        .parallel(parallel)
        .build();
  }

  ShardPlanner.Builder planner(JdbcSource source, int n) {
    return ShardPlanner.builder(source)
        .shards(n)
        .shardBy("v")
        .format(Format.CSV)
        .formatOptions(FormatOptions.builder().csvHeader(false).build())
        .destination(dir.resolve("part-{shard}.csv").toString());
  }

  @Test
  void everyShardReadsTheSnapshotWhateverCommitsMeanwhile() throws Exception {
    var db = TestDatabases.POSTGRESQL;
    var table = TestDatabases.uniqueName("shards_snap");
    createTable(db, table);
    var source = db.source().table(table).build();
    try (var snapshot = Snapshot.open(source)) {
      var plan = planner(source, 4).build().plan(snapshot);
      var expected = state(snapshot.connection(), table);
      try (var writer = new Writer(db, table)) {
        // One shard at a time, each after more commits: later shards start in a later database.
        var result = export(plan, source, writer, 1).run();
        assertEquals(expected, exported(plan));
        assertEquals(expected.size(), result.rows());
        assertTrue(writer.commits.get() >= 12, "commits during the export: " + writer.commits);
      }
      var set =
          SetManifest.fromJson(Files.newInputStream(Path.of(plan.pattern().setManifestName())));
      assertEquals(Consistency.SNAPSHOT, set.consistency());
      assertEquals(snapshot.id().orElseThrow(), set.snapshot());
      assertEquals(4, set.shards().size());
      assertEquals(expected.size(), set.rows());
    } finally {
      db.drop(table);
    }
  }

  @Test
  void withoutTheSnapshotTheSameScheduleSeesTheCommits() throws Exception {
    // The control for the test above: it can fail.
    var db = TestDatabases.POSTGRESQL;
    var table = TestDatabases.uniqueName("shards_nosnap");
    createTable(db, table);
    var source = db.source().table(table).build();
    try (var snapshot = Snapshot.open(source)) {
      var p = planner(source, 4).build().plan(snapshot);
      var plan =
          new ShardPlan(
              p.version(),
              p.url(),
              p.dialect(),
              p.query(),
              p.table(),
              p.strategy(),
              p.key(),
              p.shards(),
              null,
              Consistency.PER_SHARD,
              p.destination(),
              p.format(),
              p.formatOptions(),
              p.compression());
      var expected = state(snapshot.connection(), table);
      try (var writer = new Writer(db, table)) {
        export(plan, source, writer, 1).run();
        // Rows missing, rows twice (an update moved them to a later shard), or changed values.
        var lines = new java.util.ArrayList<String>();
        for (int i = 0; i < plan.size(); i++) {
          lines.addAll(Files.readAllLines(Path.of(plan.pattern().name(i))));
        }
        var want = expected.entrySet().stream().map(e -> e.getKey() + "," + e.getValue()).sorted();
        assertNotEquals(want.toList(), lines.stream().sorted().toList());
      }
    } finally {
      db.drop(table);
    }
  }

  @Test
  void mariadbShardsAreEachConsistentAndTheSetSaysSo() throws Exception {
    var db = TestDatabases.MARIADB;
    var table = TestDatabases.uniqueName("shards_maria");
    createTable(db, table);
    var source = db.source().table(table).build();
    try (var snapshot = Snapshot.open(source)) {
      assertTrue(snapshot.id().isEmpty());
      var plan = planner(source, 3).build().plan(snapshot);
      var result =
          ShardedExport.builder(plan, source)
              .sinks(i -> FileSink.of(Path.of(plan.pattern().name(i))))
              .setManifestTo(FileSink.of(Path.of(plan.pattern().setManifestName())))
              .build()
              .run();
      assertEquals(ROWS, result.rows());
      assertEquals(ROWS, exported(plan).size());
      assertEquals(Consistency.PER_SHARD, result.manifest().consistency());
      var set =
          SetManifest.fromJson(Files.newInputStream(Path.of(plan.pattern().setManifestName())));
      assertEquals(Consistency.PER_SHARD, set.consistency());
      assertEquals(null, set.snapshot());
    } finally {
      db.drop(table);
    }
  }

  @Test
  void aFailedShardLeavesNothingAndNoSetManifest() throws Exception {
    var db = TestDatabases.POSTGRESQL;
    var table = TestDatabases.uniqueName("shards_fail");
    createTable(db, table);
    var source = db.source().table(table).build();
    try (var snapshot = Snapshot.open(source)) {
      var plan = planner(source, 4).build().plan(snapshot);
      var export =
          ShardedExport.builder(plan, source)
              .sinks(
                  i -> {
                    var file = FileSink.of(Path.of(plan.pattern().name(i)));
                    return i != 2
                        ? file
                        : new Gated(
                            file,
                            () -> {
                              throw new java.io.UncheckedIOException(new IOException("disk full"));
                            });
                  })
              .setManifestTo(FileSink.of(Path.of(plan.pattern().setManifestName())))
              .parallel(4)
              .build();
      var e = assertThrows(ExportException.class, export::run);
      assertTrue(e.getMessage().startsWith("shard 2: "), e.getMessage());
      assertFalse(Files.exists(Path.of(plan.pattern().name(2))));
      assertFalse(Files.exists(Path.of(plan.pattern().name(2) + Manifest.SUFFIX)));
      assertFalse(Files.exists(Path.of(plan.pattern().setManifestName())));
      try (var files = Files.list(dir)) {
        assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp")));
      }
    } finally {
      db.drop(table);
    }
  }

  @Test
  void aShardThatStartsAfterTheSnapshotEndedFailsSayingSo() throws Exception {
    var db = TestDatabases.POSTGRESQL;
    var table = TestDatabases.uniqueName("shards_gone");
    createTable(db, table);
    var source = db.source().table(table).build();
    try {
      ShardPlan plan;
      try (var snapshot = Snapshot.open(source)) {
        plan = planner(source, 2).build().plan(snapshot);
      }
      var export =
          ShardedExport.builder(plan, source)
              .sinks(i -> FileSink.of(Path.of(plan.pattern().name(i))))
              .build();
      var e = assertThrows(ExportException.class, export::run);
      assertEquals(ExportException.Reason.SOURCE, e.reason());
      assertTrue(
          e.getMessage().contains("snapshot " + plan.snapshot() + " cannot be read"),
          e.getMessage());
      assertTrue(e.getMessage().contains("coordinator"), e.getMessage());
      assertFalse(Files.exists(Path.of(plan.pattern().name(0))));
    } finally {
      db.drop(table);
    }
  }
}
