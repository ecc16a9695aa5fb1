package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FileSinkSpecialTargetTest {
  private static final ContentType CSV = new ContentType(Format.CSV, Compression.NONE);

  /** A named pipe is written in place: it stays a pipe, its reader gets the bytes, no temp file. */
  @Test
  void namedPipeIsWrittenInPlaceNotReplaced(@TempDir Path dir) throws Exception {
    var fifo = dir.resolve("out.fifo");
    var mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    var received =
        CompletableFuture.supplyAsync(
            () -> {
              try (var in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    var sink = FileSink.of(fifo);
    sink.check();
    var receipt = sink.write(new ByteArrayInputStream("a,b\n1,2\n".getBytes()), CSV);

    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("a,b\n1,2\n");
    assertThat(receipt.bytes()).isEqualTo(8);
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(fifo);
    }
  }

  /** /dev/null stays the device, and has no sibling: nothing can be stored beside it. */
  @Test
  void devNullStaysADeviceAndHasNoSibling() throws Exception {
    var devNull = Path.of("/dev/null");
    var sink = FileSink.of(devNull);
    assertThat(sink.sibling(".sha256")).isEmpty();
    sink.write(new ByteArrayInputStream(new byte[100_000]), CSV);
    assertThat(Files.isRegularFile(devNull)).isFalse();
    assertThat(Files.exists(Path.of("/dev/null.sha256"))).isFalse();
  }

  /** A regular file's sibling is the file beside it, written whole like the file itself. */
  @Test
  void regularFileSiblingIsTheFileBesideIt(@TempDir Path dir) throws Exception {
    var sibling = FileSink.of(dir.resolve("x.csv")).sibling(".sha256").orElseThrow();
    assertThat(sibling.destination()).isEqualTo(dir.resolve("x.csv.sha256").toString());

    var receipt = sibling.write(new ByteArrayInputStream("abc".getBytes()), CSV);

    assertThat(receipt)
        .isEqualTo(new FileReceipt(sibling.destination(), 3, dir.resolve("x.csv.sha256")));
    assertThat(Files.readString(dir.resolve("x.csv.sha256"))).isEqualTo("abc");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(dir.resolve("x.csv.sha256"));
    }
  }

  /** A full disk names the target, the step and how far it got, with the system's own words. */
  @Test
  void fullDeviceFailureNamesTheTargetAndTheStep() {
    var sink = FileSink.of(Path.of("/dev/full"));
    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(new byte[100_000]), CSV))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("/dev/full: write failed after 0 bytes: ")
        .hasMessageContaining("No space left on device");
  }

  /** A rename that fails names the temporary file and the target; nothing is left behind. */
  @Test
  void failedRenameNamesTheStepAndLeavesNothing(@TempDir Path dir) throws Exception {
    var target = dir.resolve("out.csv");
    Files.createDirectory(target.resolveSibling("out.csv")); // A non-empty directory in the way.
    Files.writeString(target.resolve("keep"), "x");
    var sink = FileSink.of(target);
    assertThatThrownBy(() -> sink.write(new ByteArrayInputStream(new byte[10]), CSV))
        .hasMessageStartingWith(target + ": rename .out.csv.")
        .hasMessageContaining(" into place failed after 10 bytes: ");
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(target);
    }
  }
}
