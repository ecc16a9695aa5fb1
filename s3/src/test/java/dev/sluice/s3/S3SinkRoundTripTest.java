package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.Receipt;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Objects written by the sink read back byte for byte from a real S3-compatible server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3SinkRoundTripTest {
  static final ContentType NDJSON = new ContentType(Format.NDJSON, Compression.NONE);
  static final long MIB = 1L << 20;
  static final long PART = 5 * MIB;

  @RegisterExtension static final S3Server server = new S3Server();

  /** Sizes around the part boundaries: empty, one byte, one part, one part and a byte, many. */
  @ParameterizedTest(name = "{0} bytes -> {1} part(s)")
  @CsvSource({"0, 1", "1, 1", "5242879, 1", "5242880, 1", "5242881, 2", "15728657, 4"})
  void objectReadsBackWithTheSameSha256(long size, int parts) throws IOException {
    String bucket = server.bucket("round-trip-" + size);
    var sink = server.sink(bucket, "data.ndjson").partSize(PART).build();

    Receipt receipt = sink.write(Bytes.piped(size, size), NDJSON);

    assertThat(receipt.destination()).isEqualTo("s3://" + bucket + "/data.ndjson");
    assertThat(receipt.bytes()).isEqualTo(size);
    assertThat(receipt.details()).containsEntry("parts", Integer.toString(parts));
    assertThat(server.sha256(bucket, "data.ndjson")).isEqualTo(Bytes.sha256(size, size));
    assertThat(server.uploads(bucket)).isEmpty();
  }

  /** A stream shorter than one part is one PutObject. */
  @Test
  void shortStreamIsOnePutObject() throws IOException {
    String bucket = server.bucket("short-stream");
    var sink = server.sink(bucket, "k").build();

    Receipt receipt = sink.write(Bytes.piped(1, 1000), NDJSON);

    assertThat(receipt.details().get("etag")).isNotBlank();
    assertThat(receipt.details()).containsEntry("parts", "1").containsEntry("partSizes", "1000x1");
  }

  /** An object of several parts reports the ETag the store returned, and its part sizes. */
  @Test
  void multipartObjectReportsEtagAndParts() throws IOException {
    String bucket = server.bucket("multipart-etag");
    var sink = server.sink(bucket, "k").partSize(PART).build();

    var receipt = sink.write(Bytes.piped(2, 2 * PART + 5), NDJSON);

    // Stores form a multipart ETag differently; S3Proxy's HEAD even differs from its Complete.
    assertThat(receipt.etag()).isNotBlank();
    assertThat(receipt.details()).containsEntry("parts", "3");
    assertThat(receipt.details()).containsEntry("partSizes", PART + "x2,5x1");
  }

  /** With the default 8 MiB parts, 20 MiB is three parts: the real minimum size is honoured. */
  @Test
  void defaultPartSizeUploadsEightMebibyteParts() throws IOException {
    String bucket = server.bucket("default-parts");
    var sink = server.sink(bucket, "big.bin").build();
    long size = 20L << 20;

    Receipt receipt = sink.write(Bytes.piped(3, size), NDJSON);

    assertThat(receipt.details()).containsEntry("partSizes", "8388608x2,4194304x1");
    assertThat(server.sha256(bucket, "big.bin")).isEqualTo(Bytes.sha256(3, size));
  }

  /**
   * Parts double every stride. S3Proxy, like S3, refuses parts under 5 MiB, so the schedule runs
   * through three steps from 5 MiB with a limit that makes the stride one part.
   */
  @Test
  void partSizeGrowsOnTheSchedule() throws IOException {
    String bucket = server.bucket("growth");
    long limit = PartSchedule.capacity(PART, 2, PartSchedule.MAX_PARTS) + 1;
    var sink = server.sink(bucket, "growing").partSize(PART).maxObjectSize(limit).build();
    long size = 35 * MIB + 1;

    Receipt receipt = sink.write(Bytes.piped(4, size), NDJSON);

    assertThat(receipt.details())
        .containsEntry("partSizes", PART + "x1," + 2 * PART + "x1," + 4 * PART + "x1,1x1");
    assertThat(server.sha256(bucket, "growing")).isEqualTo(Bytes.sha256(4, size));
  }

  /** The object carries the format's media type and the compression's content encoding. */
  @Test
  void objectCarriesContentTypeAndEncoding() throws IOException {
    String bucket = server.bucket("headers");
    var gzipCsv = new ContentType(Format.CSV, Compression.GZIP);
    server.sink(bucket, "small.csv.gz").build().write(Bytes.piped(5, 10), gzipCsv);
    server
        .sink(bucket, "large.csv.gz")
        .partSize(PART)
        .build()
        .write(Bytes.piped(6, PART + 1), gzipCsv);

    for (String key : List.of("small.csv.gz", "large.csv.gz")) {
      var head = server.client().headObject(b -> b.bucket(bucket).key(key));
      assertThat(head.contentType()).isEqualTo("text/csv");
      assertThat(head.contentEncoding()).isEqualTo("gzip");
    }
  }

  /**
   * With checksums on, a store that refuses them (S3Proxy 2.7.0 answers 501) fails the write with a
   * message that names the option that gets past it, and leaves nothing behind.
   */
  @Test
  void checksumRefusedByTheStoreNamesTheFix() {
    String bucket = server.bucket("checksum-refused");
    var sink = server.sink(bucket, "k", s -> s.withChecksum(ChecksumMode.ON)).build();

    assertThatThrownBy(() -> sink.write(Bytes.piped(7, 100), NDJSON))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("s3://checksum-refused/k: PutObject failed")
        .hasMessageContaining("NotImplemented (HTTP 501)")
        .hasMessageEndingWith(
            "(the store refuses the SDK's checksums: use --s3-checksum off, or"
                + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required)");
    assertThat(server.uploads(bucket)).isEmpty();
    assertThat(server.exists(bucket, "k")).isFalse();
  }

  /**
   * With default settings, a multipart upload to a store that refuses the SDK's checksums (S3Proxy
   * 2.7.0 cuts the connection) falls back to Content-MD5 and says so in its receipt.
   */
  @Test
  void defaultChecksumsFallBackToContentMd5() throws IOException {
    String bucket = server.bucket("checksum-fallback");
    var sink = server.sink(bucket, "k").partSize(PART).build();

    var receipt = sink.write(Bytes.piped(9, 3 * PART + 1), NDJSON);

    assertThat(receipt.checksum()).isEqualTo("Content-MD5");
    assertThat(receipt.checksumRefusal()).isNotBlank();
    assertThat(receipt.note())
        .startsWith(
            "checksums: Content-MD5 on every part (the store" + " refused the SDK's checksums: ");
    assertThat(server.sha256(bucket, "k")).isEqualTo(Bytes.sha256(9, 3 * PART + 1));
    assertThat(server.uploads(bucket)).isEmpty();
  }

  /**
   * A sibling of a sink whose upload fell back starts with Content-MD5: the store is not asked
   * again.
   */
  @Test
  void siblingOfARefusingStoreStartsWithContentMd5() throws IOException {
    String bucket = server.bucket("sibling-fallback");
    var sink = server.sink(bucket, "k").build();
    assertThat(sink.write(Bytes.piped(11, 100), NDJSON).checksumRefusal()).isNotNull();

    var sibling = (S3Sink) sink.sibling(".side").orElseThrow();
    var receipt = sibling.write(Bytes.piped(12, 100), NDJSON);

    assertThat(sibling.destination()).isEqualTo("s3://sibling-fallback/k.side");
    assertThat(receipt.checksum()).isEqualTo("Content-MD5");
    assertThat(receipt.checksumRefusal()).isNull();
    assertThat(server.sha256(bucket, "k.side")).isEqualTo(Bytes.sha256(12, 100));
  }

  /** Checksums off still send a Content-MD5, which the store checks: no fallback, no note. */
  @Test
  void checksumsOffSendContentMd5() throws IOException {
    String bucket = server.bucket("checksum-off");
    var sink =
        server.sink(bucket, "k", s -> s.withChecksum(ChecksumMode.OFF)).partSize(PART).build();

    var receipt = sink.write(Bytes.piped(10, PART + 1), NDJSON);

    assertThat(receipt.checksum()).isEqualTo("Content-MD5");
    assertThat(receipt.note()).isNull();
    assertThat(receipt.details()).containsEntry("checksum", "Content-MD5");
  }

  /** The SDK takes the endpoint from the environment (here its system property twin). */
  @Test
  void endpointComesFromTheEnvironment() throws IOException {
    String bucket = server.bucket("env-endpoint");
    System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
    try {
      var location =
          S3Location.parse("s3://" + bucket + "/k")
              .with(S3Settings.DEFAULT.withCredentials(Store.CREDENTIALS).withRegion("us-east-1"));
      var receipt = location.sink().build().write(Bytes.piped(8, 100), NDJSON);
      // The endpoint is a custom one even though no setting names it: the fallback applies.
      assertThat(receipt.checksum()).isEqualTo("Content-MD5");
    } finally {
      System.clearProperty("aws.endpointUrlS3");
    }
    assertThat(server.sha256(bucket, "k")).isEqualTo(Bytes.sha256(8, 100));
  }
}
