package dev.sluice.core.format.parquet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 text to Parquet's numbers (days, microseconds) and java.time objects to the text the
 * other formats write. The common shapes ({@code 2024-01-02}, {@code 2024-01-02T03:04:05.123456},
 * with {@code Z} for an instant) are read digit by digit; anything else goes through java.time.
 */
final class Temporals {
  private Temporals() {}

  /** The text of a java.time object as the other formats write it; other objects' toString. */
  static String text(Object o) {
    return switch (o) {
      case OffsetTime t -> DateTimeFormatter.ISO_OFFSET_TIME.format(t);
      case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
      case LocalDateTime t -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
      case OffsetDateTime t -> t.toInstant().toString();
      case ZonedDateTime t -> t.toInstant().toString();
      default -> String.valueOf(o);
    };
  }

  /** Days since 1970-01-01 of {@code yyyy-mm-dd}, or of any ISO date. */
  static long epochDay(byte[] b, int off, int len) {
    if (len == 10 && b[off + 4] == '-' && b[off + 7] == '-') {
      int y = digits(b, off, 4);
      int m = digits(b, off + 5, 2);
      int d = digits(b, off + 8, 2);
      if (y >= 0 && m >= 0 && d >= 0) {
        return LocalDate.of(y, m, d).toEpochDay();
      }
    }
    return LocalDate.parse(Leaf.text(b, off, len)).toEpochDay();
  }

  /** Microseconds since midnight of {@code hh:mm:ss[.ffffff]}. */
  static long microOfDay(byte[] b, int off, int len) {
    return micros(LocalTime.parse(Leaf.text(b, off, len)).toNanoOfDay());
  }

  /**
   * Microseconds since 1970-01-01T00:00 of a local ISO date-time, or of an instant when the text
   * ends in {@code Z} or an offset.
   */
  static long epochMicros(byte[] b, int off, int len) {
    int end = off + len;
    boolean z = len > 0 && b[end - 1] == 'Z';
    int n = z ? len - 1 : len;
    if (n >= 19 && b[off + 4] == '-' && b[off + 10] == 'T' && b[off + 13] == ':') {
      int y = digits(b, off, 4);
      int mo = digits(b, off + 5, 2);
      int d = digits(b, off + 8, 2);
      int h = digits(b, off + 11, 2);
      int mi = digits(b, off + 14, 2);
      int s = digits(b, off + 17, 2);
      long micros = fraction(b, off + 19, off + n);
      if ((y | mo | d | h | mi | s) >= 0 && micros >= 0 && h < 24 && mi < 60 && s < 60) {
        long day = LocalDate.of(y, mo, d).toEpochDay();
        return (day * 86_400 + h * 3600L + mi * 60L + s) * 1_000_000 + micros;
      }
    }
    var text = Leaf.text(b, off, len);
    if (z || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
      var i = OffsetDateTime.parse(text).toInstant();
      return micros(i.getEpochSecond(), i.getNano());
    }
    var t = LocalDateTime.parse(text);
    return micros(
        t.toLocalDate().toEpochDay() * 86_400 + t.toLocalTime().toSecondOfDay(), t.getNano());
  }

  /** Microseconds of a {@code .ffffff} fraction from {@code b[p, end)}; -1 if it is not one. */
  private static long fraction(byte[] b, int p, int end) {
    if (p == end) {
      return 0;
    }
    if (b[p] != '.' || end - p > 7 || end - p < 2) {
      return -1;
    }
    long v = 0;
    for (int i = p + 1; i < p + 7; i++) {
      int digit = i < end ? b[i] - '0' : 0;
      if (digit < 0 || digit > 9) {
        return -1;
      }
      v = v * 10 + digit;
    }
    return v;
  }

  /** The number of {@code count} ASCII digits at {@code b[p]}, or -1. */
  private static int digits(byte[] b, int p, int count) {
    int v = 0;
    for (int i = p; i < p + count; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      v = v * 10 + digit;
    }
    return v;
  }

  /** Microseconds of {@code nanos}; fails when they are not whole microseconds. */
  static long micros(long nanos) {
    if (nanos % 1000 != 0) {
      throw new ArithmeticException("nanoseconds");
    }
    return nanos / 1000;
  }

  static long micros(long epochSecond, int nano) {
    if (nano % 1000 != 0) {
      throw new ArithmeticException("nanoseconds");
    }
    return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), nano / 1000);
  }

  static long micros(Instant i) {
    return micros(i.getEpochSecond(), i.getNano());
  }
}
