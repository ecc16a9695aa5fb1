package dev.sluice.core.text;

import java.util.Locale;

/**
 * Byte counts for people, in binary units as {@code pv}, {@code rclone} and {@code aws s3 cp} print
 * them, and as part sizes and memory budgets are set: {@code 512 B}, {@code 8 MiB}, {@code 1.3
 * GiB}. Whole numbers of a unit drop the decimal.
 */
public final class ByteSize {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private ByteSize() {}

  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    // Move up a unit before the one decimal would round to 1024.0.
    while (value >= 1023.95 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    double tenths = Math.round(value * 10) / 10.0;
    return tenths == Math.rint(tenths)
        ? String.format(Locale.ROOT, "%d %s", (long) tenths, UNITS[unit])
        : String.format(Locale.ROOT, "%.1f %s", tenths, UNITS[unit]);
  }
}
