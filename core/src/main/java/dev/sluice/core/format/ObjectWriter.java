package dev.sluice.core.format;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;

/**
 * Writes a Java object a source handed over ({@link dev.sluice.core.source.Value.Form#OBJECT}:
 * dynamic values, array elements) by its class, with the same mapping as the typed fields. The slow
 * path: used for arrays, SQLite's per-value types and types no field knows.
 */
final class ObjectWriter {
  private ObjectWriter() {}

  /** The elements of an array, boxed if primitive. */
  static Object[] elements(Object array) {
    if (array instanceof Object[] objects) {
      return objects;
    }
    int n = java.lang.reflect.Array.getLength(array);
    Object[] boxed = new Object[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = java.lang.reflect.Array.get(array, i);
    }
    return boxed;
  }

  /** Writes {@code v} as one JSON value. */
  static void json(ByteWriter w, Object v) throws IOException {
    if (v == null) {
      w.ascii("null");
    } else if (v instanceof String s) {
      w.jsonString(s);
    } else if (v instanceof Boolean b) {
      w.ascii(b ? "true" : "false");
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      w.decimal(((Number) v).longValue());
    } else if (v instanceof BigDecimal d) {
      w.ascii(d.toPlainString());
    } else if (v instanceof BigInteger b) {
      w.ascii(b.toString());
    } else if (v instanceof Double d) {
      Field.jsonDouble(w, d, d.toString());
    } else if (v instanceof Float f) {
      Field.jsonDouble(w, f, f.toString());
    } else if (v instanceof Object[] || v.getClass().isArray() && !(v instanceof byte[])) {
      Object[] elements = elements(v);
      w.write((byte) '[');
      for (int i = 0; i < elements.length; i++) {
        if (i > 0) {
          w.write((byte) ',');
        }
        json(w, elements[i]);
      }
      w.write((byte) ']');
    } else if (v instanceof char[] chars) {
      w.jsonString(new String(chars));
    } else if (isTemporalOrBytes(v)) {
      w.write((byte) '"');
      text(w, v);
      w.write((byte) '"');
    } else {
      // UUIDs and anything unknown: their own text.
      w.jsonString(v.toString());
    }
  }

  /** Writes {@code v} as the unquoted text of a CSV field: strings as they are, else as JSON. */
  static void csvText(ByteWriter w, Object v) throws IOException {
    if (v instanceof String s) {
      w.utf8(s);
    } else if (v instanceof Double || v instanceof Float) {
      w.ascii(v.toString());
    } else if (isTemporalOrBytes(v)) {
      text(w, v);
    } else if (isScalarString(v)) {
      w.utf8(v.toString());
    } else {
      json(w, v);
    }
  }

  private static boolean isScalarString(Object v) {
    return !(v instanceof Boolean
        || v instanceof Number
        || v instanceof Object[]
        || v.getClass().isArray() && !(v instanceof byte[]));
  }

  private static boolean isTemporalOrBytes(Object v) {
    return v instanceof byte[]
        || v instanceof java.time.temporal.TemporalAccessor
        || v instanceof java.util.Date;
  }

  /** Writes the ASCII text of a date, time or byte string, without quotes. */
  static void text(ByteWriter w, Object v) throws IOException {
    if (v instanceof byte[] b) {
      w.base64(b, 0, b.length);
    } else if (v instanceof LocalDate d) {
      Iso.date(w, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    } else if (v instanceof LocalTime t) {
      Iso.time(w, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    } else if (v instanceof LocalDateTime t) {
      Iso.date(w, t.getYear(), t.getMonthValue(), t.getDayOfMonth());
      w.write((byte) 'T');
      Iso.time(w, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    } else if (v instanceof OffsetDateTime t) {
      Iso.utc(w, t.toEpochSecond(), t.getNano());
    } else if (v instanceof ZonedDateTime t) {
      Iso.utc(w, t.toEpochSecond(), t.getNano());
    } else if (v instanceof Instant t) {
      Iso.utc(w, t.getEpochSecond(), t.getNano());
    } else if (v instanceof OffsetTime t) {
      Iso.time(w, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
      Iso.offset(w, t.getOffset().getTotalSeconds());
    } else if (v instanceof java.util.Date d) {
      long ms = d.getTime();
      Iso.utc(w, Math.floorDiv(ms, 1000), (int) Math.floorMod(ms, 1000) * 1_000_000);
    } else {
      // Another TemporalAccessor (Year, ZoneOffset, ...): its own ISO text.
      w.utf8(v.toString());
    }
  }
}
