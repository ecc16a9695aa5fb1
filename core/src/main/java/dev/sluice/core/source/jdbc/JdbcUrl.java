package dev.sluice.core.source.jdbc;

import dev.sluice.core.text.Redaction;
import java.util.Locale;
import java.util.regex.Pattern;

/** What Sluice reads from a JDBC URL: where it points, and a form of it safe to show. */
final class JdbcUrl {
  /** {@code jdbc:vendor[:sub]://host[:port]}, the host possibly in brackets (IPv6). */
  private static final Pattern AUTHORITY =
      Pattern.compile(
          "^jdbc:([a-z0-9]+)(?::[a-z0-9]+)*://(?:[^@/]*@)?(\\[[^\\]]+\\]|[^/:?;,]+)"
              + "(?::(\\d+))?",
          Pattern.CASE_INSENSITIVE);

  private JdbcUrl() {}

  /**
   * Returns {@code text} with every password it holds in URL form replaced by {@code ***}: the user
   * info of {@code //user:pw@host} and {@code password=} parameters. Applies to any text, so a
   * driver's message that quotes the URL is safe to show after it.
   */
  static String redact(String text) {
    return Redaction.passwords(text);
  }

  /**
   * Returns {@code host:port} of a URL with an authority, with the vendor's default port when the
   * URL has none; or null for URLs without a host (SQLite, H2 files, unknown shapes).
   */
  static String hostPort(String url) {
    var m = AUTHORITY.matcher(url);
    if (!m.find()) {
      return null;
    }
    var port = m.group(3);
    if (port == null) {
      port =
          switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "postgresql" -> "5432";
            case "mariadb", "mysql" -> "3306";
            case "sqlserver" -> "1433";
            default -> null;
          };
    }
    return port == null ? m.group(2) : m.group(2) + ":" + port;
  }

  /** The host of a URL with an authority, or null. */
  static String host(String url) {
    var m = AUTHORITY.matcher(url);
    return m.find() ? m.group(2) : null;
  }
}
