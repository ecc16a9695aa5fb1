package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.pipe.Pipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SinkContract} for {@link FileSink}, writing a file in a fresh directory.
 *
 * <p>On failure, the promise checked: the temporary file is deleted and the target is untouched, so
 * after a failed write the directory holds nothing at all, neither the target nor a {@code
 * .name.*.tmp} file, however often it failed; a commit leaves the target and nothing beside it. The
 * failing destination is {@code /dev/full}, a real device on which every write fails as on a full
 * disk: the file sink writes such a target in place and must fail at the first write. Beside the
 * contract: a failed write leaves an existing target's old content, and a failure of the temp-file
 * path itself (its directory removed mid-way) fails the write instead of committing.
 */
class FileSinkContractTest extends SinkContract {
  @TempDir Path dir;

  private Path target() {
    return dir.resolve("orders.ndjson");
  }

  /** The one place a file sink is built. */
  private static Sink fileSink(Path target) {
    return FileSink.of(target);
  }

  @Override
  protected Sink sink() {
    return fileSink(target());
  }

  @Override
  protected Sink failingSink() {
    return fileSink(Path.of("/dev/full"));
  }

  @Override
  protected Published published() throws Exception {
    assertThat(listing()).containsExactly(target());
    try (var in = Files.newInputStream(target())) {
      return Published.of(in);
    }
  }

  @Override
  protected void assertLeftAfterProducerFailure(byte[] sent) throws Exception {
    assertThat(listing()).isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void producerFailureKeepsTheTargetsOldContent() throws Exception {
    var old = "{\"old\":true}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(target(), old);
    var failure = new SQLException("canceling statement due to user request");

    assertThatThrownBy(() -> sink().write(produce(random(LARGE), HALFWAY, failure), NDJSON))
        .isInstanceOf(IOException.class)
        .hasRootCause(failure);

    assertThat(listing()).containsExactly(target());
    assertThat(Files.readAllBytes(target())).isEqualTo(old);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void directoryRemovedMidwayFailsTheWriteAndLeavesNothing() throws Exception {
    var out = Files.createDirectory(dir.resolve("out"));
    var bytes = random(LARGE);
    var pipe = Pipe.open();
    Thread.ofVirtual()
        .name("contract-producer")
        .start(
            () -> {
              var writer = pipe.writer();
              try {
                writer.write(bytes, 0, HALFWAY);
                // The temp file is open in the sink: Linux lets it be written on, unlinked, to the
                // end.
                try (var files = Files.walk(out)) {
                  for (var p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                  }
                }
                writer.write(bytes, HALFWAY, LARGE - HALFWAY);
                writer.close();
              } catch (IOException e) {
                writer.closeWithError(e);
              }
            });

    assertThatThrownBy(() -> fileSink(out.resolve("orders.ndjson")).write(pipe.reader(), NDJSON))
        .isInstanceOf(IOException.class);

    assertThat(out).doesNotExist();
  }

  private List<Path> listing() throws Exception {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }
}
