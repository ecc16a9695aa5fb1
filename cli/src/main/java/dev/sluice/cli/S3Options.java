package dev.sluice.cli;

import dev.sluice.core.manifest.Stored;
import dev.sluice.s3.PathStyle;
import dev.sluice.s3.S3Location;
import dev.sluice.s3.S3Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How to reach the store of an {@code s3://bucket/key} destination, the options {@code export} and
 * {@code verify} share as a picocli mixin. Credentials, region and endpoint come from the AWS SDK's
 * chain and environment ({@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL}, ...); these options override them.
 */
final class S3Options {
  /** The name core's manifest decorator gives the manifest beside the data. */
  @Option(
      names = "--s3-endpoint",
      paramLabel = "<url>",
      description =
          "S3-compatible endpoint for an s3:// destination, e.g. http://127.0.0.1:9000"
              + " (default: the SDK's, AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL).")
  String endpoint;

  @Option(
      names = "--s3-path-style",
      arity = "0..1",
      paramLabel = "true|false",
      fallbackValue = "true",
      converter = PathStyleConverter.class,
      description =
          "Bucket in the path, not the host name (default: only for an IP or"
              + " localhost endpoint).")
  PathStyle pathStyle = PathStyle.AUTO;

  @Option(
      names = "--s3-region",
      paramLabel = "<region>",
      description =
          "The bucket's region (default: the SDK's, AWS_REGION or the profile; else"
              + " us-east-1).")
  String region;

  @Option(
      names = "--s3-retries",
      paramLabel = "<n>",
      description = "Retries of a failed S3 request, with backoff (default: 2).")
  Integer retries;

  /** Whether any of these options was given, so they can be refused for other destinations. */
  boolean any() {
    return endpoint != null || pathStyle != PathStyle.AUTO || region != null || retries != null;
  }

  /**
   * The object {@code to} names, reached as these options say.
   *
   * @throws UsageException if {@code to} is not {@code s3://bucket/key} or an option is invalid;
   *     {@code use} names the option or command for the message ({@code --to}, {@code verify})
   */
  S3Location location(String use, String to) {
    S3Location location;
    try {
      location = S3Location.parse(to);
    } catch (IllegalArgumentException e) {
      throw new UsageException(use + " " + to + ": " + e.getMessage(), e);
    }
    var settings = S3Settings.DEFAULT;
    if (endpoint != null) {
      settings = settings.withEndpoint(endpoint(endpoint));
    }
    settings = settings.withPathStyle(pathStyle);
    if (region != null) {
      settings = settings.withRegion(region);
    }
    if (retries != null) {
      if (retries < 0) {
        throw new UsageException("--s3-retries must be at least 0: " + retries);
      }
      settings = settings.withRetries(retries);
    }
    return location.with(settings);
  }

  /**
   * The object at {@code to} and the manifest beside it, read back for {@code sluice verify}
   * without building a sink.
   */
  Stored stored(String to) {
    var data = location("verify", to);
    return Stored.beside(data.uri(), data::open);
  }

  /** {@code true} and {@code false}, as the option has always been spelled, to ON and OFF. */
  static final class PathStyleConverter implements ITypeConverter<PathStyle> {
    @Override
    public PathStyle convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true" -> PathStyle.ON;
        case "false" -> PathStyle.OFF;
        default -> throw new TypeConversionException("true or false: " + value);
      };
    }
  }

  static URI endpoint(String text) {
    try {
      var uri = new URI(text);
      if (uri.getScheme() == null
          || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new UsageException("--s3-endpoint must be an http(s)://host[:port] URL: " + text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--s3-endpoint is not a URL: " + text, e);
    }
  }
}
