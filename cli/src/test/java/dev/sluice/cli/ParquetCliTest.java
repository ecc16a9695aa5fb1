package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.DuckDb;
import dev.sluice.core.testing.TestDatabases;
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

/** {@code sluice export} to Parquet, in process: file, S3, usage errors, failures. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ParquetCliTest {
  @RegisterExtension static final LocalS3 s3 = new LocalS3("cli-parquet");
  private static S3Client client;

  @TempDir Path dir;

  @BeforeAll
  static void client() {
    client = s3.client();
  }

  /** The .parquet extension picks the format; the manifest lists the row groups; verify agrees. */
  @Test
  void aParquetFileIsPickedByItsExtensionAndVerifies() throws Exception {
    var target = dir.resolve("orders.parquet");
    var run =
        Cli.run(
            "export",
            "--table",
            "orders",
            "--demo-rows",
            "30000",
            "--to",
            target.toString(),
            "--row-group-size",
            "10000rows");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains("30,000 rows, ").contains(" parquet, ");
    var manifest = Files.readString(dir.resolve("orders.parquet.manifest.json"));
    assertThat(manifest).contains("\"format\" : \"parquet\"").contains("\"count\" : 3");
    var count =
        DuckDb.rows("SELECT count(*) AS n FROM read_parquet(" + DuckDb.literal(target) + ")");
    assertThat(count.get(0).get("n").asLong()).isEqualTo(30000);
    var verify = Cli.run("verify", target.toString());
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).startsWith("OK " + target + ": 30000 rows");
  }

  /** Row groups stream into the multipart upload: several parts, one readable object. */
  @Test
  void parquetStreamsToS3InParts() throws Exception {
    var table = TestDatabases.uniqueName("cli_parquet_s3");
    TestDatabases.POSTGRESQL.createOrders(table, 300_000);
    try {
      var run =
          Cli.run(
              "export",
              "--from",
              TestDatabases.POSTGRESQL.url() + "?user=postgres",
              "--table",
              table,
              "--to",
              "s3://cli-parquet/orders.parquet",
              "--compress",
              "none",
              "--row-group-size",
              "2m",
              "--part-size",
              "5m",
              "--summary-json",
              dir.resolve("summary.json").toString(),
              "--s3-endpoint",
              s3.endpoint().toString());

      assertThat(run.exit()).as(run.toString()).isZero();
      var summary = Files.readString(dir.resolve("summary.json"));
      assertThat(summary).containsPattern("\"parts\" *: *\"?([2-9]|\\d\\d)");
      byte[] object =
          client
              .getObject(
                  b -> b.bucket("cli-parquet").key("orders.parquet"), ResponseTransformer.toBytes())
              .asByteArray();
      var file = dir.resolve("from-s3.parquet");
      Files.write(file, object);
      var count =
          DuckDb.rows("SELECT count(*) AS n FROM read_parquet(" + DuckDb.literal(file) + ")");
      assertThat(count.get(0).get("n").asLong()).isEqualTo(300_000);
      var verify =
          Cli.run(
              "verify",
              "s3://cli-parquet/orders.parquet",
              "--s3-endpoint",
              s3.endpoint().toString());
      assertThat(verify.exit()).as(verify.toString()).isZero();
    } finally {
      TestDatabases.POSTGRESQL.drop(table);
    }
  }

  /** A query failing after some row groups were uploaded leaves no object. */
  @Test
  void aQueryFailingHalfwayLeavesNoS3Object() {
    var run =
        Cli.run(
            "export",
            "--from",
            TestDatabases.POSTGRESQL.url() + "?user=postgres",
            "--query",
            "SELECT g AS id, md5(g::text) AS a, md5((g+1)::text) AS b, 1 / (g - 400000) AS x"
                + " FROM generate_series(1, 500000) g",
            "--fetch-size",
            "1000",
            "--row-group-size",
            "1m",
            "--compress",
            "none",
            "--to",
            "s3://cli-parquet/failed.parquet",
            "--s3-endpoint",
            s3.endpoint().toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.stderr()).contains("division by zero");
    var listing = client.listObjectsV2(b -> b.bucket("cli-parquet").prefix("failed"));
    assertThat(listing.contents()).isEmpty();
    var uploads = client.listMultipartUploads(b -> b.bucket("cli-parquet"));
    assertThat(uploads.uploads()).isEmpty();
  }

  /** A compressor around Parquet, or a Parquet option on another format, is a usage error. */
  @Test
  void misplacedCompressionIsAUsageError() {
    var gz = Cli.run("export", "--table", "orders", "--to", dir.resolve("o.parquet.gz").toString());
    var snappyCsv =
        Cli.run("export", "--table", "orders", "--format", "csv", "--compress", "snappy");
    var groups = Cli.run("export", "--table", "orders", "--row-group-size", "64m");
    var level =
        Cli.run(
            "export",
            "--table",
            "orders",
            "--format",
            "parquet",
            "--compress",
            "snappy",
            "--compress-level",
            "3",
            "--to",
            dir.resolve("x.parquet").toString());

    assertThat(gz.exit()).as(gz.toString()).isEqualTo(2);
    assertThat(gz.stderr()).contains("Parquet compresses its own pages").doesNotContain("\tat ");
    assertThat(snappyCsv.exit()).isEqualTo(2);
    assertThat(snappyCsv.stderr()).contains("'snappy' is not one of none, gzip or zstd");
    assertThat(groups.exit()).isEqualTo(2);
    assertThat(groups.stderr()).contains("--row-group-size applies to --format parquet only");
    assertThat(level.exit()).isEqualTo(2);
    assertThat(level.stderr()).contains("parquet snappy has no compression level");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
