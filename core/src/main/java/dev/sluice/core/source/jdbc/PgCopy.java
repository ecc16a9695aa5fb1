package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.CsvDialect;
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

  /**
   * Whether the rows of a result of these columns (from pgjdbc, text format), to be written as CSV,
   * are read through COPY's CSV form ({@link #csvCommand}) rather than its text: when a column is
   * {@link Cell#verbatim}, so its field can go out as it came, and there is more than one column.
   * PostgreSQL quotes a lone {@code \.} when the result has a single column, which a CSV writer
   * does not.
   */
  static boolean csv(ResultSetMetaData md) throws SQLException {
    Cell[] cells = Columns.of(Dialect.POSTGRESQL, md).cells();
    if (cells.length < 2) {
      return false;
    }
    for (Cell cell : cells) {
      if (cell.verbatim()) {
        return true;
      }
    }
    return false;
  }

  /** The COPY command that writes {@code query}'s result as CSV of {@code dialect}, no header. */
  static String csvCommand(String query, CsvDialect dialect) {
    return "COPY (\n"
        + query
        + "\n) TO STDOUT (FORMAT csv, DELIMITER "
        + literal(String.valueOf(dialect.delimiter()))
        + ", NULL "
        + literal(dialect.nullText())
        + ")";
  }

  /**
   * An escape string constant, {@code E'...'}, which reads the same whatever {@code
   * standard_conforming_strings} says.
   */
  private static String literal(String s) {
    return "E'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The rows of the output of {@link #csvCommand}, read from {@code chunks}; as {@link #rows}, and
   * they supply {@link Rows#csvFields} of {@code dialect}.
   */
  static JdbcRows csvRows(
      ResultSetMetaData md, Chunks chunks, CsvDialect dialect, JdbcRows.Failure failure)
      throws SQLException {
    Columns columns = Columns.of(Dialect.POSTGRESQL, md);
    if (!columns.takeText()) {
      throw new IllegalArgumentException("COPY text cannot feed the columns " + columns.list());
    }
    return new PgCsvRows(chunks, columns, dialect, failure);
  }
}
