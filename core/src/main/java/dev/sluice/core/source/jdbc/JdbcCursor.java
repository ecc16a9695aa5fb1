package dev.sluice.core.source.jdbc;

import static dev.sluice.core.ExportException.Reason.INTERRUPTED;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.CsvDialect;
import dev.sluice.core.source.Cursor;
import dev.sluice.core.source.Rows;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/** The {@link Cursor} of a {@link JdbcSource}: one connection, one statement, one result set. */
final class JdbcCursor implements Cursor {
  private final Connection connection;

  /** What the connection's socket can be told, or null. */
  private final PgSocketFactory.Hint socket;

  private final Statement statement;
  private final String sql;
  private final Dialect dialect;

  /** Whether to read a PostgreSQL result through COPY when its columns allow. */
  private final boolean pgCopy;

  /** Set by the producer; read by {@link #close()} from any thread. */
  private volatile ResultSet resultSet;

  /** Instead of resultSet: the COPY output of the query, and the metadata of its result. */
  private volatile org.postgresql.copy.CopyOut copyOut;

  private ResultSetMetaData copyMetaData;

  /** The CSV the rows will be written as ({@link #csv}), or null. */
  private CsvDialect csv;

  /** Whether COPY runs in CSV form, of {@link #csv}, rather than text. */
  private boolean copyCsv;

  /**
   * The rows, set by {@link #execute()}; read by {@link #close()} from any thread. Once they are
   * exhausted, close ends the transaction; before, it cancels and aborts.
   */
  private volatile JdbcRows rows;

  private volatile boolean cancelled;
  private volatile boolean closed;

  JdbcCursor(
      Connection connection,
      PgSocketFactory.Hint socket,
      Statement statement,
      String sql,
      Dialect dialect,
      boolean pgCopy) {
    this.connection = connection;
    this.socket = socket;
    this.statement = statement;
    this.sql = sql;
    this.dialect = dialect;
    this.pgCopy = pgCopy && dialect == Dialect.POSTGRESQL;
  }

  @Override
  public void csv(CsvDialect dialect) {
    this.csv = dialect;
  }

  @Override
  public void execute() throws ExportException {
    try {
      if (pgCopy && Postgres.copy(this)) {
        var copy = copyOut;
        rows =
            copyCsv
                ? PgCopy.csvRows(copyMetaData, copy::readFromCopy, csv, this::failure)
                : PgCopy.rows(copyMetaData, copy::readFromCopy, this::failure);
        return;
      }
      var rs = statement.executeQuery(sql);
      resultSet = rs;
      rows = new ResultSetRows(rs, Columns.of(dialect, rs), this::failure);
    } catch (SQLException e) {
      throw failure(e, 0);
    }
  }

  /**
   * The columns of the query's result, read without running it (see {@link QueryColumns}), for a
   * cursor never executed; {@link #close()} then ends its transaction.
   */
  List<Column> describe() throws ExportException {
    try {
      return QueryColumns.of(connection, sql, dialect);
    } catch (SQLException e) {
      throw failure(e, 0);
    }
  }

  @Override
  public Rows rows() {
    var r = rows;
    if (r == null) {
      throw new IllegalStateException("execute() first");
    }
    return r;
  }

  /** Whether the query runs as {@code COPY (query) TO STDOUT}, known once executed. */
  boolean copying() {
    return copyOut != null;
  }

  /** Whether COPY runs in CSV form ({@link #csv}), known once executed. */
  boolean copyingCsv() {
    return copyOut != null && copyCsv;
  }

  @Override
  public List<Column> columns() {
    var r = rows;
    return r == null ? List.of() : r.columns();
  }

  private ExportException failure(SQLException e, long rows) {
    if (cancelled) {
      return new ExportException(
          INTERRUPTED, String.format(Locale.ROOT, "query cancelled after %,d rows", rows), e);
    }
    if (copyOut != null && e.getCause() instanceof IOException io) {
      // pgjdbc drops the server's last words (pg_terminate_backend's FATAL message) when the
      // connection closes during COPY, and reports only that reading failed.
      return SqlFailure.query(
          new SQLException(
              "the connection to the database closed during COPY"
                  + " ("
                  + SqlFailure.oneLine(io)
                  + "); the server's log says why",
              e.getSQLState(),
              e),
          rows);
    }
    return SqlFailure.query(e, rows);
  }

  @Override
  public void cancel() {
    cancelled = true;
    if (!closed) {
      cancelQuery();
    }
  }

  /**
   * Asks the server to stop the running statement. The drivers' {@code Statement.cancel()} only
   * acts while {@code executeQuery} runs, but the producer may be blocked later, fetching the next
   * rows; so PostgreSQL gets pgjdbc's connection-wide cancel request and MariaDB a {@code KILL
   * QUERY} through Connector/J's {@code cancelCurrentQuery()}.
   */
  private void cancelQuery() {
    try {
      if (dialect == Dialect.POSTGRESQL && Postgres.cancel(connection)
          || dialect == Dialect.MARIADB && Mariadb.cancel(connection)) {
        return;
      }
      statement.cancel();
    } catch (SQLException | RuntimeException | LinkageError e) {
      // The query may have ended meanwhile; a close follows in every case.
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    var r = rows;
    if (r != null && r.exhausted() || resultSet == null && copyOut == null) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException e) {
        // A read-only transaction has nothing to lose; the close below ends it.
      }
      closeQuietly(connection);
      return;
    }
    // Rows are left unread. An orderly close would wait for them: MariaDB reads the rest of a
    // streaming result before it closes it, and pgjdbc waits for a fetch in progress on another
    // thread. Cancel the query, then drop the connection without a goodbye.
    cancelQuery();
    try {
      connection.abort(Runnable::run);
      // SQLite's driver returns from abort with the connection still open, holding its lock on the
      // database file; closing it there waits for nothing.
      if (!connection.isClosed()) {
        closeQuietly(connection);
      }
    } catch (SQLException | RuntimeException | AbstractMethodError e) {
      closeQuietly(connection);
    }
  }

  /** MariaDB Connector/J's own API, in a class of its own so it loads only when MariaDB is used. */
  private static final class Mariadb {
    static boolean cancel(Connection c) throws SQLException {
      if (!(c instanceof org.mariadb.jdbc.Connection mariadb)) {
        return false;
      }
      mariadb.cancelCurrentQuery();
      return true;
    }
  }

  /** pgjdbc's own API, in a class of its own so it loads only when PostgreSQL is used. */
  private static final class Postgres {
    /**
     * Whether the socket is told when COPY streams ({@link PgSocketFactory.Hint}); the system
     * property {@code sluice.pgwait=false} says not, to measure what the waits save.
     */
    static final boolean STREAM_WAITS = !"false".equals(System.getProperty("sluice.pgwait"));

    /**
     * Starts {@code COPY (query) TO STDOUT}, in CSV form when the cursor was told the rows become
     * CSV and {@link PgCopy#csv} says so, when COPY text can feed every column of the query's
     * result, which a {@code LIMIT 0} run of the query describes; false to run the query as it is.
     * A query that cannot be wrapped (not a SELECT, bad SQL) fails the probe, whose transaction is
     * rolled back, so the query itself runs and reports its own error.
     */
    static boolean copy(JdbcCursor cursor) throws SQLException {
      Connection c = cursor.connection;
      if (!c.isWrapperFor(org.postgresql.PGConnection.class)) {
        return false;
      }
      String query = JdbcSource.stripSemicolons(cursor.sql);
      ResultSetMetaData md;
      // A savepoint, not a rollback, undoes a failed probe: a rollback would end the transaction
      // and with it a snapshot the connection was told to read (SET TRANSACTION SNAPSHOT).
      var savepoint = c.setSavepoint();
      try (Statement probe = c.createStatement()) {
        try (ResultSet rs = probe.executeQuery("SELECT * FROM (\n" + query + "\n) q LIMIT 0")) {
          md = rs.getMetaData();
          if (!PgCopy.feeds(md)) {
            return false;
          }
        }
      } catch (SQLException e) {
        if (cursor.cancelled) {
          throw e;
        }
        c.rollback(savepoint);
        return false;
      }
      cursor.copyMetaData = md;
      // As CSV when the rows will be written as CSV and some of its fields can go out as they come.
      cursor.copyCsv = cursor.csv != null && PgCopy.csv(md);
      cursor.copyOut =
          c.unwrap(org.postgresql.PGConnection.class)
              .getCopyAPI()
              .copyOut(
                  cursor.copyCsv
                      ? PgCopy.csvCommand(query, cursor.csv)
                      : "COPY (\n" + query + "\n) TO STDOUT");
      // The server streams the output now, and the client says nothing until it ends.
      if (cursor.socket != null && STREAM_WAITS) {
        cursor.socket.expectStream();
      }
      return true;
    }

    static boolean cancel(Connection c) throws SQLException {
      if (!c.isWrapperFor(org.postgresql.PGConnection.class)) {
        return false;
      }
      c.unwrap(org.postgresql.PGConnection.class).cancelQuery();
      return true;
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // Nothing to do: the connection is gone either way.
    }
  }
}
