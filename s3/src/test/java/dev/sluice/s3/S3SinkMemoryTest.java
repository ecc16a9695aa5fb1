package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory bound of the class doc, checked by counting the bytes of part buffers the pool holds
 * at once ({@code bufferPeak}) while slow uploads make parts pile up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3SinkMemoryTest {
  static final ContentType NDJSON = new ContentType(Format.NDJSON, Compression.NONE);
  static final long PART = S3Sink.MIN_PART_SIZE;

  @RegisterExtension static final S3Server server = new S3Server();

  /** Three parts' worth of budget holds three buffers, however many parts wait to upload. */
  @Test
  void partBuffersStayWithinTheBudget() throws IOException {
    String bucket = server.bucket("budget");
    long size = 8 * PART + 1;
    try (var slow = new FaultProxy(server.port())) {
      slow.fail(FaultProxy.UPLOAD_PART, 1, Integer.MAX_VALUE, FaultProxy.Fault.DELAY)
          .delay(Duration.ofMillis(300));
      var sink =
          server
              .sink(bucket, "k", s -> s.withEndpoint(slow.endpoint()))
              .partSize(PART)
              .maxMemory(3 * PART)
              .parallelism(4)
              .build();

      var receipt = sink.write(Bytes.piped(21, size), NDJSON);

      long peak = Long.parseLong(receipt.details().get("bufferPeak"));
      assertThat(peak).isEqualTo(3 * PART);
      assertThat(server.sha256(bucket, "k")).isEqualTo(Bytes.sha256(21, size));
    }
  }

  /** With room to spare, the parallelism (4) bounds the buffers: a fifth part waits. */
  @Test
  void parallelismBoundsTheBuffersUnderALargeBudget() throws IOException {
    String bucket = server.bucket("parallelism");
    long size = 10 * PART;
    try (var slow = new FaultProxy(server.port())) {
      slow.fail(FaultProxy.UPLOAD_PART, 1, Integer.MAX_VALUE, FaultProxy.Fault.DELAY)
          .delay(Duration.ofMillis(300));
      var sink =
          server.sink(bucket, "k", s -> s.withEndpoint(slow.endpoint())).partSize(PART).build();

      var receipt = sink.write(Bytes.piped(22, size), NDJSON);

      assertThat(Long.parseLong(receipt.details().get("bufferPeak"))).isEqualTo(4 * PART);
    }
  }

  /** A part larger than the whole budget goes through a temp file, deleted once uploaded. */
  @Test
  void partLargerThanTheBudgetIsStagedOnDisk(@TempDir Path tmp) throws IOException {
    String bucket = server.bucket("on-disk");
    long size = 2 * PART + 123;
    var sink = server.sink(bucket, "k").partSize(PART).maxMemory(PART - 1).tempDir(tmp).build();

    var receipt = sink.write(Bytes.piped(23, size), NDJSON);

    assertThat(receipt.details()).containsEntry("bufferPeak", "0").containsEntry("parts", "3");
    assertThat(server.sha256(bucket, "k")).isEqualTo(Bytes.sha256(23, size));
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }
}
