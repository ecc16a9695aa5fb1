package dev.sluice.core.sink;

import java.util.Map;

/**
 * What a sink reports after a commit: where the data went and how many bytes it stored. Each sink
 * returns its own record with typed fields (a file's path, an HTTP response's status, an S3
 * object's ETag and parts); {@link #details()} renders those fields as named text, in a fixed
 * order, for whatever records or prints the export without knowing the sink.
 */
public interface Receipt {
  /** The destination, as {@link Sink#destination()} names it. */
  String destination();

  /** The bytes the sink stored. */
  long bytes();

  /** The sink's own facts as named text in a fixed order; empty when it has none. */
  default Map<String, String> details() {
    return Map.of();
  }

  /** A receipt with nothing but the destination and the byte count. */
  static Receipt of(String destination, long bytes) {
    record Plain(String destination, long bytes) implements Receipt {}
    return new Plain(destination, bytes);
  }
}
