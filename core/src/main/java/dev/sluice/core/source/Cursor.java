package dev.sluice.core.source;

import dev.sluice.core.ExportException;
import dev.sluice.core.format.Column;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * An open query of a {@link Source}: a connection, a statement and, once executed, a forward-only
 * cursor over its rows. Used by one export: {@link #execute} and then {@link #writeTo} are called
 * one after the other (possibly on different threads); {@link #cancel} and {@link #close} may be
 * called from any thread at any time.
 */
public interface Cursor extends AutoCloseable {
  /**
   * Runs the query until its first rows are available.
   *
   * @throws ExportException {@code SOURCE} with the database's own message when the query fails,
   *     {@code INTERRUPTED} if it was cancelled.
   */
  void execute() throws ExportException;

  /**
   * Encodes every row in {@code format} into {@code out}, one row in memory at a time, calling
   * {@code rows} with the number of rows encoded so far after each row. Does not close {@code
   * out}.
   *
   * @return the number of rows written.
   * @throws ExportException {@code SOURCE} when the database fails mid-stream; the message says
   *     after how many rows.
   * @throws IOException when {@code out} fails: the consumer is gone; the query was not at fault.
   */
  long writeTo(Format format, FormatOptions options, OutputStream out, LongConsumer rows)
      throws ExportException, IOException;

  /**
   * The columns of the result (name, SQL type, output type), known once {@link #writeTo} has
   * started; empty before, and for cursors that do not know them.
   */
  default List<Column> columns() {
    return List.of();
  }

  /**
   * Asks the database to stop the running query, from any thread; a blocked {@link #execute} or
   * {@link #writeTo} then fails soon. Does nothing if the query is not running.
   */
  void cancel();

  /**
   * Ends the transaction and closes the connection, abandoning unread rows. Safe to call from any
   * thread and more than once; a call from another thread while {@link #writeTo} blocks inside the
   * driver makes it fail.
   */
  @Override
  void close();
}
