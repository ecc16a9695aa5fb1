package dev.sluice.cli;

import dev.sluice.s3.ChecksumMode;
import dev.sluice.s3.S3Location;
import dev.sluice.s3.S3Sink;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options that tune the multipart upload to an {@code s3://bucket/key} destination. */
final class S3UploadOptions {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

  @Option(
      names = "--part-size",
      paramLabel = "<size>",
      description =
          "First part of the multipart upload, at least 5m (default: 8m); parts grow"
              + " so 10,000 of them reach 5 TiB.")
  String partSize;

  @Option(
      names = "--max-memory",
      paramLabel = "<size>",
      description =
          "Most bytes all part buffers hold at once (default: 256m); larger parts go"
              + " to temp files.")
  String maxMemory;

  @Option(
      names = "--size-hint",
      paramLabel = "<size>",
      description = "Expected size of the object, to start with larger parts.")
  String sizeHint;

  @Option(
      names = "--s3-checksum",
      paramLabel = "auto|on|off",
      description =
          "auto: the SDK's checksums (CRC32), falling back to a Content-MD5 per part"
              + " when a custom endpoint refuses them; on: CRC32C on every part; off: a Content-MD5"
              + " per part, which every store checks (default: auto).")
  String checksum;

  /** Whether any of these options was given, so they can be refused for other destinations. */
  boolean any() {
    return partSize != null || maxMemory != null || sizeHint != null || checksum != null;
  }

  /** The sink that uploads to {@code location}, with the checksum mode these options name. */
  S3Sink sink(S3Location location) {
    if (checksum != null) {
      var mode =
          switch (checksum.toLowerCase(Locale.ROOT)) {
            case "auto" -> ChecksumMode.AUTO;
            case "on" -> ChecksumMode.ON;
            case "off" -> ChecksumMode.OFF;
            default ->
                throw new UsageException("--s3-checksum must be auto, on or off: " + checksum);
          };
      location = location.with(location.settings().withChecksum(mode));
    }
    var b = location.sink();
    try {
      if (partSize != null) {
        b.partSize(size("--part-size", partSize));
      }
      if (maxMemory != null) {
        b.maxMemory(size("--max-memory", maxMemory));
      }
      if (sizeHint != null) {
        b.sizeHint(size("--size-hint", sizeHint));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** {@code 8388608}, {@code 8m}, {@code 8MiB}, {@code 5g}: binary multiples. */
  static long size(String option, String text) {
    var m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new UsageException(option + " must be a size such as 8m, 512k or 2g: " + text);
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " is too large: " + text, e);
    }
  }
}
