package dev.sluice.core.format;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.postgresql.PGResultSetMetaData;

/**
 * PostgreSQL's fast cells. pgjdbc receives results in PostgreSQL's text format, and for every
 * type but bytea {@code getBytes} hands back the received UTF-8 bytes themselves, without a copy.
 * Most of PostgreSQL's text forms are already the output (digits, {@code t}/{@code f}, UUIDs,
 * jsonb) or a few byte edits away from it (timestamps, arrays), so these cells write from those
 * bytes and never build a String, a BigDecimal or an OffsetDateTime. pgjdbc always sets
 * {@code client_encoding} to UTF-8 and {@code DateStyle} to ISO, which is what they rely on.
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
      case "int2", "int4", "int8", "oid" -> new Digits();
      case "numeric" -> new Num("decimal");
      case "float4", "float8" -> new Num("float");
      case "bool" -> new Bool();
      case "text", "varchar", "bpchar", "name", "citext", "xml" -> new Text("string");
      case "uuid" -> new Uuid();
      case "json", "jsonb" -> new Json();
      case "date" -> new PgTemporal.Date();
      case "time" -> new PgTemporal.Time();
      case "timetz" -> new PgTemporal.TimeTz();
      case "timestamp" -> new PgTemporal.Timestamp();
      case "timestamptz" -> new PgTemporal.TimestampTz();
      default -> PgArray.cell(type);
    };
  }

  /** The bytes pgjdbc received for the column, in text format. */
  abstract static class Raw extends Cell {
    byte[] v;

    Raw(String outputType) {
      super(outputType);
    }

    @Override
    final boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getBytes(i);
      return v != null;
    }
  }

  /** Integers: PostgreSQL's digits are JSON's. */
  static final class Digits extends Raw {
    Digits() {
      super("integer");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.write(v);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.write(v);
    }
  }

  /**
   * numeric, float4 and float8: plain digits ({@code 1e+100} for large floats, valid JSON), and
   * {@code NaN}, {@code Infinity}, {@code -Infinity} as JSON strings.
   */
  static final class Num extends Raw {
    Num(String outputType) {
      super(outputType);
    }

    @Override
    void json(ByteWriter w) throws IOException {
      byte first = v[v.length > 1 && v[0] == '-' ? 1 : 0];
      if (first == 'N' || first == 'I') {
        w.write((byte) '"');
        w.write(v);
        w.write((byte) '"');
      } else {
        w.write(v);
      }
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.write(v);
    }
  }

  static final class Bool extends Raw {
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    Bool() {
      super("boolean");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.write(v[0] == 't' ? TRUE : FALSE);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.write(v[0] == 't' ? TRUE : FALSE);
    }
  }

  static final class Text extends Raw {
    Text(String outputType) {
      super(outputType);
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.jsonStringUtf8(v, 0, v.length);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.field(v, 0, v.length);
    }
  }

  static final class Uuid extends Raw {
    Uuid() {
      super("uuid");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.write((byte) '"');
      w.write(v);
      w.write((byte) '"');
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.write(v);
    }
  }

  /**
   * json and jsonb, embedded as they are. Line breaks in valid JSON can only be whitespace, so
   * they become spaces and an NDJSON line stays one line (json keeps the text as it was typed).
   */
  static final class Json extends Raw {
    Json() {
      super("json");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      byte[] v = this.v;
      int start = 0;
      for (int i = 0; i < v.length; i++) {
        if (v[i] == '\n' || v[i] == '\r') {
          w.write(v, start, i - start);
          w.write((byte) ' ');
          start = i + 1;
        }
      }
      w.write(v, start, v.length - start);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.field(v, 0, v.length);
    }
  }
}
