package dev.sluice.core.source;

/**
 * The elements of an array value as a sequence of tokens, read once, in order, by {@link #next()}:
 * {@link #START} and {@link #END} around each (nested) list, and between them {@link #NULL} or
 * {@link #VALUE} tokens whose text is {@code bytes()[offset(), offset() + length())}. The text of a
 * value has the array's element {@link #kind()} in {@link Value.Form#TEXT} form: digits for numbers
 * ({@code NaN}, {@code Infinity} as words), {@code true}/{@code false} for booleans, UTF-8 for
 * strings.
 *
 * <p>{@code {{1,2},{NULL,4}}} is START START 1 2 END START NULL 4 END END, then {@link #DONE}. A
 * source implements this over whatever holds the array, and takes it apart only as a format asks
 * for the next token: one pass, nothing stored per element. The same object may serve every row;
 * its bytes are valid until the next token.
 */
public abstract class Elements {
  public static final int START = 0;
  public static final int END = 1;
  public static final int NULL = 2;
  public static final int VALUE = 3;

  /** What {@link #next()} returns after the outermost {@link #END}. */
  public static final int DONE = -1;

  /** The kind of every element. */
  public abstract Kind kind();

  /**
   * Moves to the next token and returns its type: {@link #START}, {@link #END}, {@link #NULL},
   * {@link #VALUE}, or {@link #DONE} at the end of the array.
   */
  public abstract int next();

  /** The array holding the text of the current {@link #VALUE}. */
  public abstract byte[] bytes();

  public abstract int offset();

  public abstract int length();
}
