package dev.sluice.core.format.parquet;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.apache.parquet.schema.PrimitiveType;

/**
 * DATE (days), TIME(MICROS) and TIMESTAMP(MICROS), local or adjusted to UTC. A value Parquet's type
 * cannot hold fails the export: PostgreSQL's {@code infinity}, a MariaDB TIME outside a day ({@code
 * 838:59:59}), a fraction finer than a microsecond.
 */
final class TimeLeaves {
  private TimeLeaves() {}

  /** A temporal leaf: parse errors become {@link #unfit} failures. */
  abstract static class Temporal extends Leaf {
    Temporal(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    final void ofText(byte[] b, int off, int len, int r, int d) {
      long v;
      try {
        v = parse(b, off, len);
      } catch (DateTimeException | ArithmeticException | IndexOutOfBoundsException e) {
        throw unfit("the value " + NumberLeaves.quoted(b, off, len));
      }
      write(v, r, d);
    }

    @Override
    final void ofObject(Object o, int r, int d) {
      long v;
      try {
        v = convert(o);
      } catch (DateTimeException | ArithmeticException e) {
        throw unfit("the value " + Temporals.text(o));
      }
      if (v == Long.MIN_VALUE) {
        super.ofObject(o, r, d);
      } else {
        write(v, r, d);
      }
    }

    abstract long parse(byte[] b, int off, int len);

    /** The number of {@code o}, or {@link Long#MIN_VALUE} for a class this leaf does not take. */
    abstract long convert(Object o);

    void write(long v, int r, int d) {
      w.write(v, r, d);
    }
  }

  static final class Date extends Temporal {
    Date(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    long parse(byte[] b, int off, int len) {
      return Temporals.epochDay(b, off, len);
    }

    @Override
    long convert(Object o) {
      return o instanceof LocalDate d ? d.toEpochDay() : Long.MIN_VALUE;
    }

    @Override
    void write(long v, int r, int d) {
      w.write(Math.toIntExact(v), r, d);
    }
  }

  static final class Time extends Temporal {
    Time(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    long parse(byte[] b, int off, int len) {
      return Temporals.microOfDay(b, off, len);
    }

    @Override
    long convert(Object o) {
      return o instanceof LocalTime t ? Temporals.micros(t.toNanoOfDay()) : Long.MIN_VALUE;
    }
  }

  static final class Timestamp extends Temporal {
    Timestamp(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    long parse(byte[] b, int off, int len) {
      return Temporals.epochMicros(b, off, len);
    }

    @Override
    long convert(Object o) {
      if (o instanceof LocalDateTime t) {
        return Temporals.micros(
            t.toLocalDate().toEpochDay() * 86_400 + t.toLocalTime().toSecondOfDay(), t.getNano());
      }
      return Long.MIN_VALUE;
    }
  }

  static final class TimestampTz extends Temporal {
    TimestampTz(String column, PrimitiveType type) {
      super(column, type);
    }

    @Override
    void ofInstant(long epochSecond, int nano, int r, int d) {
      long v;
      try {
        v = Temporals.micros(epochSecond, nano);
      } catch (ArithmeticException e) {
        throw unfit("the instant " + Instant.ofEpochSecond(epochSecond, nano));
      }
      w.write(v, r, d);
    }

    @Override
    long parse(byte[] b, int off, int len) {
      return Temporals.epochMicros(b, off, len);
    }

    @Override
    long convert(Object o) {
      return switch (o) {
        case Instant i -> Temporals.micros(i);
        case OffsetDateTime t -> Temporals.micros(t.toInstant());
        case ZonedDateTime t -> Temporals.micros(t.toInstant());
        default -> Long.MIN_VALUE;
      };
    }
  }
}
