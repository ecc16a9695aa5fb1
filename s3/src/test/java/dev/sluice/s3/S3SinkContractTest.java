package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.sink.Sink;
import dev.sluice.core.sink.SinkContract;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SinkContract} for {@link S3Sink}, uploading to S3Proxy on loopback in 5 MiB parts, so the
 * large stream is a multipart upload of three parts, and the producer fails after the first part
 * filled.
 *
 * <p>On failure, the promise checked: the multipart upload is aborted, so no object appears and the
 * bucket lists no open upload (and so no stored parts); a commit leaves the object and no open
 * upload. The failing destination is the same server going away in the middle of the upload: {@link
 * FaultProxy}, in front of it, drops the connection of every UploadPart request after the first, so
 * one part is stored and the next fails in the background, after its retries, while the producer is
 * still writing; the abort must remove the stored part.
 */
class S3SinkContractTest extends SinkContract {
  private static final String KEY = "exports/orders.ndjson";
  private static final AtomicInteger buckets = new AtomicInteger();

  @RegisterExtension static final S3Server server = new S3Server();

  /** A bucket of this test's own, so no test sees another's uploads. */
  private String bucket;

  /** The failing destination's way to the server, once {@link #failingSink} made it. */
  private FaultProxy proxy;

  /** The one place an S3 sink is built. */
  private static Sink s3Sink(URI endpoint, String bucket) {
    // Content-MD5 from the first part: the fault proxy's counts of UploadPart stay exact, with no
    // part sent again by the fallback from the SDK's checksums.
    var settings =
        S3Settings.DEFAULT
            .withEndpoint(endpoint)
            .withCredentials(S3Server.CREDENTIALS)
            .withRegion("us-east-1")
            .withChecksum(ChecksumMode.OFF)
            .withBackoff(Duration.ofMillis(20));
    return new S3Location(bucket, KEY, settings).sink().partSize(5L << 20).build();
  }

  @BeforeEach
  void createBucket() {
    bucket = server.bucket("contract-" + buckets.incrementAndGet());
  }

  @AfterEach
  void stopProxy() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Override
  protected Sink sink() {
    return s3Sink(server.endpoint(), bucket);
  }

  @Override
  protected Sink failingSink() throws IOException {
    proxy = new FaultProxy(server.port());
    proxy.fail(FaultProxy.UPLOAD_PART, 2, Integer.MAX_VALUE, FaultProxy.Fault.DROP);
    return s3Sink(proxy.endpoint(), bucket);
  }

  @Override
  protected Published published() throws Exception {
    assertThat(server.uploads(bucket)).isEmpty();
    long size = server.client().headObject(b -> b.bucket(bucket).key(KEY)).contentLength();
    return new Published(size, server.sha256(bucket, KEY));
  }

  @Override
  protected void assertLeftAfterProducerFailure(byte[] sent) {
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.exists(bucket, KEY)).isFalse();
  }

  @Override
  protected void assertLeftAfterSinkFailure() {
    assertThat(proxy.matched()).as("UploadPart requests").isGreaterThanOrEqualTo(2);
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.exists(bucket, KEY)).isFalse();
  }
}
