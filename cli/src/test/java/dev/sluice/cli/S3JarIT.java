package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The real jar exporting from PostgreSQL to S3Proxy (started in this JVM) as a child process:
 * Ctrl-C mid-upload aborts it, and 5 million rows go through a 64 MiB heap and a 32 MiB part
 * budget.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class S3JarIT {
  private static final String PG = TestDatabases.POSTGRESQL.url();
  private static final String BUCKET = "jar-exports";
  private static EmbeddedS3 s3;
  private static S3Client client;
  private static Map<String, String> env;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    s3 = EmbeddedS3.start();
    client = s3.client();
    client.createBucket(b -> b.bucket(BUCKET));
    var credentials = s3.credentials().resolveCredentials();
    env =
        Map.of(
            "PGUSER",
            "postgres",
            "AWS_ACCESS_KEY_ID",
            credentials.accessKeyId(),
            "AWS_SECRET_ACCESS_KEY",
            credentials.secretAccessKey(),
            "AWS_REGION",
            "us-east-1",
            "AWS_ENDPOINT_URL",
            s3.endpoint().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    s3.close();
  }

  /**
   * SIGINT mid-upload: exit 130, the upload aborted, no object, no parts. (S3Proxy's ListParts
   * answers 500 while a part is being written, so the test waits for the upload to show, then for a
   * few parts' worth of time, rather than for listed parts.)
   */
  @Test
  void sigintAbortsTheUpload() throws Exception {
    var run =
        Subprocess.jar(
            dir,
            List.of(),
            env,
            "export",
            "--from",
            PG,
            "--query",
            "select n, repeat('x', 200) as pad from generate_series(1, 200000000) n",
            "--to",
            "s3://" + BUCKET + "/interrupted.ndjson");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty()) {
      assertThat(run.process.isAlive()).as(run.stderr()).isTrue();
      assertThat(System.nanoTime()).as("no upload began").isLessThan(deadline);
      Thread.sleep(50);
    }
    Thread.sleep(4_000);
    assertThat(run.process.isAlive()).as(run.stderr()).isTrue();

    run.interrupt();

    assertThat(run.waitFor(1, TimeUnit.MINUTES)).as(run.stderr()).isEqualTo(130);
    assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    assertThat(exists("interrupted.ndjson")).isFalse();
  }

  /**
   * 5 million rows (about 1.3 GB of NDJSON, zstd-compressed on the way) to S3 with a 64 MiB heap
   * and a 32 MiB part budget; the peak RSS is reported, not asserted.
   */
  @Test
  void fiveMillionRowsToS3WithA64MiBHeap() throws Exception {
    var summary = dir.resolve("summary.json");
    var run =
        Subprocess.jar(
            dir,
            List.of("-Xmx64m"),
            env,
            "export",
            "--from",
            PG,
            "--query",
            "select n as id, timestamptz '2024-01-01 00:00:00+00' + n * interval '1 second' as ts,"
                + " 'customer ' || (n % 9973) as customer, (n % 1000000) / 100.0 as amount,"
                + " repeat('x', 150) as pad, n % 2 = 0 as paid from generate_series(1, 5000000) n",
            "--to",
            "s3://" + BUCKET + "/five-million.ndjson.zst",
            "--max-memory",
            "32m",
            "--quiet",
            "--summary-json",
            summary.toString());
    int exit = run.waitFor(4, TimeUnit.MINUTES);
    assertThat(exit).as(run.stderr()).isZero();
    var json = new ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("rows").asLong()).isEqualTo(5_000_000);
    var receipt = json.get("receipt");
    assertThat(receipt.get("bufferPeak").asLong()).isLessThanOrEqualTo(32L << 20);
    var head = client.headObject(b -> b.bucket(BUCKET).key("five-million.ndjson.zst"));
    assertThat(head.contentLength()).isEqualTo(json.get("storedBytes").asLong());
    String line =
        String.format(
            "rows=5000000 rawBytes=%d storedBytes=%d parts=%s heap=-Xmx64m"
                + " maxMemory=32m bufferPeak=%d peakRssMiB=%.0f seconds=%.1f rowsPerSecond=%.0f%n",
            json.get("rawBytes").asLong(),
            json.get("storedBytes").asLong(),
            receipt.get("parts").asText(),
            receipt.get("bufferPeak").asLong(),
            run.peakRssMib(),
            json.get("elapsedSeconds").asDouble(),
            json.get("rowsPerSecond").asDouble());
    System.out.print("sluice export to S3: " + line);
    Files.writeString(Subprocess.ROOT.resolve("cli/target/s3-memory-check.txt"), line);
  }

  private static boolean exists(String key) {
    try {
      client.headObject(b -> b.bucket(BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }
}
