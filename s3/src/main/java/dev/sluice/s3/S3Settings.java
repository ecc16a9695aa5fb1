package dev.sluice.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How to reach an S3-compatible store: everything a client needs, and nothing about one object. A
 * null endpoint, region or credentials means the AWS SDK's own chain ({@code AWS_ENDPOINT_URL_S3},
 * {@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID},
 * ...). Immutable; each {@code with} method returns a copy.
 *
 * @param endpoint an S3-compatible endpoint such as {@code http://127.0.0.1:9000}, or null
 * @param region the region, or null for the SDK's region chain, else us-east-1
 * @param pathStyle where the bucket goes in a request
 * @param credentials the credentials, or null for the SDK's default chain
 * @param checksum the integrity checksum the parts carry
 * @param retries how many times a failed request is sent again
 * @param backoff the first retry's backoff; each further retry waits about twice as long
 * @param attemptTimeout how long one attempt of one request may take, or null for no limit
 */
public record S3Settings(
    URI endpoint,
    String region,
    PathStyle pathStyle,
    AwsCredentialsProvider credentials,
    ChecksumMode checksum,
    int retries,
    Duration backoff,
    Duration attemptTimeout) {
  /** The SDK's chain for everything, {@link ChecksumMode#AUTO}, 2 retries from 200 ms. */
  public static final S3Settings DEFAULT =
      new S3Settings(
          null, null, PathStyle.AUTO, null, ChecksumMode.AUTO, 2, Duration.ofMillis(200), null);

  public S3Settings {
    Objects.requireNonNull(pathStyle, "pathStyle");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(backoff, "backoff");
    if (retries < 0) {
      throw new IllegalArgumentException("retries < 0: " + retries);
    }
    region = region == null ? null : region.toLowerCase(Locale.ROOT);
  }

  public S3Settings withEndpoint(URI endpoint) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withRegion(String region) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withPathStyle(PathStyle pathStyle) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withCredentials(AwsCredentialsProvider credentials) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withChecksum(ChecksumMode checksum) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withRetries(int retries) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withBackoff(Duration backoff) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  public S3Settings withAttemptTimeout(Duration attemptTimeout) {
    return new S3Settings(
        endpoint, region, pathStyle, credentials, checksum, retries, backoff, attemptTimeout);
  }

  @Override
  public String toString() {
    // Never the credentials: a provider's toString may hold a key.
    return "S3Settings[endpoint="
        + endpoint
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", checksum="
        + checksum
        + ", retries="
        + retries
        + "]";
  }
}
