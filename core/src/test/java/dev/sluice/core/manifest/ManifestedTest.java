package dev.sluice.core.manifest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.Export;
import dev.sluice.core.ExportException;
import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.Receipt;
import dev.sluice.core.sink.Sink;
import dev.sluice.core.sink.StdoutSink;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The manifest as a wrapper of the sink: when it is stored, where, and what it covers. */
@Timeout(60)
class ManifestedTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String ROWS_SQL = "SELECT n FROM generate_series(1, 50000) n";

  @TempDir Path dir;

  /** A store that records each document and whether the data was committed when it came. */
  static final class Store implements Sink {
    final Path data;
    final List<String> documents = new ArrayList<>();
    final List<Boolean> dataThere = new ArrayList<>();
    final List<ContentType> types = new ArrayList<>();

    Store(Path data) {
      this.data = data;
    }

    @Override
    public String destination() {
      return "test://store";
    }

    @Override
    public Receipt write(InputStream in, ContentType contentType) throws IOException {
      documents.add(new String(in.readAllBytes(), UTF_8));
      dataThere.add(Files.exists(data));
      types.add(contentType);
      return Receipt.of(destination(), 0);
    }
  }

  @Test
  void manifestIsStoredOnceThroughTheStoreAfterTheDataIsCommitted() throws Exception {
    var target = dir.resolve("n.ndjson.gz");
    var store = new Store(target);

    var result =
        Export.builder()
            .source(PG.source().query(ROWS_SQL).build())
            .compression(Compression.GZIP)
            .sink(FileSink.of(target))
            .manifestTo(store)
            .build()
            .run();

    assertThat(store.documents).hasSize(1);
    assertThat(store.dataThere).containsExactly(true);
    assertThat(store.types).containsExactly(new ContentType(Format.JSON, Compression.NONE));
    var m = ManifestJson.read(new ByteArrayInputStream(store.documents.get(0).getBytes(UTF_8)));
    assertThat(result.manifest()).contains(m);
    assertThat(m.rows()).isEqualTo(50_000);
    assertThat(m.storedBytes()).isEqualTo(Files.size(target)).isEqualTo(result.storedBytes());
    assertThat(m.uncompressedBytes()).isEqualTo(result.rawBytes());
    assertThat(m.storage()).containsEntry("path", target.toString());
    try (var files = Files.list(dir)) {
      // The given store replaces the one beside the data.
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void sinkThatReturnsBeforeTheEndOfTheDataGetsNoManifest() throws Exception {
    var beside = dir.resolve("early.manifest.json");
    var early =
        new Sink() {
          @Override
          public String destination() {
            return "test://early";
          }

          @Override
          public Optional<Sink> sibling(String suffix) {
            return Optional.of(FileSink.of(beside));
          }

          @Override
          public Receipt write(InputStream data, ContentType contentType) throws IOException {
            return Receipt.of(destination(), data.readNBytes(100).length);
          }
        };
    var export = Export.builder().source(PG.source().query(ROWS_SQL).build()).sink(early).build();

    assertThatThrownBy(export::run)
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("test://early: the sink returned before the end of the data");
    assertThat(beside).doesNotExist();
  }

  @Test
  void manifestAskedForWithNowhereToStoreItIsComputedOnly() throws Exception {
    var out = new ByteArrayOutputStream();

    var result =
        Export.builder()
            .source(PG.source().query(ROWS_SQL).build())
            .sink(new StdoutSink(out))
            .manifest(true)
            .build()
            .run();

    var m = result.manifest().orElseThrow();
    assertThat(m.destination()).isEqualTo("stdout");
    assertThat(m.storedBytes()).isEqualTo(out.size());
    assertThat(m.sha256Stored()).isEqualTo(ManifestExportTest.sha256(out.toByteArray()));
    assertThat(m.sha256Uncompressed()).isEqualTo(m.sha256Stored());
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void turnedOffWinsOverAStore() throws Exception {
    var store = new Store(dir.resolve("x"));

    var result =
        Export.builder()
            .source(PG.source().query("SELECT 1 AS one").build())
            .sink(FileSink.of(dir.resolve("x.ndjson")))
            .manifestTo(store)
            .manifest(false)
            .build()
            .run();

    assertThat(result.manifest()).isEmpty();
    assertThat(store.documents).isEmpty();
  }
}
