package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The cells for the portable JDBC types, read with the typed getters any driver has. */
final class GenericCells {
  private GenericCells() {}

  static final class Int extends Cell {
    Int() {
      super(Kind.INTEGER);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      long v = rs.getLong(i);
      if (v == 0 && rs.wasNull()) {
        value.setNull();
      } else {
        value.setLong(v);
      }
    }
  }

  static final class Float64 extends Cell {
    Float64() {
      super(Kind.FLOAT);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      double v = rs.getDouble(i);
      if (v == 0 && rs.wasNull()) {
        value.setNull();
      } else {
        value.setDouble(v);
      }
    }
  }

  /** Single precision, so that a format prints the shortest float text and 0.1 stays 0.1. */
  static final class Float32 extends Cell {
    Float32() {
      super(Kind.FLOAT);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      float v = rs.getFloat(i);
      if (v == 0 && rs.wasNull()) {
        value.setNull();
      } else {
        value.setFloat(v);
      }
    }
  }

  static final class Bool extends Cell {
    Bool() {
      super(Kind.BOOLEAN);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      boolean v = rs.getBoolean(i);
      if (!v && rs.wasNull()) {
        value.setNull();
      } else {
        value.setBoolean(v);
      }
    }
  }

  /**
   * The driver's text of the value: strings, and (as {@code DECIMAL} or {@code INTEGER}) exact
   * decimals whose driver text is already plain digits (MariaDB).
   */
  static final class Text extends Cell {
    Text(Kind kind) {
      super(kind);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      value.setString(rs.getString(i));
    }
  }

  /** Exact decimals (and unsigned 64-bit integers) as plain digits, never through a double. */
  static final class Decimal extends Cell {
    Decimal(Kind kind) {
      super(kind);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      BigDecimal d = rs.getBigDecimal(i);
      value.setString(d == null ? null : d.toPlainString());
    }
  }

  static final class Binary extends Cell {
    Binary() {
      super(Kind.BASE64);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      byte[] v = rs.getBytes(i);
      if (v == null) {
        value.setNull();
      } else {
        value.setBytes(v, 0, v.length);
      }
    }
  }

  /**
   * A JDBC array as Java objects (see {@link DriverObjects}). An array of instants (PostgreSQL
   * {@code timestamptz[]}) comes back as {@code java.sql.Timestamp} elements, which become
   * Instants, written as UTC instants like their scalar column would be.
   */
  static final class Arr extends Cell {
    private final boolean instants;

    Arr(String typeName) {
      super(Kind.ARRAY);
      this.instants = typeName.contains("timestamptz") || typeName.contains("with time zone");
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      value.setObject(DriverObjects.of(rs.getArray(i), instants));
    }
  }

  /** Whatever {@code getObject} returns, by its Java class; SQLite's per-value types land here. */
  static final class Dynamic extends Cell {
    Dynamic() {
      super(Kind.DYNAMIC);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      value.setObject(DriverObjects.of(rs.getObject(i), false));
    }
  }
}
