package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * Dates and times through the portable getters ({@code getObject(i, LocalDate.class)} and its kin),
 * handed over as those {@code java.time} objects.
 */
final class TemporalCells {
  private TemporalCells() {}

  /** A {@code getObject(i, type)} read of a {@code java.time} type. */
  static final class Typed extends Cell {
    private final Class<?> type;

    private Typed(Kind kind, Class<?> type) {
      super(kind);
      this.type = type;
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      value.setObject(rs.getObject(i, type));
    }
  }

  static Cell date() {
    return new Typed(Kind.DATE, LocalDate.class);
  }

  static Cell time() {
    return new Typed(Kind.TIME, LocalTime.class);
  }

  static Cell timeTz() {
    return new Typed(Kind.TIMETZ, OffsetTime.class);
  }

  static Cell timestamp() {
    return new Typed(Kind.TIMESTAMP, LocalDateTime.class);
  }

  /** An instant, whatever offset it came with; formats write it in UTC. */
  static Cell timestampTz() {
    return new TimestampTz();
  }

  /** An instant as seconds and nanoseconds, so no format has to look at its class. */
  static final class TimestampTz extends Cell {
    TimestampTz() {
      super(Kind.TIMESTAMPTZ);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
      if (v == null) {
        value.setNull();
      } else {
        value.setInstant(v.toEpochSecond(), v.getNano());
      }
    }
  }

  /**
   * A time of day or a duration as the driver's {@code [-]h:mm:ss[.ffffff]} text (MariaDB TIME),
   * with the fraction's trailing zeros removed like every other time.
   */
  static final class TimeText extends Cell {
    TimeText() {
      super(Kind.TIME);
    }

    @Override
    void read(ResultSet rs, int i) throws SQLException {
      String v = rs.getString(i);
      if (v == null) {
        value.setNull();
        return;
      }
      int end = v.length();
      if (v.indexOf('.') >= 0) {
        while (v.charAt(end - 1) == '0') {
          end--;
        }
        if (v.charAt(end - 1) == '.') {
          end--;
        }
      }
      value.setString(v.substring(0, end));
    }
  }
}
