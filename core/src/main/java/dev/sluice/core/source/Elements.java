package dev.sluice.core.source;

import java.util.Arrays;

/**
 * The elements of an array value as a flat sequence of tokens, reused every row: {@link #START}
 * and {@link #END} around each (nested) list, and between them {@link #NULL} or {@link #VALUE}
 * tokens whose text is {@code bytes(t)[offset(t), offset(t) + length(t))}. The text of a value
 * has the array's element {@link #kind()} in {@link Value.Form#TEXT} form: digits for numbers,
 * {@code true}/{@code false} for booleans, UTF-8 for strings.
 *
 * <p>{@code {{1,2},{NULL,4}}} is START START 1 2 END START NULL 4 END END. The bytes belong to the
 * source and are valid until the next row.
 */
public final class Elements {
  public static final byte START = 0;
  public static final byte END = 1;
  public static final byte NULL = 2;
  public static final byte VALUE = 3;

  private final Kind kind;
  private int size;
  private byte[] types = new byte[16];
  private byte[][] arrays = new byte[16][];
  private int[] offsets = new int[16];
  private int[] lengths = new int[16];

  Elements(Kind kind) {
    this.kind = kind;
  }

  /** The kind of every element. */
  public Kind kind() {
    return kind;
  }

  /** The number of tokens. */
  public int size() {
    return size;
  }

  /** The type of token {@code t}: {@link #START}, {@link #END}, {@link #NULL} or {@link #VALUE}. */
  public byte type(int t) {
    return types[t];
  }

  public byte[] bytes(int t) {
    return arrays[t];
  }

  public int offset(int t) {
    return offsets[t];
  }

  public int length(int t) {
    return lengths[t];
  }

  void clear() {
    size = 0;
  }

  /** Opens a list. */
  public void start() {
    add(START, null, 0, 0);
  }

  /** Closes the list opened last. */
  public void end() {
    add(END, null, 0, 0);
  }

  /** Adds a NULL element. */
  public void addNull() {
    add(NULL, null, 0, 0);
  }

  /** Adds an element whose text is {@code b[off, off + len)}, which is not copied. */
  public void add(byte[] b, int off, int len) {
    add(VALUE, b, off, len);
  }

  private void add(byte type, byte[] b, int off, int len) {
    int t = size;
    if (t == types.length) {
      int n = t * 2;
      types = Arrays.copyOf(types, n);
      arrays = Arrays.copyOf(arrays, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
    }
    types[t] = type;
    arrays[t] = b;
    offsets[t] = off;
    lengths[t] = len;
    size = t + 1;
  }
}
