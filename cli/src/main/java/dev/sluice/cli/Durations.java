package dev.sluice.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as users write them on a command line: a number and a unit, {@code 500ms}, {@code 30s},
 * {@code 10m}, {@code 6h}, {@code 2d}; a bare number is seconds.
 */
final class Durations implements ITypeConverter<Duration> {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

  @Override
  public Duration convert(String value) {
    var m = TEXT.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration such as 30s, 10m or 6h");
    }
    long n = Long.parseLong(m.group(1));
    var unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new AssertionError(unit);
    };
  }

  /** {@code d} the way it is written: {@code 90s} as {@code 1m30s}, {@code 2h}. */
  static String format(Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    var sb = new StringBuilder();
    long s = d.toSeconds();
    if (s >= 3600) {
      sb.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      sb.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0 || sb.isEmpty()) {
      sb.append(s % 60).append('s');
    }
    return sb.toString();
  }
}
