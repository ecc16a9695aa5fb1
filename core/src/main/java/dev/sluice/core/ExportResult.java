package dev.sluice.core;

import dev.sluice.core.manifest.Manifest;
import dev.sluice.core.sink.Receipt;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a finished export did.
 *
 * @param rows rows encoded
 * @param rawBytes bytes the encoder produced, before compression
 * @param storedBytes bytes handed to the sink, after compression
 * @param elapsed from the start of the query to the sink's commit
 * @param receipt what the sink reported on commit
 * @param bottleneck which side of the pipe held the other back
 * @param manifest the export's manifest, when it computed one (see {@link
 *     Export.Builder#manifest(boolean)}); if the export had somewhere to store it, it is stored
 */
public record ExportResult(
    long rows,
    long rawBytes,
    long storedBytes,
    Duration elapsed,
    Receipt receipt,
    Bottleneck bottleneck,
    Optional<Manifest> manifest) {

  public ExportResult {
    Objects.requireNonNull(manifest, "manifest");
  }

  /** A result without a manifest. */
  public ExportResult(
      long rows,
      long rawBytes,
      long storedBytes,
      Duration elapsed,
      Receipt receipt,
      Bottleneck bottleneck) {
    this(rows, rawBytes, storedBytes, elapsed, receipt, bottleneck, Optional.empty());
  }

  public double rowsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos == 0 ? 0 : rows * 1e9 / nanos;
  }

  /** Throughput of the encoded (uncompressed) bytes, in megabytes (10^6) per second. */
  public double megabytesPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos == 0 ? 0 : rawBytes * 1e3 / nanos;
  }
}
