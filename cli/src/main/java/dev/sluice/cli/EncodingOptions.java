package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import picocli.CommandLine.Option;

/**
 * How rows become bytes, as {@code sluice plan} takes it for every shard of a plan: the format, its
 * CSV settings and the compression. A picocli mixin.
 */
final class EncodingOptions {
  @Option(
      names = "--format",
      paramLabel = "ndjson|csv|json",
      defaultValue = "ndjson",
      converter = Choices.FormatConverter.class,
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--compress",
      paramLabel = "none|gzip|zstd",
      converter = Choices.CompressionConverter.class,
      description =
          "Compression (default: from the destination's extension, .gz or .zst; else none).")
  Compression compression;

  @Option(
      names = "--delimiter",
      paramLabel = "<char>",
      description = "CSV field separator: one character, or 'tab' (default: ,).")
  String delimiter;

  @Option(
      names = "--null",
      paramLabel = "<text>",
      description = "CSV text for NULL (default: an empty unquoted field).")
  String nullText;

  @Option(names = "--no-header", description = "CSV without the header row of column names.")
  boolean noHeader;

  /** The compression given, else the one {@code to}'s extension implies. */
  Compression compression(String to) {
    return compression != null ? compression : Destination.impliedCompression(to);
  }

  /**
   * The CSV settings.
   *
   * @throws UsageException for CSV settings with another format, or a bad delimiter
   */
  FormatOptions formatOptions() {
    if (format != Format.CSV && (delimiter != null || nullText != null || noHeader)) {
      throw new UsageException("--delimiter, --null and --no-header apply to --format csv only");
    }
    var options = FormatOptions.builder().csvHeader(!noHeader);
    if (delimiter != null) {
      var d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
      if (d.length() != 1) {
        throw new UsageException("--delimiter must be one character or 'tab': " + delimiter);
      }
      options.csvDelimiter(d.charAt(0));
    }
    if (nullText != null) {
      options.csvNull(nullText);
    }
    try {
      return options.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }
}
