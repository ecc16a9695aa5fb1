package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code sluice export --to s3://...} and {@code sluice demo}, in process, against S3Proxy on
 * loopback. The SDK finds the credentials through its chain (here the system properties).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3ExportTest {
  @RegisterExtension static final LocalS3 s3 = new LocalS3("cli-exports");
  private static S3Client client;

  @BeforeAll
  static void client() {
    client = s3.client();
  }

  /** The main job in one command: several parts up, the same row count back. */
  @Test
  void demoExportsToS3AndReadsTheRowsBack() {
    var run = Cli.run("demo", "--rows", "25000");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr())
        .contains("S3-compatible server (S3Proxy) on http://127.0.0.1:")
        .contains("multipart upload of 2 parts (5 MiB + ")
        .contains("Content-MD5 checksums")
        .contains("; checksums: Content-MD5 on every part (the store refused the SDK's checksums:")
        .contains("read s3://sluice-demo/exports/orders.ndjson back: 25,000 rows, as exported");
  }

  /** --keep leaves the object and its manifest as files that sluice verify checks. */
  @Test
  void demoKeepLeavesTheObjectAndItsManifestToLookAt(@TempDir Path tmp) throws Exception {
    var keep = tmp.resolve("kept");
    var run = Cli.run("demo", "--rows", "2000", "--keep", keep.toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    var object = keep.resolve("sluice-demo/exports/orders.ndjson");
    assertThat(Files.readAllLines(object)).hasSize(2000);
    assertThat(Files.exists(Path.of(object + ".manifest.json"))).isTrue();
    assertThat(run.stderr())
        .contains("The server's data stays in " + keep)
        .contains("  head -n 3 " + object)
        .contains("  ./sluice verify " + object);
    var verify = Cli.run("verify", object.toString());
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).startsWith("OK " + object + ": 2000 rows");
  }

  /** --keep refuses a directory that holds anything, so it never mixes two runs' data. */
  @Test
  void demoKeepRefusesADirectoryInUse(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("something"), "x");
    var run = Cli.run("demo", "--rows", "10", "--keep", tmp.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("--keep " + tmp + ": not empty");
  }

  /** An export to s3:// stores the compressed rows and, beside them, the manifest. */
  @Test
  void exportStoresTheObjectAndItsManifest() throws Exception {
    var run =
        Cli.run(
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "3000",
            "--to",
            "s3://cli-exports/orders.csv.gz",
            "--format",
            "csv",
            "--s3-endpoint",
            s3.endpoint().toString());

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains("3,000 rows").contains("s3://cli-exports/orders.csv.gz");
    byte[] object =
        client
            .getObject(
                b -> b.bucket("cli-exports").key("orders.csv.gz"), ResponseTransformer.toBytes())
            .asByteArray();
    var rows = Rows.read(object, Format.CSV, Compression.GZIP);
    assertThat(rows).hasSize(3000);
    assertThat(rows.getLast().get("id")).isEqualTo("3000");
    var manifest =
        client
            .getObject(
                b -> b.bucket("cli-exports").key("orders.csv.gz.manifest.json"),
                ResponseTransformer.toBytes())
            .asUtf8String();
    assertThat(manifest).contains("\"rows\" : 3000");
  }

  /**
   * A bucket that does not exist fails the export with S3's own words and the fix, and exit code 1.
   */
  @Test
  void missingBucketFailsWithItsName() {
    var run =
        Cli.run(
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "100",
            "--to",
            "s3://no-such-bucket/k.ndjson",
            "--s3-endpoint",
            s3.endpoint().toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.stderr())
        .contains("s3://no-such-bucket/k.ndjson: ")
        .contains("NoSuchBucket (HTTP 404)")
        .contains("(create the bucket, or point --s3-endpoint")
        .doesNotContain("\tat ");
  }

  /** S3 options are checked before anything runs: bad values are usage errors, exit code 2. */
  @Test
  void badS3OptionsAreUsageErrors() {
    String endpoint = s3.endpoint().toString();
    var small = Cli.run("export", "--table", "orders", "--to", "s3://b/k", "--part-size", "1m");
    var checksum =
        Cli.run("export", "--table", "orders", "--to", "s3://b/k", "--s3-checksum", "maybe");
    var notS3 = Cli.run("export", "--table", "orders", "--to", "out.csv", "--max-memory", "32m");
    var size = Cli.run("export", "--table", "orders", "--to", "s3://b/k", "--size-hint", "lots");
    var noKey =
        Cli.run("export", "--table", "orders", "--to", "s3://bucket", "--s3-endpoint", endpoint);
    var pathStyle =
        Cli.run("export", "--table", "orders", "--to", "s3://b/k", "--s3-path-style=maybe");

    assertThat(small.exit()).as(small.toString()).isEqualTo(2);
    assertThat(small.stderr()).contains("partSize < 5 MiB (S3's minimum): 1048576");
    assertThat(checksum.stderr()).contains("--s3-checksum must be auto, on or off: maybe");
    assertThat(notS3.stderr()).contains("apply to s3:// destinations only");
    assertThat(size.stderr()).contains("--size-hint must be a size such as 8m, 512k or 2g: lots");
    assertThat(noKey.stderr()).contains("s3 URI needs a bucket and a key: s3://bucket");
    assertThat(pathStyle.stderr()).contains("--s3-path-style").contains("true or false: maybe");
    for (var run : new Cli.Outcome[] {checksum, notS3, size, noKey, pathStyle}) {
      assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    }
  }
}
