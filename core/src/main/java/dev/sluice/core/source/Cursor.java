package dev.sluice.core.source;

import dev.sluice.core.ExportException;
import java.util.List;

/**
 * An open query of a {@link Source}: a connection, a statement and, once executed, a forward-only
 * cursor over its rows. Used by one export: {@link #execute} and then {@link #rows} with its {@link
 * Rows#next()} are called one after the other (possibly on different threads, never at the same
 * time); {@link #cancel} and {@link #close} may be called from any thread at any time.
 */
public interface Cursor extends AutoCloseable {
  /**
   * Runs the query until its first rows are available and its columns are known.
   *
   * @throws ExportException {@code SOURCE} with the database's own message when the query fails,
   *     {@code INTERRUPTED} if it was cancelled.
   */
  void execute() throws ExportException;

  /**
   * Says, before {@link #execute()}, that the rows will be written as CSV of {@code dialect}, so
   * that the source may read them in a form from which {@link Rows#csvFields} can supply fields
   * already quoted. A hint: by default it does nothing, and the rows are the same either way.
   */
  default void csv(CsvDialect dialect) {}

  /**
   * The rows of the executed query, positioned before the first: the same object on every call.
   *
   * @throws IllegalStateException before {@link #execute()} returned
   */
  Rows rows();

  /** The columns of the result, known once {@link #execute()} returned; empty before. */
  List<Column> columns();

  /**
   * Asks the database to stop the running query, from any thread; a blocked {@link #execute} or
   * {@link Rows#next()} then fails soon. Does nothing if the query is not running.
   */
  void cancel();

  /**
   * Ends the transaction and closes the connection, abandoning unread rows. Safe to call from any
   * thread and more than once; a call from another thread while {@link Rows#next()} blocks inside
   * the driver makes it fail.
   */
  @Override
  void close();
}
