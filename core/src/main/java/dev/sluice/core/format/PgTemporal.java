package dev.sluice.core.format;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL dates and times from their ISO text ({@code DateStyle = ISO}, which pgjdbc sets) to
 * ISO-8601, byte by byte. The common case is a copy with the space turned into {@code T}; years
 * after 9999 get their {@code +}, years BC become ISO's astronomical years (1 BC is 0000), and
 * {@code infinity} and {@code -infinity} stay those words.
 */
final class PgTemporal {
  private PgTemporal() {}

  /** Reads the bytes and parses them with a cursor; one instance per column. */
  abstract static class Base extends Cell.Bare {
    byte[] v;
    private int p;

    Base(String outputType) {
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

    final boolean isInfinity() {
      return v[0] == 'i' || v[0] == '-' && v.length > 1 && v[1] == 'i';
    }

    final boolean isBc() {
      return v.length > 3 && v[v.length - 1] == 'C' && v[v.length - 2] == 'B';
    }

    /** Whether the date has a four-digit year and no era, so it is ISO already. */
    final boolean isPlainDate() {
      return v.length >= 10 && v[4] == '-' && !isBc();
    }

    final void reset() {
      p = 0;
    }

    final long number() {
      long n = 0;
      byte[] v = this.v;
      while (p < v.length && v[p] >= '0' && v[p] <= '9') {
        n = n * 10 + (v[p++] - '0');
      }
      return n;
    }

    final byte peek() {
      return p < v.length ? v[p] : 0;
    }

    final void skip() {
      p++;
    }

    final int position() {
      return p;
    }

    /** Parses {@code .ffffff} if present, as nanoseconds. */
    final int fraction() {
      if (peek() != '.') {
        return 0;
      }
      skip();
      int nano = 0;
      int digits = 0;
      while (p < v.length && v[p] >= '0' && v[p] <= '9') {
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

    /** Parses and writes the date part, {@code yyyy-mm-dd}, honouring a trailing BC. */
    final void date(ByteWriter w) throws IOException {
      long year = number();
      skip();
      int month = (int) number();
      skip();
      int day = (int) number();
      Iso.date(w, isBc() ? 1 - year : year, month, day);
    }
  }

  static final class Date extends Base {
    Date() {
      super("date");
    }

    @Override
    void text(ByteWriter w) throws IOException {
      if (v.length == 10 && v[4] == '-') {
        w.write(v);
      } else if (isInfinity()) {
        w.write(v);
      } else {
        reset();
        date(w);
      }
    }
  }

  static final class Time extends Base {
    Time() {
      super("time");
    }

    @Override
    void text(ByteWriter w) throws IOException {
      w.write(v);
    }
  }

  static final class TimeTz extends Base {
    TimeTz() {
      super("timetz");
    }

    @Override
    void text(ByteWriter w) throws IOException {
      int sign = 8; // The offset starts after hh:mm:ss and any fraction.
      while (v[sign] != '+' && v[sign] != '-') {
        sign++;
      }
      w.write(v, 0, sign);
      reset();
      while (position() < sign) {
        skip();
      }
      Iso.offset(w, offset());
    }
  }

  static final class Timestamp extends Base {
    Timestamp() {
      super("timestamp");
    }

    @Override
    void text(ByteWriter w) throws IOException {
      if (isPlainDate()) {
        w.write(v, 0, 10);
        w.write((byte) 'T');
        w.write(v, 11, v.length - 11);
      } else if (isInfinity()) {
        w.write(v);
      } else {
        reset();
        date(w);
        w.write((byte) 'T');
        int start = position() + 1;
        int end = isBc() ? v.length - 3 : v.length;
        w.write(v, start, end - start);
      }
    }
  }

  /** An instant, normalised to UTC: {@code 2024-01-02T03:04:05.5Z} whatever the session zone. */
  static final class TimestampTz extends Base {
    TimestampTz() {
      super("timestamptz");
    }

    @Override
    void text(ByteWriter w) throws IOException {
      int n = v.length;
      if (n >= 22 && v[n - 3] == '+' && v[n - 2] == '0' && v[n - 1] == '0' && v[4] == '-') {
        // Already UTC (the session zone is UTC): a copy with T and Z.
        w.write(v, 0, 10);
        w.write((byte) 'T');
        w.write(v, 11, n - 14);
        w.write((byte) 'Z');
      } else if (isInfinity()) {
        w.write(v);
      } else {
        reset();
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
        long epochDay = Iso.epochDay(isBc() ? 1 - year : year, month, day);
        Iso.utc(w, epochDay * 86_400 + seconds, nano);
      }
    }
  }
}
