package dev.sluice.cli;

import picocli.CommandLine.Option;

/**
 * {@code --shards}, {@code --shard-by} and {@code --parallel}: one export split into N objects read
 * from one snapshot ({@link ShardedRun}).
 */
final class ShardOptions {
  @Option(
      names = "--shards",
      paramLabel = "<n>",
      description =
          "Split the export into n shards, each its own object named by --to with {shard}"
              + " replaced by its zero-padded number, read over n connections from one snapshot"
              + " (PostgreSQL), plus one set manifest listing them.")
  Integer shards;

  @Option(
      names = "--shard-by",
      paramLabel = "<column>",
      description =
          "Numeric, date/time or text column whose value ranges (quantiles of a sample) the shards"
              + " are (default for --table: PostgreSQL block ranges, elsewhere the primary key).")
  String shardBy;

  @Option(
      names = "--parallel",
      paramLabel = "<n>",
      description = "Shards exported at once (default: the number of cores, at most --shards).")
  Integer parallel;

  /** Whether the export is sharded. */
  boolean active() {
    return shards != null;
  }

  /**
   * @throws UsageException for a shard count below 1, or shard options without {@code --shards}
   */
  void check() {
    if (shards == null) {
      if (shardBy != null || parallel != null) {
        throw new UsageException("--shard-by and --parallel apply with --shards <n> only");
      }
      return;
    }
    if (shards < 1) {
      throw new UsageException("--shards must be at least 1: " + shards);
    }
    if (parallel != null && parallel < 1) {
      throw new UsageException("--parallel must be at least 1: " + parallel);
    }
  }
}
