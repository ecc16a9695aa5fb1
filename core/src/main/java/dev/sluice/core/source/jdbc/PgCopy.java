package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Rows;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * PostgreSQL's {@code COPY (query) TO STDOUT} (text format) as a source of {@link Rows}. The server
 * streams COPY output without waiting for the client to ask for the next rows, unlike a cursor
 * fetched a batch at a time, so the server's work and the encoding overlap. It can stand in for the
 * query's result only when every column's cell takes the value's text-format bytes ({@link
 * #feeds}): the values in COPY text are those bytes, escaped.
 */
public final class PgCopy {
  private PgCopy() {}

  /** The bytes of COPY output in the pieces the driver receives them. */
  public interface Chunks {
    /** The next piece, or null at the end of the output. */
    byte[] next() throws SQLException;
  }

  /**
   * Whether COPY text can feed the rows of a PostgreSQL result with these columns (from pgjdbc,
   * text format): true when no column needs a typed getter.
   */
  public static boolean feeds(ResultSetMetaData md) throws SQLException {
    return Columns.of(Dialect.POSTGRESQL, md).takeText();
  }

  /**
   * The rows of the output of {@code COPY (query) TO STDOUT} in text format, read from {@code
   * chunks}; {@code md} describes the query's result (from pgjdbc, text format) and must pass
   * {@link #feeds}. The rows and values are those of the query's ResultSet ({@link
   * JdbcSource#rows}). A failure of {@code chunks} ends {@link Rows#next()} with a {@code SOURCE}
   * failure.
   *
   * @throws SQLException if the metadata cannot be read
   * @throws IllegalArgumentException if COPY text cannot feed a column
   */
  public static Rows rows(ResultSetMetaData md, Chunks chunks) throws SQLException {
    return rows(md, chunks, SqlFailure::query);
  }

  static JdbcRows rows(ResultSetMetaData md, Chunks chunks, JdbcRows.Failure failure)
      throws SQLException {
    Columns columns = Columns.of(Dialect.POSTGRESQL, md);
    if (!columns.takeText()) {
      throw new IllegalArgumentException("COPY text cannot feed the columns " + columns.list());
    }
    return new PgCopyRows(chunks, columns, failure);
  }
}
