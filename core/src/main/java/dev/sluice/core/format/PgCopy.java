package dev.sluice.core.format;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * PostgreSQL's {@code COPY (query) TO STDOUT} (text format) as a source of rows for {@link
 * RowEncoder#create(Format, FormatOptions, ResultSetMetaData, Chunks, java.io.OutputStream)}. The
 * server streams COPY output without waiting for the client to ask for the next rows, unlike a
 * cursor fetched a batch at a time, so the server's work and the encoding overlap. It can stand in
 * for the query's result only when every column's cell writes from the value's text-format bytes
 * ({@link #feeds}): the values in COPY text are those bytes, escaped.
 */
public final class PgCopy {
  private PgCopy() {}

  /** The bytes of COPY output in the pieces the driver receives them. */
  public interface Chunks {
    /** The next piece, or null at the end of the output. */
    byte[] next() throws SQLException;
  }

  /**
   * Whether COPY text can feed the encoders of a PostgreSQL result with these columns (from
   * pgjdbc, text format): true when no column needs a typed getter.
   */
  public static boolean feeds(ResultSetMetaData md) throws SQLException {
    return Columns.of(Dialect.POSTGRESQL, md).takeText();
  }
}
