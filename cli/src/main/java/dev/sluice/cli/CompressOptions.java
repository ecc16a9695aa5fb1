package dev.sluice.cli;

import dev.sluice.core.format.Format;
import picocli.CommandLine.Option;

/** {@code --compress}, {@code --compress-level} and Parquet's {@code --row-group-size}. */
final class CompressOptions {
  @Option(
      names = "--compress",
      paramLabel = "none|gzip|zstd|snappy",
      description =
          "Compression (default: from the destination's extension, .gz or .zst; else none);"
              + " for parquet its page codec: zstd (default), snappy, gzip or none.")
  String compress;

  @Option(
      names = "--compress-level",
      paramLabel = "<n>",
      description = "gzip 1-9 (default 6), zstd 1-19 (default 3).")
  Integer compressLevel;

  @Option(
      names = "--row-group-size",
      paramLabel = "<size>",
      description = "Parquet row group cap: 32m (default), 500000rows, or both: 64m,500000rows.")
  String rowGroupSize;

  /** The format and compression of an export of {@code format} (or null) to {@code to}. */
  FormatChoice choice(Format format, String to) {
    return FormatChoice.of(format, compress, compressLevel, rowGroupSize, to);
  }
}
