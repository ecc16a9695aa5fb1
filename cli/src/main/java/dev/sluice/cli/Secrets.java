package dev.sluice.cli;

import dev.sluice.core.text.Redaction;

/**
 * Keeps passwords out of everything the command prints. Every line written to stderr (progress
 * excepted, which holds only numbers) goes through {@link #mask}: it replaces the passwords the
 * command read (from a file or the environment) and any password a JDBC URL carries in its user
 * info ({@code //user:pw@host}) or its properties ({@code password=pw}, {@code pwd=pw}) with {@code
 * ***}, by core's {@link Redaction} rules. Safe to use from any thread.
 */
final class Secrets {
  static final String MASK = Redaction.MASK;

  /** Secrets read by this run, never printed. */
  private final Redaction redaction = new Redaction();

  /** Remembers {@code secret} so that {@link #mask} hides it wherever it appears. */
  void add(char[] secret) {
    if (secret != null && secret.length > 0) {
      redaction.add(new String(secret));
    }
  }

  /**
   * Remembers the passwords a JDBC URL holds, so that {@link #mask} hides them even where a driver
   * quotes them out of their URL form (pgjdbc reports {@code //u:pw@h} as an unknown host {@code
   * u:pw@h}).
   */
  void addFromUrl(String url) {
    redaction.addFromUrl(url);
  }

  /** {@code text} with every known password and every password in a JDBC URL masked. */
  String mask(String text) {
    return redaction.mask(text);
  }

  /** {@code text} with the passwords of any JDBC URLs in it masked, for echoing a URL. */
  static String url(String text) {
    return Redaction.passwords(text);
  }
}
