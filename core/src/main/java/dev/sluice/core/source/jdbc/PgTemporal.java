package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * PostgreSQL dates and times from their ISO text ({@code DateStyle = ISO}, which pgjdbc sets) to
 * ISO-8601. The common case is the text itself, or a copy with the space turned into {@code T} (and
 * {@code +00} into {@code Z}) in the cell's own buffer; {@code infinity} and {@code -infinity} stay
 * those words. The rare rest is parsed: years BC become ISO's astronomical years (1 BC is 0000) in
 * a {@code java.time} object, years after 9999 too, and an instant in another zone than UTC becomes
 * an instant (seconds and nanoseconds), never an object.
 */
final class PgTemporal {
  private PgTemporal() {}

  /** Reads the bytes and parses them with a cursor; one instance per column. */
  abstract static class Base extends Cell {
    /** The text being parsed, {@code v[p, end)}. */
    byte[] v;

    int off;
    int end;
    int p;

    /** Where the ISO text is put together when it is not the received text. */
    byte[] buf = new byte[40];

    Base(Kind kind) {
      super(kind);
    }

    @Override
    final void read(ResultSet rs, int i) throws SQLException {
      byte[] b = rs.getBytes(i);
      if (b == null) {
        value.setNull();
      } else {
        take(b, 0, b.length);
      }
    }

    @Override
    final boolean takesText() {
      return true;
    }

    final void parse(byte[] b, int off, int len) {
      if (v != b) {
        v = b; // Only a new array is stored: a reference store costs a GC barrier.
      }
      this.off = off;
      this.end = off + len;
      this.p = off;
    }

    final boolean isInfinity() {
      return v[off] == 'i' || v[off] == '-' && end - off > 1 && v[off + 1] == 'i';
    }

    final boolean isBc() {
      return end - off > 3 && v[end - 1] == 'C' && v[end - 2] == 'B';
    }

    final long number() {
      long n = 0;
      byte[] v = this.v;
      while (p < end && v[p] >= '0' && v[p] <= '9') {
        n = n * 10 + (v[p++] - '0');
      }
      return n;
    }

    final byte peek() {
      return p < end ? v[p] : 0;
    }

    final void skip() {
      p++;
    }

    /** Parses {@code .ffffff} if present, as nanoseconds. */
    final int fraction() {
      if (peek() != '.') {
        return 0;
      }
      skip();
      int nano = 0;
      int digits = 0;
      while (p < end && v[p] >= '0' && v[p] <= '9') {
        if (digits++ < 9) {
          nano = nano * 10 + (v[p] - '0');
        }
        p++;
      }
      for (; digits < 9; digits++) {
        nano *= 10;
      }
      return nano;
    }

    /** Parses {@code +hh[:mm[:ss]]} if present, as seconds east of UTC. */
    final int offset() {
      byte sign = peek();
      if (sign != '+' && sign != '-') {
        return 0;
      }
      skip();
      long seconds = number() * 3600;
      if (peek() == ':') {
        skip();
        seconds += number() * 60;
        if (peek() == ':') {
          skip();
          seconds += number();
        }
      }
      return (int) (sign == '-' ? -seconds : seconds);
    }

    /** Parses the date part, {@code yyyy-mm-dd}, honouring a trailing BC. */
    final LocalDate date() {
      long year = number();
      skip();
      int month = (int) number();
      skip();
      int day = (int) number();
      return LocalDate.of((int) (isBc() ? 1 - year : year), month, day);
    }

    /** Parses {@code hh:mm:ss[.ffffff]}. */
    final LocalTime time() {
      int hour = (int) number();
      skip();
      int minute = (int) number();
      skip();
      int second = (int) number();
      return LocalTime.of(hour, minute, second, fraction());
    }

    /** Room for {@code n} bytes in {@link #buf}. */
    final byte[] buf(int n) {
      if (buf.length < n) {
        buf = new byte[Math.max(n, buf.length * 2)];
      }
      return buf;
    }
  }

  static final class Date extends Base {
    Date() {
      super(Kind.DATE);
    }

    @Override
    void take(byte[] b, int off, int len) {
      parse(b, off, len);
      if (len == 10 && b[off + 4] == '-' || isInfinity()) {
        value.setText(b, off, len);
      } else {
        value.setObject(date());
      }
    }
  }

  static final class Time extends Base {
    Time() {
      super(Kind.TIME);
    }

    @Override
    void take(byte[] b, int off, int len) {
      value.setText(b, off, len);
    }
  }

  /** The time as received and the offset as ISO's {@code Z} or {@code +hh:mm[:ss]}. */
  static final class TimeTz extends Base {
    TimeTz() {
      super(Kind.TIMETZ);
    }

    @Override
    void take(byte[] b, int off, int len) {
      parse(b, off, len);
      int sign = off + 8; // The offset starts after hh:mm:ss and any fraction.
      while (b[sign] != '+' && b[sign] != '-') {
        sign++;
      }
      int n = sign - off;
      byte[] out = buf(n + 9);
      System.arraycopy(b, off, out, 0, n);
      p = sign;
      int seconds = offset();
      if (seconds == 0) {
        out[n++] = 'Z';
      } else {
        out[n++] = (byte) (seconds < 0 ? '-' : '+');
        int s = Math.abs(seconds);
        n = two(out, n, s / 3600);
        out[n++] = ':';
        n = two(out, n, s / 60 % 60);
        if (s % 60 != 0) {
          out[n++] = ':';
          n = two(out, n, s % 60);
        }
      }
      value.setText(out, 0, n);
    }

    private static int two(byte[] out, int n, int v) {
      out[n] = (byte) ('0' + v / 10);
      out[n + 1] = (byte) ('0' + v % 10);
      return n + 2;
    }
  }

  static final class Timestamp extends Base {
    Timestamp() {
      super(Kind.TIMESTAMP);
    }

    @Override
    void take(byte[] b, int off, int len) {
      parse(b, off, len);
      if (len >= 10 && b[off + 4] == '-' && !isBc()) {
        byte[] out = buf(len);
        System.arraycopy(b, off, out, 0, len);
        if (len > 10) {
          out[10] = 'T';
        }
        value.setText(out, 0, len);
      } else if (isInfinity()) {
        value.setText(b, off, len);
      } else {
        LocalDate date = date();
        skip();
        value.setObject(LocalDateTime.of(date, time()));
      }
    }
  }

  /** An instant in UTC: {@code 2024-01-02T03:04:05.5Z} whatever the session zone. */
  static final class TimestampTz extends Base {
    TimestampTz() {
      super(Kind.TIMESTAMPTZ);
    }

    @Override
    void take(byte[] b, int off, int len) {
      int e = off + len;
      if (len >= 22 && b[e - 3] == '+' && b[e - 2] == '0' && b[e - 1] == '0' && b[off + 4] == '-') {
        // Already UTC (the session zone is UTC): a copy with T and Z.
        byte[] out = buf(len);
        System.arraycopy(b, off, out, 0, len - 3);
        out[10] = 'T';
        out[len - 3] = 'Z';
        value.setText(out, 0, len - 2);
        return;
      }
      parse(b, off, len);
      if (isInfinity()) {
        value.setText(b, off, len);
        return;
      }
      long year = number();
      skip();
      int month = (int) number();
      skip();
      int day = (int) number();
      skip();
      long seconds = number() * 3600;
      skip();
      seconds += number() * 60;
      skip();
      seconds += number();
      int nano = fraction();
      seconds -= offset();
      long epochDay = epochDay(isBc() ? 1 - year : year, month, day);
      value.setInstant(epochDay * 86_400 + seconds, nano);
    }
  }

  /** The day count since 1970-01-01 of a proleptic Gregorian date. */
  static long epochDay(long year, int month, int day) {
    // Howard Hinnant's days_from_civil.
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }
}
