package dev.sluice.s3;

import java.util.List;

/** Part sizes as runs: {@code 8388608x1089,...}. */
final class Sizes {
  private Sizes() {}

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
