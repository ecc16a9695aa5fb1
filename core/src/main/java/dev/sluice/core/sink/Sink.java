package dev.sluice.core.sink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where an export's bytes go: consumes a stream to its end, then publishes it.
 *
 * <p>{@link #write} reads {@code data} until end of stream, then commits (renames the temp file,
 * completes the upload, sends the final chunk) and returns a receipt. If reading {@code data}
 * throws (the producer failed, the export was cancelled) or the destination fails, the sink aborts
 * and throws; what is left at the destination is what the implementation's "On failure" paragraph
 * says. A sink never closes {@code data}: the caller owns it.
 *
 * <p>A sink is used for one export.
 */
public interface Sink {
  /**
   * The destination, for messages and the result: {@code "stdout"}, a path, {@code s3://b/k}, a
   * URL. Never holds a secret.
   */
  String destination();

  /**
   * Checks, before the query runs, that the destination can be written at all (the directory exists
   * and is writable, the bucket name is well formed), so that an export that can never succeed
   * fails before it touches the database. Creates nothing. Does nothing by default.
   *
   * @throws IOException with a one-line message naming the destination and the problem.
   */
  default void check() throws IOException {}

  /**
   * A sink for a small object stored beside this one, named as this destination plus {@code suffix}
   * (a file in the same directory, an object under the same bucket with the key plus the suffix),
   * written whole or not at all and replacing an earlier one, configured like this sink (same
   * client settings); empty when this destination can have nothing beside it (stdout, an HTTP
   * endpoint, a device or named pipe such as {@code /dev/null}).
   */
  default Optional<Sink> sibling(String suffix) {
    return Optional.empty();
  }

  /**
   * Consumes {@code data} to its end and commits it.
   *
   * @throws IOException if {@code data} failed (its cause is the producer's error) or the
   *     destination failed; the destination is then left as the implementation documents.
   */
  Receipt write(InputStream data, ContentType contentType) throws IOException;
}
