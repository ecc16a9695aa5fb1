package dev.sluice.core.source.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A possibly qualified table name ({@code orders}, {@code shop.orders}, {@code "Odd.Name"}) turned
 * into SQL with the driver's identifier quote, so that a name is never pasted into a query.
 *
 * <p>Each dot-separated part is quoted. A part the user wrote in double quotes is taken as written;
 * a bare part is folded the way the database folds unquoted names (PostgreSQL to lower case, H2 to
 * upper case), so {@code --table orders} finds the table {@code CREATE TABLE orders} made.
 */
public final class Identifier {
  private Identifier() {}

  /**
   * {@code name} as SQL for the database of {@code meta}, each part quoted.
   *
   * @throws IllegalArgumentException if the name is malformed or this driver cannot quote it
   */
  public static String quote(String name, DatabaseMetaData meta) throws SQLException {
    var parts = parse(name);
    var q = meta.getIdentifierQuoteString();
    boolean upper = meta.storesUpperCaseIdentifiers();
    boolean lower = meta.storesLowerCaseIdentifiers();
    var sql = new StringBuilder();
    for (var part : parts) {
      var text = part.text;
      if (!part.quoted) {
        text = upper ? text.toUpperCase(Locale.ROOT) : lower ? text.toLowerCase(Locale.ROOT) : text;
      }
      if (sql.length() > 0) {
        sql.append('.');
      }
      if (q == null || q.isBlank()) {
        if (!text.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
          throw new IllegalArgumentException(
              "table name part cannot be quoted by this driver: " + text);
        }
        sql.append(text);
      } else {
        sql.append(q).append(text.replace(q, q + q)).append(q);
      }
    }
    return sql.toString();
  }

  /**
   * The parts of {@code name} as the database stores them (bare parts folded as it folds them),
   * unquoted: for looking the name up in {@link DatabaseMetaData}.
   */
  public static List<String> parts(String name, DatabaseMetaData meta) throws SQLException {
    boolean upper = meta.storesUpperCaseIdentifiers();
    boolean lower = meta.storesLowerCaseIdentifiers();
    var out = new ArrayList<String>();
    for (var part : parse(name)) {
      var text = part.text;
      if (!part.quoted) {
        text = upper ? text.toUpperCase(Locale.ROOT) : lower ? text.toLowerCase(Locale.ROOT) : text;
      }
      out.add(text);
    }
    return out;
  }

  /** A part of a name and whether the user quoted it. */
  record Part(String text, boolean quoted) {}

  static List<Part> parse(String name) {
    var parts = new ArrayList<Part>();
    int i = 0;
    int n = name.length();
    while (true) {
      if (i < n && name.charAt(i) == '"') {
        var text = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quote in table name: " + name);
          }
          char c = name.charAt(i++);
          if (c == '"') {
            if (i < n && name.charAt(i) == '"') {
              text.append('"');
              i++;
              continue;
            }
            break;
          }
          text.append(c);
        }
        parts.add(new Part(text.toString(), true));
      } else {
        int dot = name.indexOf('.', i);
        int end = dot < 0 ? n : dot;
        var text = name.substring(i, end).strip();
        if (text.indexOf('"') >= 0) {
          throw new IllegalArgumentException("misplaced quote in table name: " + name);
        }
        parts.add(new Part(text, false));
        i = end;
      }
      if (parts.getLast().text().isEmpty()) {
        throw new IllegalArgumentException("empty part in table name: " + name);
      }
      if (i >= n) {
        return parts;
      }
      if (name.charAt(i) != '.') {
        throw new IllegalArgumentException(
            "expected '.' after a quoted part of table name: " + name);
      }
      i++;
    }
  }
}
