package dev.sluice.cli;

import dev.sluice.core.compress.Compression;
import dev.sluice.core.format.Format;
import dev.sluice.core.sink.ContentType;
import dev.sluice.core.sink.FileSink;
import dev.sluice.s3.S3Location;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A small JSON document kept at a path or an {@code s3://bucket/key} object: the shard plan that
 * the coordinator ({@code sluice plan --plan}) hands its workers ({@code sluice export --plan}),
 * the set's manifest. Written whole (a temp file renamed into place, a single PutObject), so a
 * reader never sees half a document.
 */
final class JsonDocument {
  private static final ContentType JSON = new ContentType(Format.JSON, Compression.NONE);

  /** How often {@link #await} looks for a plan that is not there yet. */
  private static final Duration POLL = Duration.ofMillis(500);

  private final String where;
  private final Path file;
  private final S3Location s3;

  private JsonDocument(String where, Path file, S3Location s3) {
    this.where = where;
    this.file = file;
    this.s3 = s3;
  }

  /**
   * The document at {@code where}: {@code s3://bucket/key}, reached as {@code options} say, or a
   * path; {@code option} names the option that gave it, for messages.
   *
   * @throws UsageException if {@code where} is neither
   */
  static JsonDocument of(String option, String where, S3Options options) {
    if (where == null || where.isBlank() || where.equals("-")) {
      throw new UsageException(option + " needs a file or an s3://bucket/key");
    }
    if (where.regionMatches(true, 0, "s3://", 0, 5)) {
      return new JsonDocument(where, null, options.location(option, where));
    }
    if (where.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !where.startsWith("file:")) {
      throw new UsageException(option + " " + where + ": use a path or s3://bucket/key");
    }
    var text = where.startsWith("file:") ? where.substring("file:".length()) : where;
    try {
      return new JsonDocument(where, Path.of(text.replaceFirst("^//", "")), null);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException(option + " " + where + ": not a path: " + e.getMessage());
    }
  }

  /** The document's location as given, for messages. */
  String where() {
    return where;
  }

  /** Writes {@code json} whole, replacing any document there. */
  void write(byte[] json) throws IOException {
    var sink = s3 != null ? s3.sink().build() : FileSink.of(file);
    sink.check();
    try (InputStream in = new ByteArrayInputStream(json)) {
      sink.write(in, JSON);
    }
  }

  /** The document's bytes; empty if there is none there. */
  Optional<byte[]> read() throws IOException {
    try {
      if (s3 != null) {
        try (var in = s3.open()) {
          return Optional.of(in.readAllBytes());
        }
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * The plan's bytes, waiting up to {@code wait} for a plan to appear (a worker may start before
   * its coordinator has written it).
   *
   * @throws UsageException if there is still no plan after {@code wait}
   */
  byte[] await(Duration wait) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      var plan = read();
      if (plan.isPresent()) {
        return plan.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new UsageException(
            "--plan "
                + where
                + ": no plan there"
                + (wait.isZero() ? "" : " after waiting " + Durations.format(wait))
                + "; write it with 'sluice plan --plan "
                + where
                + "' first");
      }
      Thread.sleep(
          Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }

  /** Removes the document; nothing happens if there is none. */
  void delete() throws IOException {
    if (s3 != null) {
      s3.delete();
    } else {
      Files.deleteIfExists(file);
    }
  }
}
