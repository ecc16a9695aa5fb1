package dev.sluice.cli;

/**
 * How many rows an export is expected to read, and where that number comes from ({@code
 * pg_class.reltuples}, {@code EXPLAIN}, {@code information_schema.tables}, {@code demo}). An
 * estimate is what the database believes without reading the rows: it may be stale, so the progress
 * display marks what it derives from it with {@code ~} and never shows 100% before the export ends.
 */
record Estimate(long rows, String source) {
  Estimate {
    if (rows < 1) {
      throw new IllegalArgumentException("rows < 1: " + rows);
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source is blank");
    }
  }
}
