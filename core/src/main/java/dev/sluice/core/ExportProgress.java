package dev.sluice.core;

/**
 * A snapshot of a running export: rows encoded, bytes the encoder produced ({@code rawBytes}),
 * bytes handed to the sink after compression ({@code storedBytes}), and the time since it started.
 */
public record ExportProgress(long rows, long rawBytes, long storedBytes, long elapsedNanos) {
  /** Rows per second since the start, or 0 before the first millisecond. */
  public double rowsPerSecond() {
    return elapsedNanos < 1_000_000 ? 0 : rows * 1e9 / elapsedNanos;
  }
}
