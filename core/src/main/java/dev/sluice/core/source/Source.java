package dev.sluice.core.source;

import dev.sluice.core.ExportException;

/**
 * Where rows come from: runs a query and yields rows one at a time through a forward-only cursor,
 * never collecting them. {@code dev.sluice.core.source.jdbc.JdbcSource} is the implementation for
 * any JDBC database. A source knows nothing of formats: it hands out {@link Rows} of {@link
 * Value}s, and a format turns them into bytes.
 *
 * <p>A source is opened once per export: {@link #open()} connects, {@link Cursor#execute()} runs
 * the query, {@link Cursor#rows()} yields the rows, and {@link Cursor#close()} releases the
 * connection.
 */
public interface Source {
  /** The source for messages: the JDBC URL without its password, and the query or table. */
  String describe();

  /**
   * Connects and prepares the query without running it, so that {@link Cursor#cancel()} can reach
   * the query from the moment it starts.
   *
   * @throws ExportException {@code CONFIGURATION} for a bad URL or a missing driver, {@code SOURCE}
   *     when the database cannot be reached or refuses the login.
   */
  Cursor open() throws ExportException;
}
