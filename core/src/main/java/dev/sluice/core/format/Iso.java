package dev.sluice.core.format;

import java.io.IOException;

/**
 * ISO-8601 text for dates and times, written straight into a {@link ByteWriter} without allocating.
 * Seconds are always written; a fraction only when it is not zero, with its trailing zeros removed
 * (as PostgreSQL prints it). Years outside 0000 to 9999 get a sign and at least four digits, as
 * {@link java.time.LocalDate#toString()} writes them.
 */
final class Iso {
  private Iso() {}

  static void date(ByteWriter w, long year, int month, int day) throws IOException {
    if (year < 0) {
      w.write((byte) '-');
      w.padded(-year, 4);
    } else {
      if (year > 9999) {
        w.write((byte) '+');
      }
      w.padded(year, 4);
    }
    w.write((byte) '-');
    w.padded(month, 2);
    w.write((byte) '-');
    w.padded(day, 2);
  }

  static void time(ByteWriter w, int hour, int minute, int second, int nano) throws IOException {
    w.padded(hour, 2);
    w.write((byte) ':');
    w.padded(minute, 2);
    w.write((byte) ':');
    w.padded(second, 2);
    fraction(w, nano);
  }

  /** Writes {@code .nnn} for a nanosecond fraction, trailing zeros removed; nothing for zero. */
  static void fraction(ByteWriter w, int nano) throws IOException {
    if (nano == 0) {
      return;
    }
    int digits = 9;
    while (nano % 10 == 0) {
      nano /= 10;
      digits--;
    }
    w.write((byte) '.');
    w.padded(nano, digits);
  }

  /** Writes a UTC offset as {@code Z} or {@code +hh:mm}, with {@code :ss} when it has seconds. */
  static void offset(ByteWriter w, int totalSeconds) throws IOException {
    if (totalSeconds == 0) {
      w.write((byte) 'Z');
      return;
    }
    w.write((byte) (totalSeconds < 0 ? '-' : '+'));
    int s = Math.abs(totalSeconds);
    w.padded(s / 3600, 2);
    w.write((byte) ':');
    w.padded(s / 60 % 60, 2);
    if (s % 60 != 0) {
      w.write((byte) ':');
      w.padded(s % 60, 2);
    }
  }

  /** Writes the instant as a UTC date-time: {@code 2024-01-02T03:04:05.123Z}. */
  static void utc(ByteWriter w, long epochSecond, int nano) throws IOException {
    long days = Math.floorDiv(epochSecond, 86_400L);
    int secs = (int) Math.floorMod(epochSecond, 86_400L);
    civil(w, days);
    w.write((byte) 'T');
    time(w, secs / 3600, secs / 60 % 60, secs % 60, nano);
    w.write((byte) 'Z');
  }

  /** Writes the date of a day count since 1970-01-01 (proleptic Gregorian). */
  static void civil(ByteWriter w, long epochDay) throws IOException {
    // Howard Hinnant's civil_from_days.
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    date(w, year, month, day);
  }
}
