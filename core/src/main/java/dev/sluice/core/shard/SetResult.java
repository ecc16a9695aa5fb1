package dev.sluice.core.shard;

import dev.sluice.core.ExportResult;
import java.time.Duration;
import java.util.List;

/**
 * What a finished {@link ShardedExport} did.
 *
 * @param plan the plan it ran
 * @param shards each shard's result, in order
 * @param manifest the set manifest (stored if the export had somewhere to store it)
 * @param elapsed from the first shard's start to the last one's commit
 */
public record SetResult(
    ShardPlan plan, List<ExportResult> shards, SetManifest manifest, Duration elapsed) {
  public SetResult {
    shards = List.copyOf(shards);
  }

  /** The rows of every shard. */
  public long rows() {
    return shards.stream().mapToLong(ExportResult::rows).sum();
  }

  /** The encoded bytes of every shard, before compression. */
  public long rawBytes() {
    return shards.stream().mapToLong(ExportResult::rawBytes).sum();
  }

  /** The stored bytes of every shard. */
  public long storedBytes() {
    return shards.stream().mapToLong(ExportResult::storedBytes).sum();
  }

  /** Rows per second over the whole set. */
  public double rowsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos == 0 ? 0 : rows() * 1e9 / nanos;
  }
}
