package dev.sluice.core.shard;

/** Which state of the database the shards of a {@link ShardPlan} read. */
public enum Consistency {
  /**
   * Every shard reads one snapshot (PostgreSQL's {@code pg_export_snapshot()}): the set is the
   * database as it was at one instant, whatever commits while the shards run.
   */
  SNAPSHOT("snapshot"),
  /**
   * Each shard reads a consistent state of its own, taken when it starts (MariaDB/MySQL and the
   * others, which cannot share a snapshot between connections): a row changed between the starts of
   * two shards may be seen by neither or by both in its two versions, when the change moves it from
   * one shard's range to another's.
   */
  PER_SHARD("per shard");

  private final String jsonName;

  Consistency(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in a plan's and a set manifest's JSON: {@code snapshot}, {@code per shard}. */
  public String jsonName() {
    return jsonName;
  }

  static Consistency ofJsonName(String name) {
    for (var c : values()) {
      if (c.jsonName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown consistency: " + name);
  }
}
