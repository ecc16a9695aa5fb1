package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.pipe.Pipe;
import dev.sluice.pipe.PipeReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Whatever fails, the write throws a message that names it, and S3 holds nothing afterwards. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3SinkFailureTest {
  static final ContentType NDJSON = new ContentType(Format.NDJSON, Compression.NONE);
  static final long SMALL_PART = 64 * 1024;

  @RegisterExtension static final S3Server server = new S3Server();

  /** The cleanup checks can fail: an open upload shows in the listing until it is aborted. */
  @Test
  void listingShowsAnOpenUpload() {
    String bucket = server.bucket("listing");
    String id = server.client().createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();

    assertThat(server.uploads(bucket)).extracting(u -> u.uploadId()).containsExactly(id);
    server.client().abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
    assertThat(server.uploads(bucket)).isEmpty();
  }

  /** A query that fails halfway aborts the upload; the caller sees the producer's error. */
  @Test
  void producerFailureAbortsTheUpload() {
    String bucket = server.bucket("producer-fails");
    var sink = server.sink(bucket, "k").partSize(SMALL_PART).allowSmallParts().build();
    var failure = new SQLException("canceling statement due to user request");
    PipeReader data =
        Pipe.produce(
            out -> {
              Bytes.copyAwkwardly(Bytes.expected(1, 5 * SMALL_PART + 3), out);
              throw failure;
            });

    assertThatThrownBy(() -> sink.write(data, NDJSON))
        .isInstanceOf(IOException.class)
        .hasRootCause(failure);
    assertNothingLeft(bucket, "k");
  }

  /** A missing bucket fails the write while the producer is still producing, not at its end. */
  @Test
  void missingBucketStopsTheWriteAtOnce() {
    var sink = server.sink("no-such-bucket", "exports/k.ndjson").build();
    var produced = new AtomicLong();
    PipeReader data = endless(produced);

    assertThatThrownBy(() -> sink.write(data, NDJSON))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "s3://no-such-bucket/exports/k.ndjson: CreateMultipartUpload failed (0 B sent): ")
        .hasMessageContaining("NoSuchBucket (HTTP 404)");
    // The producer never ends on its own: the write stopped long before a part (8 MiB) filled.
    assertThat(produced.get()).isLessThan(8L << 20);
    data.close();
  }

  /** Wrong credentials fail with S3's 403, and the secret appears nowhere in the message. */
  @Test
  void wrongCredentialsFailWithForbidden() {
    String bucket = server.bucket("wrong-credentials");
    var wrong =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(Store.ACCESS_KEY, "not-the-secret-key"));
    var sink = server.sink(bucket, "k", s -> s.withCredentials(wrong)).build();

    var thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> sink.write(Bytes.piped(2, 1000), NDJSON));

    assertThat(thrown)
        .hasMessageStartingWith("s3://wrong-credentials/k: ")
        .hasMessageContaining("(HTTP 403)")
        .hasMessageContaining(
            "(check the credentials: AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining("not-the-secret-key")
        .hasMessageNotContaining(Store.SECRET_KEY);
    assertNothingLeft(bucket, "k");
  }

  /** An endpoint where nothing listens fails with a message that names the endpoint option. */
  @Test
  void nothingListeningNamesTheEndpointOption() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var closed = java.net.URI.create("http://127.0.0.1:" + port);
    var sink = server.sink("nobody", "k", s -> s.withEndpoint(closed).withRetries(0)).build();

    assertThatThrownBy(() -> sink.write(Bytes.piped(4, 1000), NDJSON))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("s3://nobody/k: ")
        .hasMessageEndingWith("(nothing answers there: check --s3-endpoint or AWS_ENDPOINT_URL)");
  }

  /** Interrupting the writing thread aborts the upload and keeps the interrupt flag. */
  @Test
  void interruptAbortsTheUpload() throws Exception {
    String bucket = server.bucket("interrupted");
    var sink = server.sink(bucket, "k").partSize(SMALL_PART).allowSmallParts().build();
    var produced = new AtomicLong();
    PipeReader data = endless(produced);
    var outcome = new CompletableFuture<Throwable>();
    var writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    sink.write(data, NDJSON);
                    outcome.complete(null);
                  } catch (Throwable e) {
                    outcome.complete(
                        Thread.currentThread().isInterrupted()
                            ? e
                            : new AssertionError("interrupt flag lost", e));
                  }
                });
    while (produced.get() < 4 * SMALL_PART) {
      Thread.sleep(5);
    }

    writer.interrupt();

    assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
    data.close();
    assertNothingLeft(bucket, "k");
  }

  /** A producer that writes a kilobyte every few milliseconds until its pipe is closed. */
  static PipeReader endless(AtomicLong produced) {
    return Pipe.produce(
        out -> {
          var chunk = new byte[1024];
          while (true) {
            out.write(chunk);
            produced.addAndGet(chunk.length);
            if (produced.get() % (64 * 1024) == 0) {
              Thread.sleep(2);
            }
          }
        });
  }

  static void assertNothingLeft(String bucket, String key) {
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.exists(bucket, key)).isFalse();
  }
}
