package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL interval as an ISO-8601 duration, written the way PostgreSQL's own {@code
 * IntervalStyle = iso_8601} writes it: {@code P1Y2M3DT4H5M6.5S}, each part with its own sign
 * ({@code P-1Y-2M3DT-4H-5M-6S}), {@code PT0S} for zero. Read from the default {@code postgres}
 * style text, e.g. {@code 1 year 2 mons -3 days -04:05:06.5}.
 */
final class PgInterval extends Cell {
  PgInterval() {
    super(Kind.INTERVAL);
  }

  @Override
  void read(ResultSet rs, int i) throws SQLException {
    String v = rs.getString(i);
    value.setString(v == null ? null : iso(v));
  }

  /** Converts postgres-style interval text to ISO-8601; other text is returned as it is. */
  static String iso(String pg) {
    long years = 0;
    long months = 0;
    long days = 0;
    String time = null;
    String[] parts = pg.trim().split(" +");
    for (int k = 0; k < parts.length; k++) {
      String p = parts[k];
      if (p.indexOf(':') >= 0) {
        time = p;
        continue;
      }
      if (k + 1 >= parts.length) {
        return pg;
      }
      long n;
      try {
        n = Long.parseLong(p);
      } catch (NumberFormatException e) {
        return pg; // Another IntervalStyle (iso_8601, sql_standard): pass it on untouched.
      }
      String unit = parts[++k];
      if (unit.startsWith("year")) {
        years = n;
      } else if (unit.startsWith("mon")) {
        months = n;
      } else if (unit.startsWith("day")) {
        days = n;
      } else {
        return pg;
      }
    }
    StringBuilder sb = new StringBuilder("P");
    if (years != 0) {
      sb.append(years).append('Y');
    }
    if (months != 0) {
      sb.append(months).append('M');
    }
    if (days != 0) {
      sb.append(days).append('D');
    }
    if (time != null) {
      boolean negative = time.startsWith("-");
      String[] hms = (negative || time.startsWith("+") ? time.substring(1) : time).split(":");
      if (hms.length != 3) {
        return pg;
      }
      String sign = negative ? "-" : "";
      long h = Long.parseLong(hms[0]);
      long m = Long.parseLong(hms[1]);
      String s = hms[2];
      boolean zeroSeconds = s.chars().allMatch(c -> c == '0' || c == '.');
      if (h != 0 || m != 0 || !zeroSeconds) {
        sb.append('T');
        if (h != 0) {
          sb.append(sign).append(h).append('H');
        }
        if (m != 0) {
          sb.append(sign).append(m).append('M');
        }
        if (!zeroSeconds) {
          // Trim the leading zero of "05.5" and any trailing zeros of the fraction.
          String sec = s.replaceFirst("^0(?=\\d)", "");
          if (sec.indexOf('.') >= 0) {
            sec = sec.replaceFirst("0+$", "").replaceFirst("\\.$", "");
          }
          sb.append(sign).append(sec).append('S');
        }
      }
    }
    return sb.length() == 1 ? "PT0S" : sb.toString();
  }
}
