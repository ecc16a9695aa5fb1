package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.sink.Sink;
import dev.sluice.core.sink.SinkContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SinkContract} for {@link S3Sink}, uploading to S3Proxy on loopback in 5 MiB parts, so
 * the large stream is a multipart upload of three parts and the producer fails after one part was
 * uploaded.
 *
 * <p>On failure, the promise checked: the multipart upload is aborted, so no object appears and
 * the bucket lists no open upload (and so no stored parts); a commit leaves the object and no open
 * upload. The failing destination is a bucket that does not exist, which fails the write at its
 * first request while the producer is still writing.
 */
class S3SinkContractTest extends SinkContract {
  private static final String KEY = "exports/orders.ndjson";
  private static final String MISSING_BUCKET = "contract-no-such-bucket";
  private static final AtomicInteger buckets = new AtomicInteger();

  @RegisterExtension static final S3Server server = new S3Server();

  /** A bucket of this test's own, so no test sees another's uploads. */
  private String bucket;

  /** The one place an S3 sink is built. */
  private static Sink s3Sink(String bucket, String key) {
    // Checksums off: S3Proxy answers the SDK's CRC32C header with 501 NotImplemented.
    return S3Sink.builder("s3://" + bucket + "/" + key)
        .checksum(false)
        .endpoint(server.endpoint())
        .credentials(S3Server.CREDENTIALS)
        .region("us-east-1")
        .partSize(5L << 20)
        .build();
  }

  @BeforeEach
  void createBucket() {
    bucket = server.bucket("contract-" + buckets.incrementAndGet());
  }

  @Override
  protected Sink sink() {
    return s3Sink(bucket, KEY);
  }

  @Override
  protected Sink failingSink() {
    return s3Sink(MISSING_BUCKET, KEY);
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
    assertThat(server.client().listBuckets().buckets())
        .extracting(b -> b.name())
        .doesNotContain(MISSING_BUCKET);
  }
}
