package dev.sluice.core.format;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Turns the rows of a forward-only ResultSet into bytes of one format, one row in memory.
 *
 * <p>Call {@link #begin()} once, {@link #next()} until it returns false, then {@link #end()}. The
 * encoder reads the metadata once, when created, and picks a writer per column by the mapping in
 * {@code docs/types.md}; each {@link #next()} reads one row with the typed getters those writers
 * chose and appends its bytes to a 64 KiB buffer. Bytes reach {@code out} in buffer-sized writes
 * and on {@link #end()}, never one value at a time; what {@code out} has received when a call
 * fails is a prefix of the output, cut at any byte.
 *
 * <p>The encoder does not close the result set or the stream, and is not safe for use by more
 * than one thread (the producer thread owns it).
 */
public interface RowEncoder {
  /**
   * Creates an encoder for {@code rs} (positioned before the first row) writing to {@code out}.
   * Reads ResultSetMetaData once and picks a value writer per column. {@code dialect} is the
   * database product (see {@link Dialect}) so per-database types (PG jsonb/arrays/intervals,
   * MariaDB JSON which reports as LONGTEXT, SQLite's dynamic types) map right.
   *
   * @throws SQLException if the metadata cannot be read
   */
  static RowEncoder create(
      Format format, FormatOptions options, Dialect dialect, ResultSet rs, OutputStream out)
      throws SQLException, IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(rs, "rs");
    Objects.requireNonNull(out, "out");
    return create(format, options, Rows.of(rs), Columns.of(dialect, rs), out);
  }

  /**
   * Creates an encoder for the output of PostgreSQL's {@code COPY (query) TO STDOUT} in text
   * format, read from {@code chunks}; {@code md} describes the query's result (from pgjdbc, text
   * format) and must pass {@link PgCopy#feeds}. Writes the same bytes as the encoder of the
   * query's ResultSet.
   *
   * @throws SQLException if the metadata cannot be read
   * @throws IllegalArgumentException if COPY text cannot feed a column
   */
  static RowEncoder create(Format format, FormatOptions options, ResultSetMetaData md,
      PgCopy.Chunks chunks, OutputStream out) throws SQLException, IOException {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(out, "out");
    Columns columns = Columns.of(Dialect.POSTGRESQL, md);
    if (!columns.takeText()) {
      throw new IllegalArgumentException("COPY text cannot feed the columns " + columns.list());
    }
    return create(format, options, new PgCopyRows(chunks, columns.cells().length), columns, out);
  }

  private static RowEncoder create(
      Format format, FormatOptions options, Rows rows, Columns columns, OutputStream out)
      throws IOException {
    ByteWriter w = new ByteWriter(out);
    return switch (format) {
      case NDJSON -> new JsonRowEncoder(rows, columns, w, false);
      case JSON -> new JsonRowEncoder(rows, columns, w, true);
      case CSV -> new CsvRowEncoder(rows, columns, w, options);
    };
  }

  /** The columns: name, SQL type name, output type (for manifests). */
  List<Column> columns();

  /** Writes whatever precedes the rows (CSV header, JSON '['). */
  void begin() throws IOException;

  /**
   * Advances rs by one row and encodes it; false at the end of rows (nothing written).
   *
   * @throws SQLException if the driver fails to fetch or convert the row; the bytes of a row
   *     that fails halfway may be in the buffer, so the output must be abandoned
   */
  boolean next() throws SQLException, IOException;

  /**
   * Writes whatever follows the rows (JSON ']') and flushes its buffer into out (does not close
   * out).
   */
  void end() throws IOException;
}
