package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.postgresql.PGResultSetMetaData;

/**
 * PostgreSQL's fast cells. pgjdbc receives results in PostgreSQL's text format, and for every type
 * but bytea {@code getBytes} hands back the received UTF-8 bytes themselves, without a copy. Most
 * of PostgreSQL's text forms are already a value's text form (digits, UUIDs, jsonb) or a few byte
 * edits away from it (timestamps), so these cells hand over those bytes and never build a String, a
 * BigDecimal or an OffsetDateTime. pgjdbc always sets {@code client_encoding} to UTF-8 and {@code
 * DateStyle} to ISO, which is what they rely on.
 *
 * <p>Only loaded when the dialect is PostgreSQL; a column pgjdbc receives in binary format keeps
 * its generic cell.
 */
final class PgCells {
  private PgCells() {}

  /** The fast cell of each text-format column (null where the generic cell is used). */
  static Cell[] cells(ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    Cell[] cells = new Cell[n];
    if (!md.isWrapperFor(PGResultSetMetaData.class)) {
      return cells;
    }
    PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
    for (int i = 1; i <= n; i++) {
      if (pg.getFormat(i) == 0) {
        cells[i - 1] = cell(md.getColumnTypeName(i));
      }
    }
    return cells;
  }

  private static Cell cell(String type) {
    return switch (type) {
      case "int2", "int4", "int8", "oid" -> new TextCells.Raw(Kind.INTEGER);
      case "numeric" -> new TextCells.Raw(Kind.DECIMAL);
      case "float4", "float8" -> new TextCells.Raw(Kind.FLOAT);
      case "bool" -> new TextCells.Bool();
      case "text", "varchar", "bpchar", "name", "citext", "xml" -> new TextCells.Raw(Kind.STRING);
      case "uuid" -> new TextCells.Raw(Kind.UUID);
      case "json", "jsonb" -> new TextCells.Raw(Kind.JSON);
      case "date" -> new PgTemporal.Date();
      case "time" -> new PgTemporal.Time();
      case "timetz" -> new PgTemporal.TimeTz();
      case "timestamp" -> new PgTemporal.Timestamp();
      case "timestamptz" -> new PgTemporal.TimestampTz();
      default -> PgArray.cell(type);
    };
  }
}
