package dev.sluice.core.source;

/**
 * The value of one column in the current row: filled by a source on every {@link Rows#next()}, read
 * by a format. There is one per column, reused for every row, so a row costs no allocation and only
 * one row is ever in memory.
 *
 * <p>A value has its column's {@link Kind}, fixed, and for each row either is null or holds the
 * value in one {@link Form}: a long, a double, a float, a boolean, an instant, UTF-8 bytes, a
 * String, raw bytes, a Java object or a list of {@link Elements}. Which forms a kind may take is
 * documented on {@link Form}; a format writes a kind from the forms it knows, so a source hands
 * over values as the driver delivered them (digits as received, a long as read) and never
 * re-encodes them for one format. Typed forms (long, double, boolean, instants, objects) are there
 * for formats that store types, such as Parquet; text forms keep a text format's fast path free of
 * parsing.
 *
 * <p>Bytes handed out by {@link #bytes()} belong to the source and are valid until the next row: a
 * format reads {@code bytes()[offset(), offset() + length())} and never keeps or changes them.
 *
 * <p>Not safe for use by more than one thread; the accessors are plain field reads, and do not
 * check the form: reading a form the value does not hold returns what an earlier row left.
 */
public final class Value {
  /** How a value is held for the current row. */
  public enum Form {
    /** {@link #longValue()}: {@code INTEGER}. */
    LONG,
    /** {@link #doubleValue()}: {@code FLOAT} read as a double. */
    DOUBLE,
    /** {@link #floatValue()}: {@code FLOAT} read as single precision (printed as a float). */
    FLOAT,
    /** {@link #booleanValue()}: {@code BOOLEAN}. */
    BOOLEAN,
    /** {@link #epochSecond()} and {@link #nano()}: an instant, {@code TIMESTAMPTZ}. */
    INSTANT,
    /**
     * {@link #bytes()}, {@link #offset()}, {@link #length()}: the value's text as UTF-8. Digits for
     * {@code INTEGER}, {@code DECIMAL} and {@code FLOAT} ({@code NaN}, {@code Infinity}, {@code
     * -Infinity} as words); ISO-8601 for dates, times and intervals (instants in UTC, ending in
     * {@code Z}); JSON text for {@code JSON}; the text itself for {@code STRING} and {@code UUID}.
     */
    TEXT,
    /** {@link #string()}: the same text as {@link #TEXT}, as a String. */
    STRING,
    /** {@link #bytes()}, {@link #offset()}, {@link #length()}: binary data ({@code BASE64}). */
    BYTES,
    /**
     * {@link #object()}: a Java object, written by its class: Boolean, Integer, Long, Double,
     * BigDecimal, String, byte[], java.time types, arrays of those (primitive or Object[], nested
     * for multi-dimensional arrays). Never a {@code java.sql} type.
     */
    OBJECT,
    /** {@link #elements()}: a list, possibly nested, of text elements ({@code ARRAY}). */
    ELEMENTS
  }

  private final Kind kind;
  private boolean isNull = true;

  /**
   * Stored only when it changes, which it seldom does from one row to the next: a reference store
   * costs a GC barrier, and every value of every row sets its form.
   */
  private Form form = Form.OBJECT;

  private long longValue;
  private double doubleValue;
  private float floatValue;
  private boolean booleanValue;
  private int nano;
  private byte[] bytes;
  private int offset;
  private int length;
  private String string;
  private Object object;
  private Elements elements;

  /** A null value of {@code kind}. */
  public Value(Kind kind) {
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /** The column's kind, the same for every row. */
  public Kind kind() {
    return kind;
  }

  /** Whether the current row's value is SQL NULL; no form is held then. */
  public boolean isNull() {
    return isNull;
  }

  /** The form the current row's value is held in; undefined when {@link #isNull()}. */
  public Form form() {
    return form;
  }

  public long longValue() {
    return longValue;
  }

  public double doubleValue() {
    return doubleValue;
  }

  public float floatValue() {
    return floatValue;
  }

  public boolean booleanValue() {
    return booleanValue;
  }

  /** The seconds since 1970-01-01T00:00:00Z of an {@link Form#INSTANT}. */
  public long epochSecond() {
    return longValue;
  }

  /** The nanoseconds within the second of an {@link Form#INSTANT}, 0 to 999,999,999. */
  public int nano() {
    return nano;
  }

  /** The array holding the text or binary bytes; see {@link #offset()} and {@link #length()}. */
  public byte[] bytes() {
    return bytes;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public String string() {
    return string;
  }

  public Object object() {
    return object;
  }

  /** The list of an {@link Form#ELEMENTS} value, to be read once. */
  public Elements elements() {
    return elements;
  }

  /** Makes the current row's value NULL. */
  public void setNull() {
    isNull = true;
  }

  public void setLong(long v) {
    longValue = v;
    if (form != Form.LONG) {
      form = Form.LONG;
    }
    isNull = false;
  }

  public void setDouble(double v) {
    doubleValue = v;
    if (form != Form.DOUBLE) {
      form = Form.DOUBLE;
    }
    isNull = false;
  }

  public void setFloat(float v) {
    floatValue = v;
    if (form != Form.FLOAT) {
      form = Form.FLOAT;
    }
    isNull = false;
  }

  public void setBoolean(boolean v) {
    booleanValue = v;
    if (form != Form.BOOLEAN) {
      form = Form.BOOLEAN;
    }
    isNull = false;
  }

  /** Holds an instant: seconds since the epoch and nanoseconds within the second. */
  public void setInstant(long epochSecond, int nano) {
    longValue = epochSecond;
    this.nano = nano;
    if (form != Form.INSTANT) {
      form = Form.INSTANT;
    }
    isNull = false;
  }

  /** Holds UTF-8 text {@code b[off, off + len)}, which stays the source's and is not copied. */
  public void setText(byte[] b, int off, int len) {
    if (bytes != b) {
      bytes = b; // Only a new array is stored: a reference store costs a GC barrier.
    }
    offset = off;
    length = len;
    if (form != Form.TEXT) {
      form = Form.TEXT;
    }
    isNull = false;
  }

  /** Holds text, or NULL when {@code s} is null. */
  public void setString(String s) {
    string = s;
    if (form != Form.STRING) {
      form = Form.STRING;
    }
    isNull = s == null;
  }

  /** Holds binary data {@code b[off, off + len)}, which stays the source's and is not copied. */
  public void setBytes(byte[] b, int off, int len) {
    if (bytes != b) {
      bytes = b;
    }
    offset = off;
    length = len;
    if (form != Form.BYTES) {
      form = Form.BYTES;
    }
    isNull = false;
  }

  /** Holds an object (see {@link Form#OBJECT}), or NULL when {@code o} is null. */
  public void setObject(Object o) {
    object = o;
    if (form != Form.OBJECT) {
      form = Form.OBJECT;
    }
    isNull = o == null;
  }

  /** Holds the list {@code e}, which the format reads once for this row. */
  public void setElements(Elements e) {
    if (elements != e) {
      elements = e;
    }
    if (form != Form.ELEMENTS) {
      form = Form.ELEMENTS;
    }
    isNull = false;
  }
}
