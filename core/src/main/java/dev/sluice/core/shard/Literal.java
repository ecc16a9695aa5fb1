package dev.sluice.core.shard;

import dev.sluice.core.source.jdbc.Dialect;
import java.util.regex.Pattern;

/**
 * A key value as an SQL literal for a shard's predicate, which workers paste into their query: a
 * number only when it is one, anything else quoted so that it cannot end the string.
 */
final class Literal {
  private static final Pattern NUMBER =
      Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

  private Literal() {}

  /**
   * {@code value} (the database's text for a key value) as a literal, or null when it cannot be
   * written safely for this database (a MariaDB string with a backslash, whose meaning depends on
   * the server's sql_mode; a non-numeric value of a numeric column outside PostgreSQL).
   *
   * <p>PostgreSQL gets an escape string ({@code E'...'}), whose backslashes mean the same whatever
   * {@code standard_conforming_strings} says; as an untyped literal it takes the key column's type
   * and collation, so {@code 'NaN'}, a uuid or a timestamp compare as the column's values do.
   * MariaDB compares a date/time column with a string as a date/time.
   */
  static String of(Dialect dialect, boolean numeric, String value) {
    if (value.indexOf('\0') >= 0) {
      return null;
    }
    if (numeric && NUMBER.matcher(value).matches()) {
      return value;
    }
    return switch (dialect) {
      case POSTGRESQL -> "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
      case MARIADB -> numeric || value.indexOf('\\') >= 0 ? null : quoted(value);
      default -> numeric ? null : quoted(value);
    };
  }

  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
