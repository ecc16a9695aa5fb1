package dev.sluice.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.core.ExportException;
import dev.sluice.core.testing.TestDatabases;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Plans against the real databases, and what their predicates select there. */
@Timeout(120)
class ShardPlannerTest {
  static final String TABLE = TestDatabases.uniqueName("shards_skew");
  static final long ROWS = 100_000;
  static final long SMALL_ROWS = 20_000;

  static long rows(TestDatabases db) {
    return db == TestDatabases.POSTGRESQL || db == TestDatabases.MARIADB ? ROWS : SMALL_ROWS;
  }

  @BeforeAll
  static void createTables() throws Exception {
    for (var db : TestDatabases.values()) {
      SkewedTable.create(db, TABLE, rows(db));
    }
  }

  @AfterAll
  static void dropTables() throws Exception {
    for (var db : TestDatabases.values()) {
      db.drop(TABLE);
    }
  }

  static ShardPlan plan(ShardPlanner.Builder planner, TestDatabases db) throws ExportException {
    var source = planner.build();
    try (var snapshot = Snapshot.open(db.source().table("x").build())) {
      return source.plan(snapshot);
    }
  }

  static ShardPlan planTable(TestDatabases db, String key, int n) throws ExportException {
    return plan(ShardPlanner.builder(db.source().table(TABLE).build()).shards(n).shardBy(key), db);
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void everyRowLandsInExactlyOneShardOfEachKeyType(TestDatabases db) throws Exception {
    for (var key : SkewedTable.KEYS) {
      for (int n : new int[] {2, 3, 8}) {
        var plan = planTable(db, key, n);
        assertEquals(Strategy.KEY, plan.strategy());
        var counts = ShardCounts.partition(db, plan, TABLE, rows(db));
        assertTrue(
            ShardCounts.balance(counts) <= 1.1,
            db + " " + key + " x" + n + ": " + Arrays.toString(counts) + "\n" + plan.describe());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void queryIsSplitLikeTheTable(TestDatabases db) throws Exception {
    // "K": a bare name is folded as the database folds names, and found in the query's columns.
    var query = "SELECT id, k * 2 AS k FROM " + TABLE + ";";
    var plan =
        plan(ShardPlanner.builder(db.source().query(query).build()).shards(5).shardBy("K"), db);
    var from = "(" + query.replace(";", "") + ") s";
    var counts = ShardCounts.partition(db, plan, from, rows(db));
    assertTrue(ShardCounts.balance(counts) <= 1.1, Arrays.toString(counts));
  }

  @Test
  void equalStridesOfTheSkewedKeyAreFarFromBalanced() throws Exception {
    // Spark's rule: [min, max] cut into N equal strides. The skew the quantiles handle above.
    var db = TestDatabases.POSTGRESQL;
    long max = SkewedTable.key(ROWS - 1, ROWS);
    var counts = new long[8];
    for (long id = 1; id <= ROWS; id++) {
      var k = SkewedTable.key(id, ROWS);
      counts[k == null ? 0 : (int) Math.min(7, k * 8 / (max + 1))]++;
    }
    assertTrue(ShardCounts.balance(counts) > 4, Arrays.toString(counts));
    assertTrue(
        ShardCounts.balance(ShardCounts.partition(db, planTable(db, "k", 8), TABLE, ROWS)) <= 1.1);
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.class,
      names = {"POSTGRESQL", "MARIADB"})
  void sampledKeysStillBalanceAndPartition(TestDatabases db) throws Exception {
    var source = db.source().table(TABLE).build();
    var plan = plan(ShardPlanner.builder(source).shards(8).shardBy("k").sampleRows(20_000), db);
    var counts = ShardCounts.partition(db, plan, TABLE, ROWS);
    assertTrue(ShardCounts.balance(counts) <= 1.1, Arrays.toString(counts) + plan.describe());
    // Estimates scale the sample up to the table.
    assertTrue(Math.abs(plan.estimatedRows() - ROWS) < ROWS / 5, plan.describe());
    // A sample of few blocks balances worse, but still partitions.
    var rough = plan(ShardPlanner.builder(source).shards(8).shardBy("t").sampleRows(100), db);
    ShardCounts.partition(db, rough, TABLE, ROWS);
  }

  @Test
  void postgresqlTableWithoutKeyIsSplitByBlocks() throws Exception {
    var db = TestDatabases.POSTGRESQL;
    var plan = plan(ShardPlanner.builder(db.source().table(TABLE).build()).shards(4), db);
    assertEquals(Strategy.CTID, plan.strategy());
    assertTrue(plan.shard(1).predicate().contains("ctid"), plan.describe());
    try (var c = db.connect();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "EXPLAIN SELECT * FROM " + TABLE + " WHERE " + plan.shard(1).predicate())) {
      rs.next();
      assertTrue(rs.getString(1).startsWith("Tid Range Scan"), rs.getString(1));
    }
    var counts = ShardCounts.partition(db, plan, TABLE, ROWS);
    assertTrue(ShardCounts.balance(counts) <= 1.1, Arrays.toString(counts));
    assertTrue(Math.abs(plan.estimatedRows() - ROWS) < ROWS / 10, plan.describe());
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.class,
      names = {"MARIADB", "H2", "SQLITE"})
  void otherTablesWithoutKeyAreSplitByPrimaryKey(TestDatabases db) throws Exception {
    var plan = plan(ShardPlanner.builder(db.source().table(TABLE).build()).shards(4), db);
    assertEquals(Strategy.KEY, plan.strategy());
    assertTrue(plan.key().equalsIgnoreCase("\"id\""), plan.key());
    var counts = ShardCounts.partition(db, plan, TABLE, rows(db));
    assertTrue(ShardCounts.balance(counts) <= 1.1, Arrays.toString(counts));
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void duplicatesNullsEmptyShardsAndMoreShardsThanRows(TestDatabases db) throws Exception {
    var table = TestDatabases.uniqueName("shards_dups");
    db.drop(table);
    db.execute("CREATE TABLE " + table + " (id integer PRIMARY KEY, k integer)");
    try {
      // Three distinct keys, mostly 1, and NULLs: boundaries repeat, some shards are empty.
      var values = new StringBuilder();
      for (int id = 1; id <= 40; id++) {
        var k = id % 7 == 0 ? "NULL" : id <= 30 ? "1" : id <= 36 ? "2" : "3";
        values
            .append(values.isEmpty() ? "" : ", ")
            .append("(")
            .append(id)
            .append(", ")
            .append(k)
            .append(")");
      }
      db.execute("INSERT INTO " + table + " VALUES " + values);
      for (int n : new int[] {2, 8, 64}) {
        var plan =
            plan(ShardPlanner.builder(db.source().table(table).build()).shards(n).shardBy("k"), db);
        var counts = ShardCounts.partition(db, plan, table, 40);
        assertTrue(Arrays.stream(counts).anyMatch(c -> c == 0) || n == 2, Arrays.toString(counts));
      }
      db.execute("DELETE FROM " + table);
      var empty =
          plan(ShardPlanner.builder(db.source().table(table).build()).shards(4).shardBy("k"), db);
      ShardCounts.partition(db, empty, table, 0);
      db.execute("INSERT INTO " + table + " VALUES (1, 5), (2, NULL), (3, 7)");
      var tiny =
          plan(ShardPlanner.builder(db.source().table(table).build()).shards(16).shardBy("k"), db);
      ShardCounts.partition(db, tiny, table, 3);
    } finally {
      db.drop(table);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabases.class)
  void unknownColumnIsAConfigurationError(TestDatabases db) {
    var e = assertThrows(ExportException.class, () -> planTable(db, "nope", 4));
    assertEquals(ExportException.Reason.CONFIGURATION, e.reason());
    assertTrue(e.getMessage().startsWith("--shard-by nope: table "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @EnumSource(
      value = TestDatabases.class,
      names = {"POSTGRESQL", "MARIADB", "H2"})
  void unsortableColumnIsAConfigurationError(TestDatabases db) {
    for (var column : db == TestDatabases.MARIADB ? new String[] {"b"} : new String[] {"j", "b"}) {
      var e = assertThrows(ExportException.class, () -> planTable(db, column, 4));
      assertEquals(ExportException.Reason.CONFIGURATION, e.reason());
      assertTrue(e.getMessage().contains("no order to split"), e.getMessage());
    }
  }

  @Test
  void queryWithoutKeyIsAConfigurationError() {
    var db = TestDatabases.POSTGRESQL;
    var e =
        assertThrows(
            ExportException.class,
            () ->
                plan(
                    ShardPlanner.builder(db.source().query("SELECT 1 AS id").build()).shards(2),
                    db));
    assertTrue(e.getMessage().contains("--shard-by <column>"), e.getMessage());
  }

  @Test
  void oneShardIsTheWholeExport() throws Exception {
    var db = TestDatabases.H2;
    var plan = planTable(db, "k", 1);
    assertEquals(Strategy.WHOLE, plan.strategy());
    assertTrue(plan.shard(0).whole());
  }
}
