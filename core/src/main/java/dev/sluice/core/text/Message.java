package dev.sluice.core.text;

/**
 * The one line of a failure that a message shows. A driver's or server's message often carries more
 * lines ({@code Position: 15}, a hint, a stack of causes) that a one-line error leaves out; the
 * exception, kept as the cause, still has them.
 */
public final class Message {
  private Message() {}

  /** The first line of {@code e}'s message, stripped, or its simple class name when it has none. */
  public static String firstLine(Throwable e) {
    var m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : firstLine(m);
  }

  /** The first non-blank line of {@code text}, stripped; empty when there is none. */
  public static String firstLine(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
