package dev.sluice.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of everything the command prints. Every line written to stderr (progress
 * excepted, which holds only numbers) goes through {@link #mask}: it replaces the passwords the
 * command read (from a file or the environment) and any password a JDBC URL carries in its user
 * info ({@code //user:pw@host}) or its properties ({@code password=pw}, {@code pwd=pw}) with
 * {@code ***}. Safe to use from any thread.
 */
final class Secrets {
  static final String MASK = "***";

  // user:password@ after a "//" (jdbc:postgresql://u:pw@h/db, jdbc:mariadb://u:pw@h/db). The
  // password may hold anything but "@", "/" and whitespace.
  private static final Pattern USER_INFO = Pattern.compile("(//[^:/@\\s]*:)([^@/\\s]+)@");
  // password=... as a URL query or ;-separated property, up to the next separator.
  private static final Pattern PROPERTY =
      Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=\\s*)([^&;\\s,)\\]}'\"]+)");

  /** Secrets read by this run, never printed. */
  private final List<String> known = new CopyOnWriteArrayList<>();

  /** Remembers {@code secret} so that {@link #mask} hides it wherever it appears. */
  void add(char[] secret) {
    if (secret != null && secret.length > 0) {
      known.add(new String(secret));
    }
  }

  /**
   * Remembers the passwords a JDBC URL holds, so that {@link #mask} hides them even where a
   * driver quotes them out of their URL form (pgjdbc reports {@code //u:pw@h} as an unknown host
   * {@code u:pw@h}).
   */
  void addFromUrl(String url) {
    for (var pattern : new Pattern[] {USER_INFO, PROPERTY}) {
      var m = pattern.matcher(url);
      while (m.find()) {
        add(m.group(2).toCharArray());
      }
    }
  }

  /** {@code text} with every known password and every password in a JDBC URL masked. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    var masked = url(text);
    for (var secret : known) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }

  /** {@code text} with the passwords of any JDBC URLs in it masked, for echoing a URL. */
  static String url(String text) {
    var masked = USER_INFO.matcher(text)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return PROPERTY.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
  }
}
