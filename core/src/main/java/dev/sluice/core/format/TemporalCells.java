package dev.sluice.core.format;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * Dates and times through the portable getters ({@code getObject(i, LocalDate.class)} and its
 * kin), written as ISO-8601 by {@link Iso}.
 */
final class TemporalCells {
  private TemporalCells() {}

  static final class Date extends Cell.Bare {
    private LocalDate v;

    Date() {
      super("date");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getObject(i, LocalDate.class);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      Iso.date(w, v.getYear(), v.getMonthValue(), v.getDayOfMonth());
    }
  }

  static final class Time extends Cell.Bare {
    private LocalTime v;

    Time() {
      super("time");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getObject(i, LocalTime.class);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      Iso.time(w, v.getHour(), v.getMinute(), v.getSecond(), v.getNano());
    }
  }

  /**
   * A time of day or a duration as the driver's {@code [-]h:mm:ss[.ffffff]} text (MariaDB TIME),
   * with the fraction's trailing zeros removed like every other time.
   */
  static final class TimeText extends Cell.Bare {
    private String v;

    TimeText() {
      super("time");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getString(i);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      int end = v.length();
      if (v.indexOf('.') >= 0) {
        while (v.charAt(end - 1) == '0') {
          end--;
        }
        if (v.charAt(end - 1) == '.') {
          end--;
        }
      }
      w.ascii(v.substring(0, end));
    }
  }

  static final class TimeTz extends Cell.Bare {
    private OffsetTime v;

    TimeTz() {
      super("timetz");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getObject(i, OffsetTime.class);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      Iso.time(w, v.getHour(), v.getMinute(), v.getSecond(), v.getNano());
      Iso.offset(w, v.getOffset().getTotalSeconds());
    }
  }

  static final class Timestamp extends Cell.Bare {
    private LocalDateTime v;

    Timestamp() {
      super("timestamp");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getObject(i, LocalDateTime.class);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      Iso.date(w, v.getYear(), v.getMonthValue(), v.getDayOfMonth());
      w.write((byte) 'T');
      Iso.time(w, v.getHour(), v.getMinute(), v.getSecond(), v.getNano());
    }
  }

  /** An instant, normalised to UTC: {@code 2024-01-02T03:04:05Z} whatever offset it came with. */
  static final class TimestampTz extends Cell.Bare {
    private OffsetDateTime v;

    TimestampTz() {
      super("timestamptz");
    }

    @Override
    boolean read(ResultSet rs, int i) throws SQLException {
      v = rs.getObject(i, OffsetDateTime.class);
      return v != null;
    }

    @Override
    void text(ByteWriter w) throws IOException {
      Iso.utc(w, v.toEpochSecond(), v.getNano());
    }
  }
}
