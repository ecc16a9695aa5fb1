package dev.sluice.core.format;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The cells for the portable JDBC types, read with the typed getters any driver has. */
final class GenericCells {
  private GenericCells() {}

  static final class Int extends Cell {
    private long v;

    Int() {
      super("integer");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getLong(i);
      return v != 0 || !rs.wasNull();
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.decimal(v);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.decimal(v);
    }
  }

  static final class Float64 extends Cell {
    private double v;

    Float64() {
      super("float");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getDouble(i);
      return v != 0 || !rs.wasNull();
    }

    @Override
    void json(ByteWriter w) throws IOException {
      jsonDouble(w, v, Double.toString(v));
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.ascii(Double.toString(v));
    }
  }

  /** Single precision, printed as the shortest float text so 0.1 stays 0.1. */
  static final class Float32 extends Cell {
    private float v;

    Float32() {
      super("float");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getFloat(i);
      return v != 0 || !rs.wasNull();
    }

    @Override
    void json(ByteWriter w) throws IOException {
      jsonDouble(w, v, Float.toString(v));
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.ascii(Float.toString(v));
    }
  }

  static final class Bool extends Cell {
    private boolean v;

    Bool() {
      super("boolean");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getBoolean(i);
      return v || !rs.wasNull();
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.ascii(v ? "true" : "false");
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.ascii(v ? "true" : "false");
    }
  }

  static class Text extends Cell {
    String v;

    Text(String outputType) {
      super(outputType);
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getString(i);
      return v != null;
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.jsonString(v);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.field(v);
    }
  }

  /** An exact decimal as the driver's own text, when that text is already plain digits. */
  static class DecimalText extends Text {
    DecimalText(String outputType) {
      super(outputType);
    }

    @Override
    void json(ByteWriter w) throws IOException {
      w.ascii(v);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      w.out.ascii(v);
    }
  }

  /** Exact decimals (and unsigned 64-bit integers) as plain digits, never through a double. */
  static final class Decimal extends DecimalText {
    Decimal(String outputType) {
      super(outputType);
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      BigDecimal d = rs.getBigDecimal(i);
      v = d == null ? null : d.toPlainString();
      return v != null;
    }
  }

  /**
   * JSON the database has validated, embedded as JSON. Line breaks can only be whitespace in
   * valid JSON, so they become spaces: an NDJSON line stays one line.
   */
  static final class Json extends Text {
    Json() {
      super("json");
    }

    @Override
    void json(ByteWriter w) throws IOException {
      if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        w.utf8(v.replace('\n', ' ').replace('\r', ' '));
      } else {
        w.utf8(v);
      }
    }
  }

  static final class Binary extends Cell.Bare {
    private byte[] v;

    Binary() {
      super("base64");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getBytes(i);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      w.base64(v, 0, v.length);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      if (v.length == 0) {
        w.field(""); // Quoted when the null string is empty, so it stays apart from NULL.
      } else {
        text(w.out);
      }
    }
  }

  /**
   * A JDBC array, element by element through {@link ObjectWriter}; CSV gets its JSON text. An
   * array of instants (PostgreSQL {@code timestamptz[]}) comes back as {@code java.sql.Timestamp}
   * elements, which are written as UTC instants like their scalar column would be.
   */
  static final class Arr extends Cell {
    private final boolean instants;
    private Object[] v;
    private final ByteWriter scratch = ByteWriter.growing();

    Arr(String typeName) {
      super("array");
      this.instants = typeName.contains("timestamptz") || typeName.contains("with time zone");
    }

    private static Object[] instants(Object[] elements) {
      Object[] out = new Object[elements.length];
      for (int i = 0; i < elements.length; i++) {
        Object e = elements[i];
        if (e instanceof java.sql.Timestamp t) {
          out[i] = t.toInstant();
        } else if (e instanceof Object[] nested) {
          out[i] = instants(nested);
        } else {
          out[i] = e;
        }
      }
      return out;
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      Array a = rs.getArray(i);
      if (a == null) {
        v = null;
        return false;
      }
      try {
        v = ObjectWriter.elements(a.getArray());
        if (instants) {
          v = instants(v);
        }
      } finally {
        a.free();
      }
      return true;
    }

    @Override
    void json(ByteWriter w) throws IOException {
      ObjectWriter.json(w, v);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      scratch.reset();
      ObjectWriter.json(scratch, v);
      w.field(scratch.buf, 0, scratch.pos);
    }
  }

  /** Whatever {@code getObject} returns, by its Java class; SQLite's per-value types land here. */
  static class Dynamic extends Cell {
    Object v;
    private final ByteWriter scratch = ByteWriter.growing();

    Dynamic() {
      this("dynamic");
    }

    Dynamic(String outputType) {
      super(outputType);
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getObject(i);
      return v != null;
    }

    @Override
    void json(ByteWriter w) throws IOException {
      ObjectWriter.json(w, v);
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      if (v instanceof String s) {
        w.field(s);
      } else {
        scratch.reset();
        ObjectWriter.csvText(scratch, v);
        w.field(scratch.buf, 0, scratch.pos);
      }
    }
  }
}
