package dev.sluice.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.TestDatabases;
import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.WithNull;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Whatever the keys (any numbers or strings, NULLs, duplicates, fewer rows than shards, none), and
 * whatever the sample size, the planned shards select every row of a real database exactly once.
 * Runs against H2 in memory (fast enough for hundreds of tries) and, for strings with quotes and
 * backslashes, PostgreSQL and MariaDB too (whose strings may not hold a backslash in a literal).
 */
class ShardPartitionProperties {
  static final String TABLE = TestDatabases.uniqueName("shards_prop");

  @AfterContainer
  static void drop() throws SQLException {
    TestDatabases.H2.drop(TABLE);
    TestDatabases.POSTGRESQL.drop(TABLE);
    TestDatabases.MARIADB.drop(TABLE);
  }

  @Property(tries = 150)
  void numericKeysArePartitioned(
      @ForAll @Size(max = 60) List<@WithNull(0.15) @IntRange(min = -5, max = 5) Integer> keys,
      @ForAll @IntRange(min = 1, max = 20) int shards,
      @ForAll @IntRange(min = 1, max = 80) int sampleRows)
      throws Exception {
    check(
        TestDatabases.H2,
        "integer",
        keys.stream().map(k -> k == null ? null : k.toString()).toList(),
        shards,
        sampleRows);
  }

  @Property(tries = 60)
  void stringKeysWithQuotesAndBackslashesArePartitioned(
      @ForAll @Size(max = 40)
          List<
                  @WithNull(0.1) @StringLength(max = 4)
                  @net.jqwik.api.constraints.Chars({'a', 'B', '\'', '\\', ' ', 'é'}) String>
              keys,
      @ForAll @IntRange(min = 1, max = 9) int shards)
      throws Exception {
    check(TestDatabases.POSTGRESQL, "text", keys, shards, 1_000);
    check(TestDatabases.H2, "varchar(10)", keys, shards, 1_000);
    check(TestDatabases.MARIADB, "varchar(10)", keys, shards, 1_000);
  }

  private static void check(
      TestDatabases db, String type, List<String> keys, int shards, int sampleRows)
      throws Exception {
    db.drop(TABLE);
    db.execute("CREATE TABLE " + TABLE + " (id integer PRIMARY KEY, k " + type + ")");
    try (var c = db.connect();
        var insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
      for (int i = 0; i < keys.size(); i++) {
        insert.setInt(1, i + 1);
        if (type.equals("integer")) {
          insert.setObject(2, keys.get(i) == null ? null : Integer.valueOf(keys.get(i)));
        } else {
          insert.setString(2, keys.get(i));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
    var planner =
        ShardPlanner.builder(db.source().table(TABLE).build())
            .shards(shards)
            .shardBy("k")
            .sampleRows(sampleRows);
    ShardPlan plan;
    try (var snapshot = Snapshot.open(db.source().table(TABLE).build())) {
      plan = planner.build().plan(snapshot);
    }
    assertThat(plan.size()).isEqualTo(shards);
    ShardCounts.partition(db, plan, TABLE, keys.size());
    assertThat(ShardPlan.fromJson(plan.toJson())).isEqualTo(plan);
  }
}
