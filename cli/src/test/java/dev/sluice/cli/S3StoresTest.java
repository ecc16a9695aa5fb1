package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.testing.OrdersTable;
import dev.sluice.core.testing.TestDatabases;
import dev.sluice.s3.ChildStore;
import dev.sluice.s3.S3Server;
import dev.sluice.s3.Store;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sluice export} and {@code sluice verify} with nothing but the endpoint given, against
 * every S3-compatible server at hand: S3Proxy 2.6.0 (refuses the SDK's CRC32 trailer with a 400),
 * S3Proxy 2.7.0 (cuts the connection on it) and S3Mock (takes it).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class S3StoresTest {
  private static final TestDatabases PG = TestDatabases.POSTGRESQL;
  private static final Map<String, String> PG_ENV = Map.of("PGUSER", "postgres");
  private static final int ROWS = 30_000;
  @RegisterExtension static final OrdersTable ORDERS = OrdersTable.of(PG, "s3_stores_cli", ROWS);

  @RegisterExtension static final S3Server s3proxy27 = new S3Server();
  static ChildStore s3proxy26;
  static ChildStore s3mock;

  @BeforeAll
  static void start() throws Exception {
    var mock =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return ChildStore.s3mock();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    s3proxy26 = ChildStore.s3proxy26();
    s3mock = mock.get(90, TimeUnit.SECONDS);
    // Where users keep them: the SDK's chains read these as AWS_ACCESS_KEY_ID and AWS_REGION.
    System.setProperty("aws.accessKeyId", Store.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", Store.SECRET_KEY);
    System.setProperty("aws.region", "us-east-1");
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.region");
    for (var store : new ChildStore[] {s3proxy26, s3mock}) {
      if (store != null) {
        store.close();
      }
    }
  }

  static Stream<Store> stores() {
    return Stream.of(s3proxy26, s3proxy27, s3mock);
  }

  /** A multipart export with default settings succeeds, and its manifest verifies. */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("stores")
  void exportWithDefaultSettingsVerifies(Store store) {
    var bucket = store.bucket("cli-" + slug(store));
    var to = "s3://" + bucket + "/orders.ndjson";
    // About 8 MB of rows: two 5 MiB parts.
    var run =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select o.*, repeat('x', 200) as pad from " + ORDERS.name() + " o order by id",
            "--to",
            to,
            "--s3-endpoint",
            store.endpoint().toString(),
            "--part-size",
            "5m");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr()).contains(ROWS / 1000 + ",000 rows").contains("-> " + to);
    if (store.name().startsWith("S3Proxy")) {
      assertThat(run.stderr()).contains("; checksums: Content-MD5 on every part");
    } else {
      assertThat(run.stderr()).doesNotContain("checksums: Content-MD5");
    }
    assertThat(store.uploads(bucket)).isEmpty();

    var verify = Cli.run("verify", to, "--s3-endpoint", store.endpoint().toString());
    assertThat(verify.exit()).as(verify.toString()).isZero();
    assertThat(verify.stdout()).startsWith("OK " + to + ": " + ROWS + " rows, ");
  }

  /** A query that fails halfway exits 1 and leaves no object, no manifest and no upload. */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("stores")
  void failingExportLeavesNothing(Store store) {
    var bucket = store.bucket("cli-fails-" + slug(store));
    var run =
        Cli.run(
            PG_ENV,
            "export",
            "--from",
            PG.url(),
            "--query",
            "select n, repeat('y', 200) as pad, 1 / (50000 - n) as boom"
                + " from generate_series(1, 100000) n",
            "--to",
            "s3://" + bucket + "/k.ndjson",
            "--s3-endpoint",
            store.endpoint().toString(),
            "--part-size",
            "5m");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.stderr()).contains("division by zero");
    assertThat(store.exists(bucket, "k.ndjson")).isFalse();
    assertThat(store.exists(bucket, "k.ndjson.manifest.json")).isFalse();
    assertThat(store.uploads(bucket)).isEmpty();
  }

  private static String slug(Store store) {
    return store.name().toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }
}
