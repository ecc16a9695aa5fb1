package dev.sluice.core.sink;

import java.util.Map;

/**
 * What a sink reports after a commit: the destination, the bytes it stored, and sink-specific
 * details in insertion order (an S3 object's {@code etag}, {@code parts} and {@code partSizes}; an
 * HTTP response's {@code status}; a file's {@code path}).
 */
public record Receipt(String destination, long bytes, Map<String, String> details) {
  public Receipt {
    details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }

  public static Receipt of(String destination, long bytes) {
    return new Receipt(destination, bytes, Map.of());
  }
}
