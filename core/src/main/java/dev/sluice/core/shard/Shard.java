package dev.sluice.core.shard;

import java.util.Locale;
import java.util.Objects;

/**
 * One part of a {@link ShardPlan}: the rows for which its predicate holds.
 *
 * @param index the shard's number, 0 to N-1
 * @param predicate SQL that selects the shard's rows, with its values written as literals (safe to
 *     paste: numbers checked, strings quoted and escaped for the plan's database); empty for a
 *     shard with every row
 * @param lower the smallest key value in the shard (inclusive), as text, or null when unbounded
 *     below; for {@link Strategy#CTID} the first block
 * @param upper the key value the shard stops before (exclusive), as text, or null when unbounded
 *     above; for {@link Strategy#CTID} the block it stops before
 * @param nulls whether rows whose key is NULL belong to this shard (exactly one shard has them)
 * @param estimatedRows the rows the shard is expected to hold, from a sample or the statistics; -1
 *     when unknown
 */
public record Shard(
    int index, String predicate, String lower, String upper, boolean nulls, long estimatedRows) {
  public Shard {
    if (index < 0) {
      throw new IllegalArgumentException("index < 0: " + index);
    }
    Objects.requireNonNull(predicate, "predicate");
    if (estimatedRows < -1) {
      throw new IllegalArgumentException("estimatedRows < -1: " + estimatedRows);
    }
  }

  /** Whether the shard has every row (no predicate). */
  public boolean whole() {
    return predicate.isEmpty();
  }

  /**
   * One line for people: {@code shard 03 [1000, 2000) NULLs ~12,345 rows}. {@code number} is the
   * shard's padded number ({@link ShardPattern#number}).
   */
  public String describe(String number) {
    var range =
        whole()
            ? "all rows"
            : "["
                + (lower == null ? "-inf" : lower)
                + ", "
                + (upper == null ? "+inf" : upper)
                + ")";
    return String.format(
        Locale.ROOT,
        "shard %s  %s%s  %s",
        number,
        range,
        nulls ? "  +NULLs" : "",
        estimatedRows < 0
            ? "rows unknown"
            : String.format(Locale.ROOT, "~%,d rows", estimatedRows));
  }

  /** {@link #describe(String)} with the index unpadded. */
  public String describe() {
    return describe(String.valueOf(index));
  }
}
