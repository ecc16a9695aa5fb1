package dev.sluice.core.shard;

import java.util.Locale;

/** How a {@link ShardPlan} splits the rows. */
public enum Strategy {
  /** Ranges of a key column between quantiles of its values (a sample's, or all of them). */
  KEY,
  /**
   * Ranges of PostgreSQL's physical row addresses ({@code ctid}), by block, of a table: no index
   * needed, read by a TID range scan (PostgreSQL 14 and later).
   */
  CTID,
  /** One shard with every row. */
  WHOLE;

  /** The name in a plan's JSON: {@code key}, {@code ctid}, {@code whole}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Strategy ofJsonName(String name) {
    for (var s : values()) {
      if (s.jsonName().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown strategy: " + name);
  }
}
