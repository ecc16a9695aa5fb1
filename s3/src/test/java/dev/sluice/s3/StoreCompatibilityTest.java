package dev.sluice.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.manifest.ManifestJson;
import dev.sluice.core.manifest.Verification;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.testing.Rows;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
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
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * Exports with default settings to every S3-compatible server at hand, each of which treats the
 * SDK's checksums differently: S3Proxy 2.6.0 refuses the CRC32 trailer with a 400, S3Proxy 2.7.0
 * cuts the connection, S3Mock takes it. Each export succeeds and reads back, a failing one leaves
 * nothing, and the object verifies against its manifest stored beside it, read without a sink.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StoreCompatibilityTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String TABLE = "s3_stores_" + ProcessHandle.current().pid();
  static final int ROWS = 40_000;

  @RegisterExtension static final S3Server s3proxy27 = new S3Server();
  static ChildStore s3proxy26;
  static ChildStore s3mock;

  /** The checksum each store ends up with under default settings. */
  static final Map<String, String> CHECKSUM =
      Map.of(
          "S3Proxy 2.6.0", "Content-MD5", "S3Proxy 2.7.0", "Content-MD5", "S3Mock 4.11.0", "sdk");

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
    PG.createOrders(TABLE, ROWS);
  }

  @AfterAll
  static void stop() throws Exception {
    PG.drop(TABLE);
    for (var store : new ChildStore[] {s3proxy26, s3mock}) {
      if (store != null) {
        store.close();
      }
    }
  }

  static Stream<Store> stores() {
    return Stream.of(s3proxy26, s3proxy27, s3mock);
  }

  /** An export in several parts reads back row for row, and the receipt names the checksum. */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("stores")
  void exportWithDefaultSettingsReadsBack(Store store) throws Exception {
    String bucket = store.bucket("export-" + slug(store));
    String key = TABLE + ".ndjson";
    var sink = store.sink(bucket, key).partSize(S3Sink.MIN_PART_SIZE).build();

    var result =
        Export.builder()
            .source(PG.source().table(TABLE).build())
            .format(Format.NDJSON)
            .sink(sink)
            .build()
            .run();

    var receipt = (S3Receipt) result.receipt();
    assertThat(receipt.parts()).isGreaterThan(1);
    assertThat(receipt.checksum()).isEqualTo(CHECKSUM.get(store.name()));
    byte[] object =
        store
            .client()
            .getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
            .asByteArray();
    assertThat((long) object.length).isEqualTo(result.storedBytes());
    var rows = Rows.read(object, Format.NDJSON, Compression.NONE);
    assertThat(rows).hasSize(ROWS);
    assertThat(rows.get(ROWS - 1).get("id")).isEqualTo(Long.toString(ROWS));
    assertThat(store.uploads(bucket)).isEmpty();
  }

  /** A stream shorter than a part is one PutObject, which falls back the same way. */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("stores")
  void shortExportWithDefaultSettingsReadsBack(Store store) throws IOException {
    String bucket = store.bucket("short-" + slug(store));
    var sink = store.sink(bucket, "k").build();

    var receipt =
        sink.write(Bytes.piped(21, 1000), new ContentType(Format.NDJSON, Compression.NONE));

    assertThat(receipt.parts()).isEqualTo(1);
    assertThat(receipt.checksum()).isEqualTo(CHECKSUM.get(store.name()));
    assertThat(store.sha256(bucket, "k")).isEqualTo(Bytes.sha256(21, 1000));
  }

  /** A query that fails after parts were uploaded leaves no object and no upload. */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("stores")
  void failingExportLeavesNothing(Store store) {
    String bucket = store.bucket("fails-" + slug(store));
    var sink = store.sink(bucket, "k.ndjson").partSize(S3Sink.MIN_PART_SIZE).build();
    var source =
        PG.source()
            .query(
                "SELECT n, repeat('x', 200) AS pad, 1 / (60000 - n) AS boom"
                    + " FROM generate_series(1, 100000) n")
            .build();
    var export = Export.builder().source(source).format(Format.NDJSON).sink(sink).build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("division by zero");
    assertThat(store.uploads(bucket)).isEmpty();
    assertThat(store.exists(bucket, "k.ndjson")).isFalse();
  }

  /**
   * What {@code sluice verify} does: the manifest stored beside the object through the sink's
   * sibling, both read back from the location alone, and the data checked against it.
   */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("stores")
  void exportVerifiesAgainstItsManifest(Store store) throws Exception {
    String bucket = store.bucket("verify-" + slug(store));
    var location = store.location(bucket, TABLE + ".csv.gz");
    var sink = location.sink().partSize(S3Sink.MIN_PART_SIZE).build();
    var result =
        Export.builder()
            .source(PG.source().table(TABLE).build())
            .format(Format.CSV)
            .compression(Compression.GZIP)
            .sink(sink)
            .manifest(true)
            .build()
            .run();
    var document = ManifestJson.write(result.manifest().orElseThrow());
    sink.sibling(".manifest.json")
        .orElseThrow()
        .write(new ByteArrayInputStream(document), new ContentType(Format.JSON, Compression.NONE));

    var manifest = ManifestJson.read(location.sibling(".manifest.json").open());
    Verification verification;
    try (var data = location.open()) {
      verification = Verification.of(manifest, data);
    }

    assertThat(verification.differences()).isEmpty();
    assertThat(verification.matches()).isTrue();
    assertThat(verification.rows()).isEqualTo(ROWS);
    assertThatThrownBy(() -> location.sibling(".missing").open())
        .isInstanceOf(NoSuchFileException.class);
  }

  static Stream<Store> refusingStores() {
    return Stream.of(s3proxy26, s3proxy27);
  }

  /**
   * Checksums forced on against a store that refuses them fail a multipart export with a message
   * naming the option that gets past it, and leave nothing.
   */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("refusingStores")
  void forcedChecksumsOnARefusingStoreNameTheFix(Store store) {
    String bucket = store.bucket("forced-" + slug(store));
    var sink =
        store
            .sink(bucket, "k", s -> s.withChecksum(ChecksumMode.ON).withRetries(0))
            .partSize(S3Sink.MIN_PART_SIZE)
            .build();

    assertThatThrownBy(
            () ->
                sink.write(
                    Bytes.piped(22, 2 * S3Sink.MIN_PART_SIZE + 1),
                    new ContentType(Format.NDJSON, Compression.NONE)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("s3://" + bucket + "/k: ")
        .hasMessageContaining("use --s3-checksum off");
    assertThat(store.uploads(bucket)).isEmpty();
    assertThat(store.exists(bucket, "k")).isFalse();
  }

  private static String slug(Store store) {
    return store.name().toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }
}
