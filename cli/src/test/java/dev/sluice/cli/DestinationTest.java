package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.sink.FileSink;
import dev.sluice.core.sink.StdoutSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationTest {
  private final Shell shell =
      new Shell(
          new ByteArrayOutputStream(),
          new PrintStream(new ByteArrayOutputStream()),
          Map.of(),
          false);
  private final ExportCommand export = new ExportCommand();

  @TempDir Path dir;

  @Test
  void nothingOrDashIsStdout() {
    assertThat(Destination.open(null, export, shell)).isInstanceOf(StdoutSink.class);
    assertThat(Destination.open("-", export, shell)).isInstanceOf(StdoutSink.class);
  }

  @Test
  void pathsAndFileUrisAreFiles() {
    var path = dir.resolve("orders.csv");
    assertThat(Destination.open(path.toString(), export, shell))
        .isInstanceOf(FileSink.class)
        .extracting(s -> s.destination())
        .isEqualTo(path.toString());
    assertThat(Destination.open(path.toUri().toString(), export, shell).destination())
        .isEqualTo(path.toString());
    assertThat(Destination.open("file:orders.csv", export, shell).destination())
        .isEqualTo(Path.of("orders.csv").toAbsolutePath().toString());
  }

  @Test
  void anUnknownSchemeIsAUsageError() {
    assertThatThrownBy(() -> Destination.open("ftp://h/x", export, shell))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown destination scheme");
  }

  @Test
  void compressionFollowsTheExtensionExceptOnStdout() {
    assertThat(Destination.impliedCompression("x.ndjson.gz")).isEqualTo(Compression.GZIP);
    assertThat(Destination.impliedCompression("s3://b/x.csv.zst")).isEqualTo(Compression.ZSTD);
    assertThat(Destination.impliedCompression("x.csv")).isEqualTo(Compression.NONE);
    assertThat(Destination.impliedCompression("-")).isEqualTo(Compression.NONE);
    assertThat(Destination.impliedCompression(null)).isEqualTo(Compression.NONE);
  }
}
