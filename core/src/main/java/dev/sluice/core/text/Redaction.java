package dev.sluice.core.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what Sluice shows: every message, log line, destination and manifest goes
 * through one of these rules before anyone sees it, and each secret becomes {@value #MASK}.
 *
 * <ul>
 *   <li>{@link #passwords}: the passwords a URL carries, wherever the URL appears in a text: the
 *       user info of {@code //user:pw@host} and the values of {@code password=}, {@code pwd=},
 *       {@code secret...=} parameters or properties ({@code ?password=pw}, {@code ;PWD=pw}).
 *   <li>{@link #url}: an HTTP URL to show: without its user info, with the values of
 *       credential-like query parameters ({@link #looksSecret}) masked.
 *   <li>{@link #mask}: the secrets this redaction was told ({@link #add}: a password read from a
 *       file, a header value), wherever they appear, and the passwords of {@link #passwords}.
 * </ul>
 *
 * <p>An instance is safe to use from any thread; secrets can be added while others mask.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** {@code //user:secret@host}: the user info of a URL with an authority. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)([^/@\\s]*)@");

  /** {@code password=secret} in a query string, a property list, or text quoting either. */
  private static final Pattern PASSWORD =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret)[a-z_]*\\s*=\\s*)([^&;\\s]*)");

  /** Names of headers and query parameters whose values are credentials. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "authorization|proxy-authorization|cookie|.*(token|key|secret|auth|password|passwd|session"
              + "|signature|credential).*",
          Pattern.CASE_INSENSITIVE);

  /**
   * The secrets told, longest first, so that a secret containing another is masked whole; replaced
   * whole on each {@link #add}, never changed in place, so a mask in progress reads one list.
   */
  private final AtomicReference<List<String>> secrets = new AtomicReference<>(List.of());

  /** A redaction that knows no secrets yet. */
  public Redaction() {}

  /** A redaction that knows {@code secrets}. */
  public static Redaction of(List<String> secrets) {
    var r = new Redaction();
    secrets.forEach(r::add);
    return r;
  }

  /** Remembers {@code secret}, so that {@link #mask} hides it wherever it appears. */
  public void add(String secret) {
    if (secret == null || secret.isBlank()) {
      return;
    }
    secrets.updateAndGet(
        known -> {
          if (known.contains(secret)) {
            return known;
          }
          var sorted = new ArrayList<>(known);
          sorted.add(secret);
          sorted.sort(Comparator.comparingInt(String::length).reversed());
          return List.copyOf(sorted);
        });
  }

  /** Remembers the passwords {@code url} holds, also for where they appear out of it. */
  public void addFromUrl(String url) {
    for (var pattern : new Pattern[] {USER_INFO, PASSWORD}) {
      var m = pattern.matcher(url);
      while (m.find()) {
        add(m.group(2));
      }
    }
  }

  /** {@code text} with every secret told and every password in URL form masked. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    var masked = passwords(text);
    for (var secret : secrets.get()) {
      masked = masked.replace(secret, MASK);
      // A scheme-prefixed credential ("Bearer abc") may be echoed without its scheme.
      int space = secret.indexOf(' ');
      if (space > 0 && secret.length() - space > 4) {
        masked = masked.replace(secret.substring(space + 1), MASK);
      }
    }
    return masked;
  }

  /**
   * {@code text} with every password it holds in URL form masked: the user info of {@code
   * //user:pw@host} and {@code password=} parameters. Applies to any text, so a driver's message
   * that quotes the URL is safe to show after it.
   */
  public static String passwords(String text) {
    if (text == null) {
      return null;
    }
    var s =
        USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return PASSWORD.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
  }

  /** Whether a header or query parameter of this name holds a credential. */
  public static boolean looksSecret(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /** {@code url} to show: no user info, credential-like query values masked. */
  public static String url(URI url) {
    var shown = withoutUserInfo(url).toString();
    int q = shown.indexOf('?');
    if (q < 0) {
      return shown;
    }
    int hash = shown.indexOf('#', q);
    var query = hash < 0 ? shown.substring(q + 1) : shown.substring(q + 1, hash);
    var out = new StringBuilder(shown.substring(0, q + 1));
    var params = query.split("&", -1);
    for (int i = 0; i < params.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      int eq = params[i].indexOf('=');
      if (eq > 0 && looksSecret(params[i].substring(0, eq))) {
        out.append(params[i], 0, eq + 1).append(MASK);
      } else {
        out.append(params[i]);
      }
    }
    return out.append(hash < 0 ? "" : shown.substring(hash)).toString();
  }

  /**
   * {@code url} without its user info.
   *
   * @throws IllegalArgumentException if what is left is not a valid URL
   */
  public static URI withoutUserInfo(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(
          url.getScheme().toLowerCase(Locale.ROOT)
              + "://"
              + url.getRawAuthority().substring(url.getRawAuthority().indexOf('@') + 1)
              + (url.getRawPath() == null ? "" : url.getRawPath())
              + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
              + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL after removing its user info", e);
    }
  }
}
