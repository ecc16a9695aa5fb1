package dev.sluice.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/** The one place an {@link S3Client} is built from {@link S3Settings}. */
final class S3Clients {
  private S3Clients() {}

  /**
   * A client for {@code settings} whose data requests carry {@code checksum}'s SDK configuration:
   * the SDK's own for {@link PartChecksum#SDK}, every supported checksum for {@link
   * PartChecksum#CRC32C}, and only the ones an operation requires for {@link PartChecksum#MD5}
   * (which is also the client that reads: verify hashes every byte itself, and some stores refuse
   * the checksum-mode header of a GetObject). Its own retries are off: {@link Attempts} retries, so
   * its messages count every request. The caller closes it.
   */
  static S3Client build(S3Settings settings, PartChecksum checksum, int maxConnections) {
    URI effective = endpoint(settings);
    var http =
        Apache5HttpClient.builder()
            .maxConnections(maxConnections)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60));
    if (effective != null && "http".equalsIgnoreCase(effective.getScheme())) {
      http.tlsSocketStrategy(new PlainHttpTls());
    }
    var b =
        S3Client.builder()
            .httpClientBuilder(http)
            .overrideConfiguration(
                c -> {
                  c.retryStrategy(AwsRetryStrategy.doNotRetry());
                  if (settings.attemptTimeout() != null) {
                    c.apiCallAttemptTimeout(settings.attemptTimeout());
                  }
                });
    switch (checksum) {
      case SDK -> {
        if (endpoint(settings) != null) {
          // Responses are checked by their Content-MD5 and ETag; S3Proxy refuses checksum-mode.
          b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
      }
      case CRC32C ->
          b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
      case MD5 ->
          b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      default -> throw new AssertionError(checksum);
    }
    if (settings.credentials() != null) {
      b.credentialsProvider(settings.credentials());
    }
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
    }
    b.forcePathStyle(
        switch (settings.pathStyle()) {
          case ON -> true;
          case OFF -> false;
          case AUTO -> effective != null && isLocal(effective);
        });
    Region r = settings.region() != null ? Region.of(settings.region()) : chainRegion();
    if (r == null) {
      // S3-compatible stores ignore the region; on AWS, follow the bucket to its region.
      b.region(Region.US_EAST_1).crossRegionAccessEnabled(effective == null);
    } else {
      b.region(r);
    }
    return b.build();
  }

  /**
   * The custom endpoint requests go to: the settings', else the one the SDK takes from the
   * environment; null on AWS itself.
   */
  static URI endpoint(S3Settings settings) {
    if (settings.endpoint() != null) {
      return settings.endpoint();
    }
    for (String v :
        new String[] {
          System.getProperty("aws.endpointUrlS3"), System.getenv("AWS_ENDPOINT_URL_S3"),
          System.getProperty("aws.endpointUrl"), System.getenv("AWS_ENDPOINT_URL")
        }) {
      if (v != null && !v.isBlank()) {
        try {
          return URI.create(v.trim());
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Region chainRegion() {
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return null;
    }
  }

  /** Buckets cannot be host names under an IP address or localhost: use path-style there. */
  private static boolean isLocal(URI endpoint) {
    String host = endpoint.getHost();
    if (host == null) {
      return false;
    }
    return host.equalsIgnoreCase("localhost")
        || host.startsWith("[")
        || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }
}
