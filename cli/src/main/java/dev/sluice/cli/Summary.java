package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.core.Bottleneck;
import dev.sluice.core.ExportException;
import dev.sluice.core.ExportResult;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.text.ByteSize;
import dev.sluice.s3.S3Receipt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a finished export reports: one line for people, a JSON object for machines. {@code level} is
 * the compression's level (it decides which gzip implementation ran); {@code estimate} is the row
 * estimate the progress display had, or null.
 */
record Summary(
    ExportResult result, Format format, Compression compression, int level, Estimate estimate) {

  /** Without an estimate. */
  Summary(ExportResult result, Format format, Compression compression, int level) {
    this(result, format, compression, level, null);
  }

  /**
   * {@code 100,000 rows, 20.3 MiB raw, 3.9 MiB stored (gzip on libdeflate), 1.2 s, 81,300 rows/s,
   * bottleneck: database/encoder -> orders.ndjson.gz}.
   */
  String line() {
    var stored =
        compression == Compression.NONE
            ? ""
            : ", "
                + ByteSize.format(result.storedBytes())
                + " stored ("
                + name(compression)
                + " on "
                + compression.implementation(level)
                + ")";
    var line =
        String.format(
            Locale.ROOT,
            "%,d rows, %s %s%s, %.2f s, %,.0f rows/s, bottleneck: %s -> %s",
            result.rows(),
            ByteSize.format(result.rawBytes()),
            // Parquet's bytes are already compressed, page by page: not raw.
            format == Format.PARQUET ? "parquet" : "raw",
            stored,
            result.elapsed().toNanos() / 1e9,
            result.rowsPerSecond(),
            bottleneck(result.bottleneck()),
            result.receipt().destination());
    // An S3 upload that fell back from the SDK's checksums says so, and why.
    return result.receipt() instanceof S3Receipt s3 && s3.note() != null
        ? line + "; " + s3.note()
        : line;
  }

  /** Writes the result to {@code file} as one JSON object. */
  void writeJson(Path file) throws IOException {
    try (var json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeNumberField("rows", result.rows());
      json.writeNumberField("rawBytes", result.rawBytes());
      json.writeNumberField("storedBytes", result.storedBytes());
      json.writeNumberField("elapsedSeconds", result.elapsed().toNanos() / 1e9);
      json.writeNumberField("rowsPerSecond", result.rowsPerSecond());
      json.writeStringField("bottleneck", bottleneck(result.bottleneck()));
      json.writeStringField("format", name(format));
      json.writeStringField("compression", name(compression));
      json.writeStringField("compressor", compression.implementation(level));
      json.writeStringField("destination", result.receipt().destination());
      if (estimate != null) {
        json.writeNumberField("estimatedRows", estimate.rows());
        json.writeStringField("estimateSource", estimate.source());
      } else {
        json.writeNullField("estimatedRows");
        json.writeNullField("estimateSource");
      }
      json.writeObjectFieldStart("receipt");
      json.writeNumberField("bytes", result.receipt().bytes());
      for (var e : result.receipt().details().entrySet()) {
        json.writeStringField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  static String bottleneck(Bottleneck b) {
    return switch (b) {
      case PRODUCER -> "database/encoder";
      case SINK -> "destination";
      case BALANCED -> "balanced";
    };
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** {@link #writeJson} to {@code file} unless it is null (no --summary-json). */
  void writeJsonTo(Path file) throws ExportException {
    if (file == null) {
      return;
    }
    try {
      writeJson(file);
    } catch (IOException e) {
      throw new ExportException(
          ExportException.Reason.SINK,
          "--summary-json " + file + ": cannot write: " + e.getMessage(),
          e);
    }
  }
}
