package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Cells that hand over the bytes a driver received in a text protocol, as {@code getBytes} hands
 * them back, without building a String or a number: pgjdbc for every type but bytea (its own
 * buffer, not even a copy), MariaDB Connector/J for strings and JSON (a copy, but no decoding). The
 * bytes are trusted to be valid UTF-8: both drivers fix the connection's character set to it, and
 * both servers check text on the way in.
 */
final class TextCells {
  private TextCells() {}

  /**
   * The bytes the driver received for the column, in text format, as the value's text: PostgreSQL
   * digits, numerics and floats ({@code NaN}, {@code Infinity}), strings, UUIDs and JSON are
   * already in the form {@link dev.sluice.core.source.Value.Form#TEXT} describes.
   */
  static class Raw extends Cell {
    Raw(Kind kind) {
      super(kind);
    }

    // Each subclass reads for itself: a shared read calling an overridden take would cost a
    // second virtual call per value.
    @Override
    void read(ResultSet rs, int i) throws SQLException {
      byte[] v = rs.getBytes(i);
      if (v == null) {
        value.setNull();
      } else {
        value.setText(v, 0, v.length);
      }
    }

    @Override
    final boolean takesText() {
      return true;
    }

    @Override
    void take(byte[] b, int off, int len) {
      value.setText(b, off, len);
    }

    /** Only this class itself: its subclasses turn the bytes into something else. */
    @Override
    final boolean verbatim() {
      return getClass() == Raw.class;
    }
  }

  /** PostgreSQL's {@code t} and {@code f}. */
  static final class Bool extends Raw {
    Bool() {
      super(Kind.BOOLEAN);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      byte[] v = rs.getBytes(i);
      if (v == null) {
        value.setNull();
      } else {
        take(v, 0, v.length);
      }
    }

    @Override
    void take(byte[] b, int off, int len) {
      value.setBoolean(b[off] == 't');
    }
  }
}
