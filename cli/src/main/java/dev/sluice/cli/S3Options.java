package dev.sluice.cli;

import dev.sluice.core.sink.Sink;
import dev.sluice.s3.S3Sink;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options of an {@code s3://bucket/key} destination, and the {@link S3Sink} they make.
 * Credentials, region and endpoint come from the AWS SDK's chain and environment ({@code
 * AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, {@code AWS_ENDPOINT_URL}, ...);
 * these options only override the endpoint and tune the upload.
 */
final class S3Options {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

  @Option(names = "--s3-endpoint", paramLabel = "<url>",
      description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 (default: the SDK's,"
          + " AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL).")
  String endpoint;

  @Option(names = "--s3-path-style", arity = "0..1", paramLabel = "true|false",
      description = "Bucket in the path, not the host name (default: only for an IP or"
          + " localhost endpoint).")
  Boolean pathStyle;

  @Option(names = "--part-size", paramLabel = "<size>",
      description = "First part of the multipart upload, at least 5m (default: 8m); parts grow"
          + " so 10,000 of them reach 5 TiB.")
  String partSize;

  @Option(names = "--max-memory", paramLabel = "<size>",
      description = "Most bytes all part buffers hold at once (default: 256m); larger parts go"
          + " to temp files.")
  String maxMemory;

  @Option(names = "--size-hint", paramLabel = "<size>",
      description = "Expected size of the object, to start with larger parts.")
  String sizeHint;

  @Option(names = "--s3-checksum", paramLabel = "on|off",
      description = "on: CRC32C on every part; off: none, for stores that reject checksums"
          + " (S3Proxy) (default: the SDK's, CRC32 unless AWS_REQUEST_CHECKSUM_CALCULATION="
          + "when_required).")
  String checksum;

  @Option(names = "--s3-retries", paramLabel = "<n>",
      description = "Retries of a failed request, with backoff (default: 2).")
  Integer retries;

  /** The sink for {@code to}, an {@code s3://} URI. */
  Sink sink(String to) {
    S3Sink.Builder b;
    try {
      b = S3Sink.builder(to);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--to " + to + ": " + e.getMessage(), e);
    }
    if (endpoint != null) {
      b.endpoint(endpoint(endpoint));
    }
    if (pathStyle != null) {
      b.pathStyle(pathStyle);
    }
    if (checksum != null) {
      switch (checksum.toLowerCase(Locale.ROOT)) {
        case "on" -> b.checksum(true);
        case "off" -> b.checksum(false);
        default -> throw new UsageException("--s3-checksum must be on or off: " + checksum);
      }
    }
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
      if (retries != null) {
        b.retries(retries);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** Whether any S3 option was given, so they can be refused for other destinations. */
  boolean any() {
    return endpoint != null || pathStyle != null || partSize != null || maxMemory != null
        || sizeHint != null || retries != null || checksum != null;
  }

  static URI endpoint(String text) {
    try {
      var uri = new URI(text);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new UsageException("--s3-endpoint must be an http(s)://host[:port] URL: " + text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--s3-endpoint is not a URL: " + text, e);
    }
  }

  /** {@code 8388608}, {@code 8m}, {@code 8MiB}, {@code 5g}: binary multiples. */
  static long size(String option, String text) {
    var m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new UsageException(option + " must be a size such as 8m, 512k or 2g: " + text);
    }
    int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
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
