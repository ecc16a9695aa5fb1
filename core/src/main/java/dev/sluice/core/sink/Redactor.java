package dev.sluice.core.sink;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Masks secrets in text a sink shows: the values of credential headers in a quoted response, the
 * user info and credential-like query values of a URL.
 */
final class Redactor {
  static final String MASK = "***";

  /** Names of headers and query parameters whose values are credentials. */
  private static final Pattern SECRET_NAME = Pattern.compile(
      "authorization|proxy-authorization|cookie|.*(token|key|secret|auth|password|passwd|session"
          + "|signature|credential).*",
      Pattern.CASE_INSENSITIVE);

  /**
   * Shorter secrets are not masked: masking every "ab" would mangle a message beyond use, and
   * hides little.
   */
  private static final int MIN_SECRET_LENGTH = 4;

  /** Longest first, so that a secret containing another is masked whole. */
  private final List<String> secrets;

  Redactor(List<String> secrets) {
    this.secrets = secrets.stream()
        .filter(s -> s.strip().length() >= MIN_SECRET_LENGTH)
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  static boolean looksSecret(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /** {@code text} with every secret replaced by {@link #MASK}. */
  String mask(String text) {
    var masked = text;
    for (var secret : secrets) {
      masked = masked.replace(secret, MASK);
      // A scheme-prefixed credential ("Bearer abc") may be echoed without its scheme.
      int space = secret.indexOf(' ');
      if (space > 0 && secret.length() - space > 4) {
        masked = masked.replace(secret.substring(space + 1), MASK);
      }
    }
    return masked;
  }

  /** {@code url} for messages: no user info, credential-like query values masked. */
  String url(URI url) {
    return mask(urlOf(url));
  }

  static String urlOf(URI url) {
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

  static URI withoutUserInfo(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority()
          .substring(url.getRawAuthority().indexOf('@') + 1)
          + (url.getRawPath() == null ? "" : url.getRawPath())
          + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
          + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL after removing its user info", e);
    }
  }
}
