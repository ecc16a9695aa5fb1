package dev.sluice.cli;

import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How rows become bytes: the format, its CSV settings and the compression, as {@code sluice export}
 * takes them for its destination and {@code sluice plan} for every shard of a plan. A picocli
 * mixin.
 */
final class EncodingOptions {
  @Option(
      names = "--format",
      paramLabel = "ndjson|csv|json|parquet",
      converter = Choices.FormatConverter.class,
      description = "Output format (default: parquet for a .parquet destination, else ndjson).")
  Format format;

  @Mixin CompressOptions compress = new CompressOptions();

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

  /**
   * The format and compression for shards named by {@code to}.
   *
   * @throws UsageException for settings a plan cannot carry to its workers
   */
  FormatChoice planChoice(String to) {
    // A Parquet plan keeps its page codec, level and row groups (ShardPlan's JSON); a text format's
    // compression level is the worker's own choice.
    var choice = compress.choice(format, to);
    if (choice.level() != null) {
      throw new UsageException(
          "a plan keeps no --compress-level: give it to each worker (sluice export --plan ..."
              + " --compress-level n)");
    }
    return choice;
  }

  /**
   * The CSV settings.
   *
   * @throws UsageException for CSV settings with another format, or a bad delimiter
   */
  FormatOptions formatOptions(FormatChoice choice) {
    if (choice.format() != Format.CSV && (delimiter != null || nullText != null || noHeader)) {
      throw new UsageException("--delimiter, --null and --no-header apply to --format csv only");
    }
    var options = FormatOptions.builder().csvHeader(!noHeader).parquet(choice.parquet());
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
