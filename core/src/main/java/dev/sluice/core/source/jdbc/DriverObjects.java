package dev.sluice.core.source.jdbc;

import java.sql.Array;
import java.sql.SQLException;

/**
 * What a driver's {@code getObject} or {@code Array.getArray()} returned, made into the objects
 * {@link dev.sluice.core.source.Value.Form#OBJECT} allows: the {@code java.sql} date and time
 * classes become their {@code java.time} kin (local, as the driver read them), and a {@code
 * java.sql.Array} its elements, nested arrays included. Everything else stays as it is.
 */
final class DriverObjects {
  private DriverObjects() {}

  /**
   * The object for {@code v}; {@code instants} turns timestamps into Instants instead of local
   * date-times (the elements of a {@code timestamptz[]}, which pgjdbc reads in the JVM's zone).
   */
  static Object of(Object v, boolean instants) throws SQLException {
    if (v instanceof java.sql.Timestamp t) {
      return instants ? t.toInstant() : t.toLocalDateTime();
    } else if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    } else if (v instanceof java.sql.Time t) {
      return t.toLocalTime();
    } else if (v instanceof Array a) {
      try {
        return of(a.getArray(), instants);
      } finally {
        a.free();
      }
    } else if (v instanceof Object[] elements) {
      Object[] out = elements;
      for (int i = 0; i < elements.length; i++) {
        Object e = of(elements[i], instants);
        if (e != elements[i]) {
          if (out == elements) {
            out = java.util.Arrays.copyOf(elements, elements.length, Object[].class);
          }
          out[i] = e;
        }
      }
      return out;
    }
    return v;
  }
}
