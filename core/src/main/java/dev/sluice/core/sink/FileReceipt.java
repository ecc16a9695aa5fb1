package dev.sluice.core.sink;

import java.nio.file.Path;
import java.util.Map;

/** What {@link FileSink} stored: {@code bytes} at {@code path}, the destination it names. */
public record FileReceipt(String destination, long bytes, Path path) implements Receipt {
  @Override
  public Map<String, String> details() {
    return Map.of("path", path.toString());
  }
}
