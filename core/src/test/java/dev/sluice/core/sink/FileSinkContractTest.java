package dev.sluice.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SinkContract} for {@link FileSink}, writing a file in a fresh directory.
 *
 * <p>On failure, the promise checked: the temporary file is deleted and the target is untouched,
 * so after a failed write the directory holds nothing at all, neither the target nor a {@code
 * .name.*.tmp} file, however often it failed; a commit leaves the target and nothing beside it.
 * The failing destination is {@code /dev/full}, a real device on which every write fails as on a
 * full disk: the file sink writes such a target in place and must fail at the first write.
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

  private java.util.List<Path> listing() throws Exception {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }
}
