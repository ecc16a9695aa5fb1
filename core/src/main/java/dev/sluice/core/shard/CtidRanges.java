package dev.sluice.core.shard;

import java.util.ArrayList;
import java.util.List;

/**
 * Shards of a PostgreSQL table by physical block: shard i reads blocks {@code [i*B/N, (i+1)*B/N)}
 * of the B blocks the table has, through {@code ctid} bounds that PostgreSQL 14 and later answer
 * with a TID range scan (no index, no other block read). Equal numbers of blocks are equal sizes on
 * disk, which is what a scan's time follows. The first shard has no lower bound and the last none
 * above, so every row version the snapshot sees is in exactly one shard, even in blocks added after
 * the size was read.
 */
final class CtidRanges {
  private CtidRanges() {}

  /**
   * @param blocks the table's size in blocks
   * @param rowsPerBlock the statistics' rows per block, or a negative number when unknown
   */
  static List<Shard> shards(long blocks, double rowsPerBlock, int n) {
    var shards = new ArrayList<Shard>(n);
    for (int i = 0; i < n; i++) {
      long from = blocks * i / n;
      long to = blocks * (i + 1) / n;
      String predicate;
      if (i == 0) {
        predicate = "ctid < '(" + to + ",0)'::tid";
      } else if (i == n - 1) {
        predicate = "ctid >= '(" + from + ",0)'::tid";
      } else {
        predicate = "(ctid >= '(" + from + ",0)'::tid AND ctid < '(" + to + ",0)'::tid)";
      }
      long est = rowsPerBlock < 0 ? -1 : Math.round((to - from) * rowsPerBlock);
      shards.add(
          new Shard(
              i,
              predicate,
              i == 0 ? null : "block " + from,
              i == n - 1 ? null : "block " + to,
              false,
              est));
    }
    return shards;
  }
}
