package dev.sluice.core.format;

import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Kind;
import java.nio.charset.StandardCharsets;

/**
 * A list given as its {@link Elements} tokens: the Integer constants for its structure (START, END,
 * NULL), and the text of each VALUE as a String.
 */
final class Tokens extends Elements {
  private final Kind kind;
  private final Object[] tokens;
  private int t;
  private byte[] text;

  Tokens(Kind kind, Object... tokens) {
    this.kind = kind;
    this.tokens = tokens;
  }

  /** From the first token again, for the next value that holds it. */
  Tokens rewound() {
    t = 0;
    return this;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public int next() {
    if (t == tokens.length) {
      return DONE;
    }
    Object token = tokens[t++];
    if (token instanceof String s) {
      text = s.getBytes(StandardCharsets.UTF_8);
      return VALUE;
    }
    return (Integer) token;
  }

  @Override
  public byte[] bytes() {
    return text;
  }

  @Override
  public int offset() {
    return 0;
  }

  @Override
  public int length() {
    return text.length;
  }
}
