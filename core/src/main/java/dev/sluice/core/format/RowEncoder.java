package dev.sluice.core.format;

import java.io.IOException;
import java.util.List;

/**
 * Turns rows into bytes of one format, one row in memory; made by {@link Format#encoder}.
 *
 * <p>Call {@link #begin()} once, {@link #write()} after each {@link
 * dev.sluice.core.source.Rows#next()} that returned true, then {@link #end()}. The encoder picked a
 * writer per column from its kind when it was made (the mapping of {@code docs/types.md}); each
 * {@link #write()} reads the current row from the columns' values and appends its bytes to a 64 KiB
 * buffer. Bytes reach the stream in buffer-sized writes and on {@link #end()}, never one value at a
 * time; what the stream has received when a call fails is a prefix of the output, cut at any byte.
 *
 * <p>The encoder does not close the stream, and is not safe for use by more than one thread (the
 * producer thread owns it).
 */
public interface RowEncoder {
  /** Writes whatever precedes the rows (CSV header, JSON '['). */
  void begin() throws IOException;

  /**
   * Encodes the row the rows are on.
   *
   * @throws IOException when the stream fails; the bytes of the row may be partly in the buffer, so
   *     the output must be abandoned
   */
  void write() throws IOException;

  /** Writes whatever follows the rows (JSON ']') and flushes the buffer into the stream. */
  void end() throws IOException;

  /**
   * The rows of each row group written, in order, for formats that have row groups (Parquet); empty
   * for the others. Complete after {@link #end()}.
   */
  default List<Long> rowGroups() {
    return List.of();
  }
}
