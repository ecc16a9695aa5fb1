package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which errors may be a refused checksum, and which fix each message names. */
class StoreErrorsTest {
  static final S3Settings CUSTOM =
      S3Settings.DEFAULT.withEndpoint(URI.create("http://s3.example.internal:9000"));

  static S3Exception error(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build())
            .build();
  }

  static SdkClientException network(IOException cause) {
    return SdkClientException.builder()
        .message("Unable to execute HTTP request")
        .cause(cause)
        .build();
  }

  /** A 400, 411, 501, a signature mismatch or a cut connection may be a refused checksum. */
  @Test
  void refusalsThatMayConcernTheChecksumFallBack() {
    assertThat(StoreErrors.mayRefuseChecksum(error(400, "XAmzContentSHA256Mismatch"))).isTrue();
    assertThat(StoreErrors.mayRefuseChecksum(error(501, "NotImplemented"))).isTrue();
    assertThat(StoreErrors.mayRefuseChecksum(error(403, "SignatureDoesNotMatch"))).isTrue();
    assertThat(StoreErrors.mayRefuseChecksum(network(new IOException("Broken pipe")))).isTrue();
  }

  /** Missing buckets, denied access and unknown hosts have nothing to do with checksums. */
  @Test
  void otherErrorsDoNotFallBack() {
    assertThat(StoreErrors.mayRefuseChecksum(error(404, "NoSuchBucket"))).isFalse();
    assertThat(StoreErrors.mayRefuseChecksum(error(403, "AccessDenied"))).isFalse();
    assertThat(StoreErrors.mayRefuseChecksum(error(500, "InternalError"))).isFalse();
    assertThat(StoreErrors.mayRefuseChecksum(network(new UnknownHostException("b.host"))))
        .isFalse();
  }

  /** A refused checksum names the option only when the request carried the SDK's checksums. */
  @Test
  void refusedChecksumNamesTheOption() {
    var refused = error(400, "XAmzContentSHA256Mismatch");
    assertThat(StoreErrors.hint(refused, PartChecksum.CRC32C, CUSTOM))
        .contains("use --s3-checksum off, or AWS_REQUEST_CHECKSUM_CALCULATION=when_required");
    assertThat(StoreErrors.hint(refused, PartChecksum.MD5, CUSTOM)).isEmpty();
  }

  /** A bucket host name that does not resolve at a custom endpoint names path-style. */
  @Test
  void unknownBucketHostNamesPathStyle() {
    var unknown = network(new UnknownHostException("exports.s3.example.internal"));
    assertThat(StoreErrors.hint(unknown, null, CUSTOM)).contains("use --s3-path-style");
    assertThat(StoreErrors.hint(unknown, null, CUSTOM.withPathStyle(PathStyle.ON))).isEmpty();
  }

  /** A region mismatch names the region settings. */
  @Test
  void wrongRegionNamesTheRegionSettings() {
    assertThat(StoreErrors.hint(error(301, "PermanentRedirect"), null, S3Settings.DEFAULT))
        .isEqualTo(" (set the bucket's region: --s3-region or AWS_REGION)");
    assertThat(
            StoreErrors.hint(error(400, "AuthorizationHeaderMalformed"), null, S3Settings.DEFAULT))
        .contains("--s3-region or AWS_REGION");
  }

  /** A network error is described without the SDK's attempt count, which is always 1 here. */
  @Test
  void networkErrorIsDescribedWithoutTheSdkAttemptCount() {
    var e =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: Broken pipe (SDK Attempt Count: 1)")
            .build();
    assertThat(StoreErrors.describe(e)).isEqualTo("Unable to execute HTTP request: Broken pipe");
  }

  /** A server error names no fix: there is none the user can make. */
  @Test
  void serverErrorNamesNoFix() {
    assertThat(StoreErrors.hint(error(500, "InternalError"), PartChecksum.MD5, CUSTOM)).isEmpty();
  }
}
