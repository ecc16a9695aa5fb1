package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.parquet.ParquetCodec;
import dev.sluice.core.format.parquet.ParquetOptions;
import java.util.Locale;

/**
 * The format and compression an export writes, from {@code --format}, {@code --compress}, {@code
 * --compress-level}, {@code --row-group-size} and the destination's name. For Parquet, {@code
 * --compress} names its page codec (zstd by default) and nothing compresses the file around it, so
 * a destination ending in {@code .gz} or {@code .zst} is a usage error.
 *
 * @param format the format: {@code --format}, else Parquet for a name ending in {@code .parquet},
 *     else NDJSON
 * @param compression the compression around the encoded bytes (none for Parquet)
 * @param level the compression level given, or null for the default
 * @param parquet Parquet's codec, level and row group size
 */
record FormatChoice(Format format, Compression compression, Integer level, ParquetOptions parquet) {
  static FormatChoice of(
      Format format, String compress, Integer level, String rowGroupSize, String to) {
    // orders.parquet.gz names a Parquet file too, so that it is refused below rather than
    // written as gzip'd NDJSON under a Parquet name.
    var name =
        Destination.isStdout(to)
            ? ""
            : to.toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|gzip|zst|zstd)$", "");
    var f = format != null ? format : name.endsWith(".parquet") ? Format.PARQUET : Format.NDJSON;
    if (f != Format.PARQUET) {
      if (rowGroupSize != null) {
        throw new UsageException("--row-group-size applies to --format parquet only");
      }
      Compression compression;
      try {
        compression =
            compress != null
                ? Choices.parse(Compression.class, compress, "none, gzip or zstd")
                : Destination.impliedCompression(to);
      } catch (RuntimeException e) {
        throw new UsageException(
            "--compress: "
                + e.getMessage()
                + (compress.equalsIgnoreCase("snappy") ? " (snappy is for --format parquet)" : ""),
            e);
      }
      return new FormatChoice(f, compression, level, ParquetOptions.defaults());
    }
    if (Destination.impliedCompression(to) != Compression.NONE) {
      throw new UsageException(
          "--to "
              + to
              + ": Parquet compresses its own pages, never the whole file; name it .parquet"
              + " and choose the page codec with --compress zstd|snappy|gzip|none");
    }
    ParquetOptions options = ParquetOptions.defaults();
    try {
      if (compress != null) {
        options = options.withCodec(ParquetCodec.of(compress));
      }
      if (level != null) {
        options = options.withLevel(level);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          (level != null ? "--compress-level: " : "--compress: ") + e.getMessage(), e);
    }
    if (rowGroupSize != null) {
      options = rowGroups(options, rowGroupSize);
    }
    return new FormatChoice(f, Compression.NONE, null, options);
  }

  /** The level the compression runs at: the one given, or the compression's default. */
  int levelOrDefault() {
    return level != null ? level : compression.defaultLevel();
  }

  /** {@code 64m}, {@code 500000rows}, or both: {@code 64m,500000rows}. */
  private static ParquetOptions rowGroups(ParquetOptions options, String text) {
    var o = options;
    for (var part : text.split(",")) {
      var p = part.trim().toLowerCase(Locale.ROOT);
      try {
        if (p.endsWith("rows")) {
          o = o.withRowGroupRows(Long.parseLong(p.substring(0, p.length() - 4).trim()));
        } else {
          o = o.withRowGroupBytes(S3UploadOptions.size("--row-group-size", p));
        }
      } catch (NumberFormatException e) {
        throw new UsageException(
            "--row-group-size must be a size (64m), rows (500000rows) or both: " + text, e);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--row-group-size: " + e.getMessage(), e);
      }
    }
    return o;
  }
}
