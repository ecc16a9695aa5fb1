package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.format.Mapping;
import dev.sluice.core.source.Column;
import dev.sluice.s3.UploadPlan;
import java.util.List;

/**
 * What {@code sluice export --dry-run} found: everything it prints ({@link DryRunText}) and writes
 * as JSON ({@link DryRunJson}), gathered without running the query or writing anything.
 *
 * @param source the database (password masked) and the query or table
 * @param format the output format
 * @param options its settings (CSV's delimiter, NULL text, header)
 * @param columns each column of the result with what it becomes in {@code format}
 * @param rows the row estimate, or null when the database cannot tell
 * @param sample the weight of the first rows, or null (no row estimate, or no sample in time)
 * @param compression the compression
 * @param level its level
 * @param destination where the data would go
 * @param manifest where the manifest would go, or null for none
 * @param upload the S3 part schedule and memory, or null for other destinations
 * @param heap the JVM's maximum heap
 * @param shards the shards an export split with {@code --shards} would run, empty otherwise; the
 *     section {@link DryRunText} prints only when there are some
 */
record DryRunPlan(
    String source,
    Format format,
    FormatOptions options,
    List<ColumnPlan> columns,
    Estimate rows,
    ByteSample sample,
    Compression compression,
    int level,
    Target destination,
    String manifest,
    UploadPlan upload,
    long heap,
    List<Shard> shards) {

  /** A column of the result and what it becomes. */
  record ColumnPlan(Column column, Mapping mapping) {}

  /**
   * Where the data would go.
   *
   * @param kind {@code stdout}, {@code file}, {@code s3} or {@code http}
   * @param where the destination as the export names it, with no secret in it
   * @param how how it is written there, in words
   */
  record Target(String kind, String where, String how) {}

  /**
   * One shard of a sharded export.
   *
   * @param bounds the rows it reads, as the shard plan states them ({@code id >= 1 AND id < 5001})
   * @param rows its estimated rows, or -1 when unknown
   * @param bytes its estimated bytes, or -1 when unknown
   */
  record Shard(String bounds, long rows, long bytes) {}

  /** The estimated bytes the format writes, or -1 without an estimate. */
  long rawBytes() {
    return rows != null && sample != null ? sample.rawFor(rows.rows()) : -1;
  }

  /** The estimated bytes stored after compression, or -1 without an estimate. */
  long storedBytes() {
    return rows != null && sample != null ? sample.storedFor(rows.rows()) : -1;
  }
}
