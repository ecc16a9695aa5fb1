package dev.sluice.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.core.testing.TestDatabases;
import java.sql.SQLException;

/**
 * What a plan's predicates select in a real database: the rows of each shard, checked to be a
 * partition of the table (every id exactly once).
 */
final class ShardCounts {
  private ShardCounts() {}

  /**
   * The rows of each shard of {@code plan} over ids 1 to {@code rows} of {@code from} (a table or a
   * parenthesised query with an alias); fails unless every id is in exactly one shard.
   */
  static long[] partition(TestDatabases db, ShardPlan plan, String from, long rows)
      throws SQLException {
    var seen = new int[(int) rows + 1];
    var counts = new long[plan.size()];
    try (var c = db.connect();
        var s = c.createStatement()) {
      for (var shard : plan.shards()) {
        var where = shard.whole() ? "" : " WHERE " + shard.predicate();
        try (var rs = s.executeQuery("SELECT id FROM " + from + where)) {
          while (rs.next()) {
            int id = (int) rs.getLong(1);
            if (seen[id]++ > 0) {
              fail("id " + id + " is in two shards, the second " + shard.describe());
            }
            counts[shard.index()]++;
          }
        }
      }
    }
    for (int id = 1; id <= rows; id++) {
      if (seen[id] != 1) {
        fail("id " + id + " is in no shard of\n" + plan.describe());
      }
    }
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    assertEquals(rows, total);
    return counts;
  }

  /** The largest shard over the mean shard. */
  static double balance(long[] counts) {
    long max = 0;
    long sum = 0;
    for (long n : counts) {
      max = Math.max(max, n);
      sum += n;
    }
    return sum == 0 ? 1 : max / ((double) sum / counts.length);
  }
}
