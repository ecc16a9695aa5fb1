package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.testing.OrdersTable;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Manifests beside S3 objects and {@code sluice verify s3://...}, in process, against S3Proxy on
 * loopback reached through the SDK, with rows from the real PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3VerifyTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final Map<String, String> PG_ENV = Map.of("PGUSER", "postgres");
  private static final String BUCKET = "mf-verify";
  private static final int ROWS = 2_000;
  @RegisterExtension static final OrdersTable ORDERS = OrdersTable.of(PG, "mf_s3_orders", ROWS);

  @RegisterExtension static final LocalS3 s3 = new LocalS3(BUCKET);
  private static S3Client client;

  @BeforeAll
  static void client() {
    client = s3.client();
  }

  Cli.Outcome export(String key, String... options) {
    var args =
        new ArrayList<>(
            List.of(
                "export",
                "--from",
                PG.url(),
                "--query",
                "select * from " + ORDERS.name() + " order by id",
                "--to",
                "s3://" + BUCKET + "/" + key,
                "--s3-endpoint",
                s3.endpoint().toString(),
                "--quiet"));
    args.addAll(Arrays.asList(options));
    return Cli.run(PG_ENV, args.toArray(String[]::new));
  }

  Cli.Outcome verify(String key) {
    return Cli.run(
        "verify", "s3://" + BUCKET + "/" + key, "--s3-endpoint", s3.endpoint().toString());
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("dev.sluice.core.manifest.ManifestExportTest#everyFormatAndCompression")
  void manifestBesideTheObjectDescribesItAndVerifies(Format format, Compression compression)
      throws Exception {
    var key = "all/orders." + format.extension() + compression.suffix();
    var run = export(key, "--format", format.extension());
    assertThat(run.exit()).as(run.toString()).isZero();

    byte[] object = get(key);
    var manifest = new ObjectMapper().readTree(get(key + ".manifest.json"));
    byte[] plain = Rows.decompress(new ByteArrayInputStream(object), compression).readAllBytes();
    assertThat(manifest.get("rows").asLong()).isEqualTo(ROWS);
    assertThat(manifest.get("bytes").get("stored").asLong()).isEqualTo(object.length);
    assertThat(manifest.get("bytes").get("uncompressed").asLong()).isEqualTo(plain.length);
    assertThat(manifest.get("sha256").get("stored").asText()).isEqualTo(sha256(object));
    assertThat(manifest.get("sha256").get("uncompressed").asText()).isEqualTo(sha256(plain));
    assertThat(manifest.get("destination").asText()).isEqualTo("s3://" + BUCKET + "/" + key);
    var etag = client.headObject(b -> b.bucket(BUCKET).key(key)).eTag();
    assertThat(manifest.get("storage").get("etag").asText()).isEqualTo(etag);
    assertThat(manifest.get("storage").get("parts").asInt()).isEqualTo(1);
    assertThat(manifest.get("storage").get("partSizes").asText()).isEqualTo(object.length + "x1");

    var verify = verify(key);
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout())
        .isEqualTo(
            "OK s3://"
                + BUCKET
                + "/"
                + key
                + ": "
                + ROWS
                + " rows, "
                + object.length
                + " bytes, sha256 "
                + sha256(object)
                + "\n");
  }

  @Test
  void multipartObjectRecordsItsPartsAndVerifies() throws Exception {
    var key = "multipart/big.ndjson";
    // About 6.6 MB: one 5 MiB part and the rest.
    var run =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select n, repeat('x', 200) as pad from generate_series(1, 30000) n",
            "--to",
            "s3://" + BUCKET + "/" + key,
            "--s3-endpoint",
            s3.endpoint().toString(),
            "--part-size",
            "5m",
            "--quiet");
    assertThat(run.exit()).as(run.toString()).isZero();

    var storage = new ObjectMapper().readTree(get(key + ".manifest.json")).get("storage");
    byte[] object = get(key);
    int part = 5 << 20;
    // Kept as the store returned it: stores form a multipart ETag differently (S3Proxy's HEAD
    // even returns another form), and nothing reads its shape.
    assertThat(storage.get("etag").asText()).isNotBlank();
    assertThat(storage.get("parts").asInt()).isEqualTo(2);
    assertThat(storage.get("partSizes").asText())
        .isEqualTo(part + "x1," + (object.length - part) + "x1");
    assertThat(verify(key).exit()).isZero();
  }

  @Test
  void truncatedObjectFailsVerification() throws Exception {
    var key = "tampered/truncated.csv.zst";
    assertThat(export(key, "--format", "csv").exit()).isZero();
    byte[] object = get(key);
    put(key, Arrays.copyOf(object, object.length / 2));

    var run = verify(key);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout())
        .startsWith("MISMATCH s3://" + BUCKET + "/" + key + ": rows: manifest " + ROWS + ", data ")
        .contains(
            "; bytes (stored): manifest " + object.length + ", data " + object.length / 2 + ";")
        .contains("data: cannot decompress the zstd stream");
  }

  @Test
  void flippedByteFailsVerification() throws Exception {
    var key = "tampered/flipped.ndjson";
    assertThat(export(key).exit()).isZero();
    byte[] object = get(key);
    object[object.length / 3] ^= 0x02;
    put(key, object);

    var run = verify(key);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout())
        .matches(
            "MISMATCH s3://"
                + BUCKET
                + "/"
                + key
                + ": sha256: manifest [0-9a-f]{12}\\.\\.\\., data [0-9a-f]{12}\\.\\.\\.\n");
  }

  @Test
  void removedRowFailsVerification() throws Exception {
    var key = "tampered/removed.json.gz";
    assertThat(export(key, "--format", "json").exit()).isZero();
    var text =
        new String(
            Rows.decompress(new ByteArrayInputStream(get(key)), Compression.GZIP).readAllBytes(),
            StandardCharsets.UTF_8);
    // The second element's line, "{...},", so that the array stays valid.
    var lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.remove(2);
    var out = new ByteArrayOutputStream();
    try (var gz = Compression.GZIP.compress(out, 6)) {
      gz.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
    put(key, out.toByteArray());

    var run = verify(key);

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stdout())
        .startsWith(
            "MISMATCH s3://"
                + BUCKET
                + "/"
                + key
                + ": rows: manifest "
                + ROWS
                + ", data "
                + (ROWS - 1)
                + "; ");
  }

  @Test
  void objectWithoutManifestCannotBeVerified() {
    var key = "bare/orders.ndjson";
    assertThat(export(key, "--no-manifest").exit()).isZero();
    assertThat(exists(key + ".manifest.json")).isFalse();

    var run = verify(key);

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr())
        .isEqualTo(
            "sluice: s3://"
                + BUCKET
                + "/"
                + key
                + ": no manifest at s3://"
                + BUCKET
                + "/"
                + key
                + ".manifest.json (the export did not"
                + " finish, or ran with"
                + " --no-manifest)\n");
  }

  @Test
  void queryFailingHalfwayLeavesNeitherObjectNorManifest() {
    var key = "failed/orders.ndjson.gz";
    var run =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select n, 1/(n-150000) from generate_series(1,300000) n",
            "--to",
            "s3://" + BUCKET + "/" + key,
            "--s3-endpoint",
            s3.endpoint().toString(),
            "--part-size",
            "5m",
            "--quiet");

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.stderr()).contains("division by zero");
    assertThat(exists(key)).isFalse();
    assertThat(exists(key + ".manifest.json")).isFalse();
    assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
  }

  private static byte[] get(String key) {
    return client
        .getObject(b -> b.bucket(BUCKET).key(key), ResponseTransformer.toBytes())
        .asByteArray();
  }

  private static void put(String key, byte[] data) {
    client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
  }

  private static boolean exists(String key) {
    try {
      client.headObject(b -> b.bucket(BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
