package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests that fail on the way to a real S3 server, injected by {@link FaultProxy}: a retry cures
 * a part that failed once; a part, a complete or an abort that keeps failing fails the write with a
 * message naming the step, and afterwards S3 holds nothing (or, when even the abort failed, the
 * message names the upload to remove).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3SinkFaultTest {
  static final ContentType NDJSON = new ContentType(Format.NDJSON, Compression.NONE);
  static final long PART = S3Sink.MIN_PART_SIZE;
  static final long SIZE = 3 * PART + 1;

  @RegisterExtension static final S3Server server = new S3Server();

  FaultProxy proxy;

  @BeforeEach
  void startProxy() throws IOException {
    proxy = new FaultProxy(server.port());
  }

  @AfterEach
  void stopProxy() throws IOException {
    proxy.close();
  }

  S3Sink.Builder sink(String bucket) {
    return sink(bucket, s -> s);
  }

  /**
   * A sink through the proxy. Its parts carry a Content-MD5 rather than the SDK's checksums, so
   * that the first part is not refused by S3Proxy and sent again, which would blur the counts.
   */
  S3Sink.Builder sink(String bucket, UnaryOperator<S3Settings> change) {
    return server
        .sink(
            bucket,
            "k",
            s ->
                change.apply(
                    s.withEndpoint(proxy.endpoint())
                        .withChecksum(ChecksumMode.OFF)
                        .withBackoff(Duration.ofMillis(20))))
        .partSize(PART);
  }

  /** Each fault on the second UploadPart is cured by one retry of that part alone. */
  @ParameterizedTest
  @EnumSource(FaultProxy.Fault.class)
  void failedPartSucceedsOnRetry(FaultProxy.Fault fault) throws IOException {
    String bucket = server.bucket("retry-" + fault.name().toLowerCase().replace('_', '-'));
    proxy.fail(FaultProxy.UPLOAD_PART, 2, 2, fault).delay(Duration.ofSeconds(5));
    var sink = sink(bucket, s -> s.withAttemptTimeout(Duration.ofSeconds(2))).build();

    var receipt = sink.write(Bytes.piped(11, SIZE), NDJSON);

    assertThat(receipt.details()).containsEntry("parts", "4");
    assertThat(proxy.matched()).as("four parts and one retry").isEqualTo(5);
    assertThat(server.sha256(bucket, "k")).isEqualTo(Bytes.sha256(11, SIZE));
    assertThat(server.uploads(bucket)).isEmpty();
  }

  /** A part that fails every attempt fails the write, names the part, and aborts the upload. */
  @Test
  void exhaustedRetriesAbortTheUpload() {
    String bucket = server.bucket("retries-exhausted");
    proxy.fail(FaultProxy.UPLOAD_PART, 2, Integer.MAX_VALUE, FaultProxy.Fault.ERROR_500);
    var sink = sink(bucket, s -> s.withRetries(2)).build();

    assertThatThrownBy(() -> sink.write(Bytes.piped(12, SIZE), NDJSON))
        .isInstanceOf(IOException.class)
        .hasMessageMatching(
            "s3://retries-exhausted/k: UploadPart \\d failed after 3 attempts"
                + " \\(uploadId=[^,]+, \\d+(\\.\\d)? [KM]?i?B sent\\): InternalError \\(HTTP 500\\):"
                + " injected by FaultProxy");
    assertNothingLeft(bucket);
  }

  /** A CompleteMultipartUpload that keeps failing aborts the upload: no object appears. */
  @Test
  void failedCompleteAbortsTheUpload() {
    String bucket = server.bucket("complete-fails");
    proxy.fail(FaultProxy.COMPLETE, 1, Integer.MAX_VALUE, FaultProxy.Fault.ERROR_500);
    var sink = sink(bucket).build();

    assertThatThrownBy(() -> sink.write(Bytes.piped(13, SIZE), NDJSON))
        .hasMessageStartingWith(
            "s3://complete-fails/k: CompleteMultipartUpload failed after 3"
                + " attempts (uploadId=");
    assertNothingLeft(bucket);
  }

  /** When the abort fails too, the message carries the bucket, key and uploadId to clean up. */
  @Test
  void failedAbortNamesTheUploadLeftBehind() {
    String bucket = server.bucket("abort-fails");
    proxy.fail(
        FaultProxy.UPLOAD_PART.or(FaultProxy.ABORT),
        2,
        Integer.MAX_VALUE,
        FaultProxy.Fault.ERROR_500);
    var sink = sink(bucket).build();

    var thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> sink.write(Bytes.piped(14, SIZE), NDJSON));

    var left = server.uploads(bucket);
    assertThat(left).hasSize(1);
    String id = left.getFirst().uploadId();
    assertThat(thrown)
        .hasMessageContaining(
            "; AbortMultipartUpload failed too, so parts may stay"
                + " stored (bucket=abort-fails, key=k, uploadId="
                + id
                + "; a lifecycle rule that aborts"
                + " incomplete multipart uploads removes them): InternalError (HTTP 500)");
    server.client().abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
  }

  /**
   * A part failing in the background stops a write whose producer is slow, at once: the write does
   * not wait for the next byte, which would never come before the timeout.
   */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void backgroundFailureStopsTheReadOfASlowProducer() throws IOException {
    String bucket = server.bucket("slow-producer");
    proxy.fail(FaultProxy.UPLOAD_PART, 1, Integer.MAX_VALUE, FaultProxy.Fault.ERROR_500);
    var sink = sink(bucket).build();
    var data =
        Pipe.produce(
            out -> {
              Bytes.copyAwkwardly(Bytes.expected(15, PART + 10), out);
              // Then nothing for longer than the test may take.
              Thread.sleep(Duration.ofMinutes(5));
            });

    assertThatThrownBy(() -> sink.write(data, NDJSON))
        .hasMessageStartingWith("s3://slow-producer/k: UploadPart 1 failed after 3 attempts");
    data.close();
    assertNothingLeft(bucket);
  }

  /**
   * With default settings, a request whose SDK checksum the store refuses is not retried as is: it
   * is sent once more, at once, with a Content-MD5 (S3Proxy 2.7.0 cuts the connection on the
   * trailer, which a retry would meet two more times).
   */
  @Test
  void refusedChecksumFallsBackAfterOneAttempt() throws IOException {
    String bucket = server.bucket("fallback-once");
    proxy.fail(
        line -> line.startsWith("PUT ") && !line.contains("partNumber="),
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        FaultProxy.Fault.ERROR_500);
    var sink = server.sink(bucket, "k", s -> s.withEndpoint(proxy.endpoint())).build();

    var receipt = sink.write(Bytes.piped(16, 1000), NDJSON);

    assertThat(proxy.matched())
        .as("PutObject with the trailer, then with Content-MD5")
        .isEqualTo(2);
    assertThat(receipt.checksum()).isEqualTo("Content-MD5");
    assertThat(server.sha256(bucket, "k")).isEqualTo(Bytes.sha256(16, 1000));
  }

  /** Reading an object back retries a failed GetObject like any other request. */
  @Test
  void readBackRetriesAFailedGet() throws IOException {
    String bucket = server.bucket("read-back");
    server.sink(bucket, "k").build().write(Bytes.piped(17, 1000), NDJSON);
    proxy.fail(line -> line.startsWith("GET "), 1, 1, FaultProxy.Fault.ERROR_500);
    var location =
        new S3Location(
            bucket,
            "k",
            server.settings().withEndpoint(proxy.endpoint()).withBackoff(Duration.ofMillis(20)));

    try (var in = location.open()) {
      assertThat(Store.sha256(in)).isEqualTo(Bytes.sha256(17, 1000));
    }
    assertThat(proxy.matched()).as("one failed GetObject and its retry").isEqualTo(2);
  }

  static void assertNothingLeft(String bucket) {
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.exists(bucket, "k")).isFalse();
  }
}
