package dev.sluice.s3;

import java.util.List;
import java.util.Locale;

/** Byte counts for people: {@code 136 MiB}, and part sizes as runs: {@code 8388608x1089,...}. */
final class Sizes {
  private Sizes() {}

  static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit == 0 || value >= 10 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%d %s", Math.round(Math.floor(value)), units[unit]);
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** Consecutive equal sizes as {@code size x count}, comma-separated. */
  static String runs(List<Long> sizes) {
    var out = new StringBuilder();
    int i = 0;
    while (i < sizes.size()) {
      long size = sizes.get(i);
      int j = i;
      while (j < sizes.size() && sizes.get(j) == size) {
        j++;
      }
      if (!out.isEmpty()) {
        out.append(',');
      }
      out.append(size).append('x').append(j - i);
      i = j;
    }
    return out.toString();
  }
}
