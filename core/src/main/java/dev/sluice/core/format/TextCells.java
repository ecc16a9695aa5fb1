package dev.sluice.core.format;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Cells that write from the bytes a driver received in a text protocol, as {@code getBytes} hands
 * them back, without building a String or a number: pgjdbc for every type but bytea (its own
 * buffer, not even a copy), MariaDB Connector/J for strings and JSON (a copy, but no decoding).
 * The bytes are trusted to be valid UTF-8: both drivers fix the connection's character set to it,
 * and both servers check text on the way in.
 */
final class TextCells {
  private TextCells() {}

  /** The bytes the driver received for the column, in text format. */
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

    @Override
    final boolean takesText() {
      return true;
    }

    @Override
    final boolean take(byte[] text) {
      v = text;
      return text != null;
    }
  }

  /** Integers: the database's digits are JSON's. */
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
