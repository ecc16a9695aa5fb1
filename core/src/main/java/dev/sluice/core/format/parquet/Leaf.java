package dev.sluice.core.format.parquet;

import dev.sluice.core.source.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Writes the values of one Parquet leaf column (a scalar column, or the elements of a list) from
 * whatever form the source hands them over in: the typed forms of {@link Value}, their text, or a
 * Java object. Chosen once per column from the column's Parquet type ({@link Leaves#of}), so the
 * conversion is the schema's. A subclass writes the forms its type takes directly and parses the
 * rest from text; a value its type cannot hold exactly fails the export with {@link #unfit}.
 *
 * <p>Each method takes the repetition and definition levels of the value: for a scalar column 0 and
 * 1, for a list element what the list writer computed.
 */
abstract class Leaf {
  /** The column's name, for messages. */
  final String column;

  /** The leaf's Parquet type. */
  final PrimitiveType type;

  /** The current row group's writer of this leaf; replaced for each row group. */
  ColumnWriter w;

  Leaf(String column, PrimitiveType type) {
    this.column = column;
    this.type = type;
  }

  /** Writes {@code v}, the current row's value of a scalar column. */
  final void scalar(Value v) {
    if (v.isNull()) {
      w.writeNull(0, 0);
      return;
    }
    switch (v.form()) {
      case LONG -> ofLong(v.longValue(), 0, 1);
      case DOUBLE -> ofDouble(v.doubleValue(), 0, 1);
      case FLOAT -> ofFloat(v.floatValue(), 0, 1);
      case BOOLEAN -> ofBoolean(v.booleanValue(), 0, 1);
      case INSTANT -> ofInstant(v.epochSecond(), v.nano(), 0, 1);
      case TEXT -> ofText(v.bytes(), v.offset(), v.length(), 0, 1);
      case STRING -> ofString(v.string(), 0, 1);
      case BYTES -> ofBytes(v.bytes(), v.offset(), v.length(), 0, 1);
      case OBJECT -> ofObject(v.object(), 0, 1);
      case ELEMENTS -> throw unfit("an array");
    }
  }

  /** The value as UTF-8 text {@code b[off, off + len)}, in the text formats' form. */
  abstract void ofText(byte[] b, int off, int len, int r, int d);

  void ofString(String s, int r, int d) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ofText(b, 0, b.length, r, d);
  }

  void ofLong(long v, int r, int d) {
    ofString(Long.toString(v), r, d);
  }

  void ofDouble(double v, int r, int d) {
    ofString(Double.toString(v), r, d);
  }

  void ofFloat(float v, int r, int d) {
    ofString(Float.toString(v), r, d);
  }

  void ofBoolean(boolean v, int r, int d) {
    ofString(Boolean.toString(v), r, d);
  }

  void ofInstant(long epochSecond, int nano, int r, int d) {
    ofString(java.time.Instant.ofEpochSecond(epochSecond, nano).toString(), r, d);
  }

  void ofBytes(byte[] b, int off, int len, int r, int d) {
    throw unfit("binary data");
  }

  /** A Java object of {@link Value.Form#OBJECT}, by its class. */
  void ofObject(Object o, int r, int d) {
    switch (o) {
      case Long l -> ofLong(l, r, d);
      case Integer i -> ofLong(i, r, d);
      case Short s -> ofLong(s, r, d);
      case Byte b -> ofLong(b, r, d);
      case Double x -> ofDouble(x, r, d);
      case Float f -> ofFloat(f, r, d);
      case Boolean b -> ofBoolean(b, r, d);
      case BigDecimal n -> ofString(n.toPlainString(), r, d);
      case byte[] b -> ofBytes(b, 0, b.length, r, d);
      case String s -> ofString(s, r, d);
      default -> ofString(Temporals.text(o), r, d);
    }
  }

  /** The failure for a value this column's Parquet type cannot hold exactly. */
  final IllegalArgumentException unfit(String what) {
    return new IllegalArgumentException(
        "column \""
            + column
            + "\": "
            + what
            + " does not fit its Parquet type "
            + ParquetTypes.describe(type)
            + "; cast the column in the query (to text, or to a type that holds it)");
  }

  static String text(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8);
  }
}
